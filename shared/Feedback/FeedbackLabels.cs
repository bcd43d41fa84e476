using FashionServerless.Shared.Labels;

namespace FashionServerless.Shared.Feedback;

/// <summary>Checks a reviewer's labels against a model's exclusive label groups: exactly one colour and one garment.</summary>
public static class FeedbackLabels
{
    /// <summary>The labels, distinct and in <paramref name="labelOrder"/>.</summary>
    /// <param name="labels">What the reviewer wrote; case and surrounding spaces are ignored.</param>
    /// <param name="labelOrder">The model's labels in output order.</param>
    /// <param name="groups">The model's exclusive groups; every label is in one.</param>
    /// <exception cref="FeedbackRejectedException">No labels, an unknown label, two labels of one group, or a group without one.</exception>
    public static IReadOnlyList<string> Validate(IEnumerable<string> labels, IReadOnlyList<string> labelOrder, IReadOnlyList<LabelGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(labelOrder);
        ArgumentNullException.ThrowIfNull(groups);
        string[] given = [.. labels.Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];
        if (given.Length == 0)
        {
            throw new FeedbackRejectedException("no_labels", "No labels given; name one of each group, e.g. blue,dress.");
        }

        string? unknown = given.FirstOrDefault(l => !labelOrder.Contains(l, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw new FeedbackRejectedException("unknown_label",
                $"'{unknown}' is not a label of the model; known labels: {Describe(groups)}.");
        }

        foreach (LabelGroup group in groups)
        {
            string[] inGroup = [.. group.Labels.Where(given.Contains)];
            if (inGroup.Length > 1)
            {
                throw new FeedbackRejectedException("conflicting_labels",
                    $"'{inGroup[0]}' and '{inGroup[1]}' are both a {group.Name}; a photo has exactly one {group.Name} ({string.Join(", ", group.Labels)}).");
            }

            if (inGroup.Length == 0)
            {
                throw new FeedbackRejectedException("missing_label",
                    $"No {group.Name} given; name exactly one of {string.Join(", ", group.Labels)}.");
            }
        }

        return [.. labelOrder.Where(given.Contains)];
    }

    private static string Describe(IReadOnlyList<LabelGroup> groups) =>
        string.Join("; ", groups.Select(g => $"{g.Name} {string.Join(", ", g.Labels)}"));
}
