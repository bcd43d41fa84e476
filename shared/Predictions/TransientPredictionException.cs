namespace FashionServerless.Shared.Predictions;

/// <summary>
/// An upload could not be handled for a reason that may pass (storage unavailable, no model promoted yet, a concurrent
/// writer): the blob trigger lets it propagate so the host retries and, past its limit, moves it to the poison queue.
/// </summary>
public sealed class TransientPredictionException : Exception
{
    public TransientPredictionException()
    {
    }

    public TransientPredictionException(string message)
        : base(message)
    {
    }

    public TransientPredictionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The upload's blob name.</summary>
    public string? UploadName { get; init; }
}
