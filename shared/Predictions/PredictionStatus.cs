namespace FashionServerless.Shared.Predictions;

/// <summary>The <see cref="PredictionRecord.Status"/> values.</summary>
public static class PredictionStatus
{
    /// <summary>The image was classified; the record has labels and scores.</summary>
    public const string Classified = "classified";

    /// <summary>The upload is not an acceptable image; the record has the reason code and message. Never retried.</summary>
    public const string Rejected = "rejected";
}
