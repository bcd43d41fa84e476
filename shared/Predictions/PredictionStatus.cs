namespace FashionServerless.Shared.Predictions;

/// <summary>The <see cref="PredictionRecord.Status"/> values.</summary>
public static class PredictionStatus
{
    /// <summary>The image was classified; the record has labels and scores.</summary>
    public const string Classified = "classified";

    /// <summary>
    /// The image was scored, but a group's best score fell below the model's floor for it (for example a photo of
    /// something that is not black or blue apparel): the record has the scores and names only the confident groups' labels.
    /// </summary>
    public const string Uncertain = "uncertain";

    /// <summary>The upload is not an acceptable image; the record has the reason code and message. Never retried.</summary>
    public const string Rejected = "rejected";
}
