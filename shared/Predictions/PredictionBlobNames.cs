using Azure;

namespace FashionServerless.Shared.Predictions;

/// <summary>Where records live and how a record remembers what it was made from.</summary>
public static class PredictionBlobNames
{
    /// <summary>Record blob metadata: the upload ETag the record was made from.</summary>
    public const string SourceETagMetadata = "sourceetag";

    /// <summary>Record blob metadata: the model version that made it.</summary>
    public const string ModelVersionMetadata = "modelversion";

    private const string Suffix = ".json";

    /// <summary>The record of upload <paramref name="uploadBlobName"/>: the same path plus <c>.json</c>.</summary>
    public static string RecordFor(string uploadBlobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadBlobName);
        return uploadBlobName + Suffix;
    }

    /// <summary>The upload a record blob belongs to.</summary>
    /// <exception cref="ArgumentException">The name does not end in <c>.json</c>.</exception>
    public static string SourceOf(string recordBlobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordBlobName);
        return recordBlobName.EndsWith(Suffix, StringComparison.Ordinal) && recordBlobName.Length > Suffix.Length
            ? recordBlobName[..^Suffix.Length]
            : throw new ArgumentException($"'{recordBlobName}' is not a prediction record name (<upload path>.json).", nameof(recordBlobName));
    }

    /// <summary>An ETag as records store it: without the quotes of the HTTP header, so it is a plain metadata value.</summary>
    public static string FormatETag(ETag etag) => etag.ToString().Trim('"');
}
