using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Predictions;

/// <summary>What a pass over the uploads container did.</summary>
/// <param name="Classified">Records written for images.</param>
/// <param name="Rejected">Records written for bad uploads.</param>
/// <param name="Duplicates">Uploads whose record already covered them.</param>
/// <param name="SourceMissing">Uploads deleted while the pass ran.</param>
/// <param name="Failures">Uploads that failed transiently (path, <c>transient</c>, message); they have no new record.</param>
public sealed record ContainerClassificationSummary(int Classified, int Rejected, int Duplicates, int SourceMissing, IReadOnlyList<SkippedFile> Failures);
