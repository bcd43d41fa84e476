using System.ComponentModel.DataAnnotations;

namespace FashionServerless.Shared.Serving;

/// <summary>How a serving instance follows the registry's <c>current.json</c>; bound from <c>FashionServerless:Model</c>.</summary>
public sealed class CurrentModelOptions
{
    public const string SectionName = "FashionServerless:Model";

    /// <summary>
    /// At most how often the pointer's ETag is checked, in seconds (default 30). 0 checks on every call, which tests
    /// use; the check is one properties request, so a day is the most that makes sense.
    /// </summary>
    [Range(0, 86_400)]
    public int ReloadIntervalSeconds { get; set; } = 30;

    /// <summary>ONNX Runtime intra-op threads per inference; 0 keeps the classifier's default.</summary>
    [Range(0, 64)]
    public int IntraOpThreads { get; set; }
}
