namespace FashionServerless.Shared.Evaluation;

/// <summary>One entry of an <see cref="IEvaluationImageSource"/>.</summary>
/// <param name="Path">Relative to the source's root (<c>black_dress/1.jpg</c>): its labels come from it, and reports name it.</param>
/// <param name="Location">Where the source reads it (a full blob name, a file path).</param>
/// <param name="Length">Its size in bytes from the listing, so an oversized image is refused before it is read.</param>
public sealed record EvaluationImageEntry(string Path, string Location, long Length);
