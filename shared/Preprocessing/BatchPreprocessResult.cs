namespace FashionServerless.Shared.Preprocessing;

/// <summary>The outcome of <see cref="ImagePreprocessor.PreprocessBatch"/>: which slots hold an image and why the others do not.</summary>
public sealed class BatchPreprocessResult
{
    private readonly ImageRejectedException?[] _rejectionByIndex;

    internal BatchPreprocessResult(int count, ImageRejectedException?[] rejectionByIndex)
    {
        Count = count;
        _rejectionByIndex = rejectionByIndex;
        Rejections = [.. rejectionByIndex.Select((error, index) => (error, index)).Where(p => p.error is not null).Select(p => new BatchImageRejection(p.index, p.error!))];
    }

    /// <summary>How many slots were written (the number of inputs).</summary>
    public int Count { get; }

    /// <summary>The rejected inputs in index order; their slots are zero-filled.</summary>
    public IReadOnlyList<BatchImageRejection> Rejections { get; }

    public int AcceptedCount => Count - Rejections.Count;

    public bool AllAccepted => Rejections.Count == 0;

    /// <summary>Why input <paramref name="index"/> was rejected, or null when its slot holds the image.</summary>
    public ImageRejectedException? RejectionAt(int index) => _rejectionByIndex[index];
}
