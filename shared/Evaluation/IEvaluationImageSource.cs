namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// Labelled images laid out as <c>&lt;colour&gt;_&lt;garment&gt;/&lt;file&gt;</c> under some root (a container, a prefix,
/// a local folder, a run's held-out split), listed lazily so the engine never holds more than a batch.
/// </summary>
public interface IEvaluationImageSource
{
    /// <summary>Where the images come from, for messages: a container URI, a folder path, a split.</summary>
    string Description { get; }

    /// <summary>Every entry under the root, in a stable order; the engine decides which of them are labelled images.</summary>
    /// <exception cref="DirectoryNotFoundException">The container or folder does not exist.</exception>
    IAsyncEnumerable<EvaluationImageEntry> ListAsync(CancellationToken cancellationToken);

    /// <summary>One entry's bytes, or null when it vanished since it was listed. Must be safe to call concurrently.</summary>
    /// <exception cref="IOException">The entry exists but cannot be read.</exception>
    Task<ReadOnlyMemory<byte>?> ReadAsync(EvaluationImageEntry entry, CancellationToken cancellationToken);
}
