using System.Text.Json.Serialization;

namespace FashionServerless.Shared.Decisions;

/// <summary>How sigmoid scores become labels; recorded in every manifest so training, evaluation and serving agree.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DecisionRuleKind>))]
public enum DecisionRuleKind
{
    /// <summary>Each label on its own: predicted when its score reaches its per-label threshold (models before groups were exclusive).</summary>
    [JsonStringEnumMemberName("thresholds")]
    Thresholds,

    /// <summary>
    /// Exactly one label per exclusive group (one colour, one garment): the group's highest score, unless that score is
    /// below the group's floor, when the group is <c>uncertain</c> and names no label.
    /// </summary>
    [JsonStringEnumMemberName("groupArgmax")]
    GroupArgmax,
}
