namespace FashionServerless.Shared.Predictions;

/// <summary>What handling one upload did.</summary>
public enum PredictionOutcome
{
    /// <summary>Classified; a record was written.</summary>
    Classified,

    /// <summary>Not an acceptable image; a <c>rejected</c> record was written.</summary>
    Rejected,

    /// <summary>A record for the same upload ETag and model version exists already; it was not rewritten (the upload's tags were made to follow it).</summary>
    Duplicate,

    /// <summary>The upload was deleted before it could be read; there is nothing to classify.</summary>
    SourceMissing,
}
