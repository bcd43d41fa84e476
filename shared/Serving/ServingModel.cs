using Azure;
using FashionServerless.Shared.Inference;

namespace FashionServerless.Shared.Serving;

/// <summary>
/// One loaded model version with a reference count: the provider holds one reference while it is current, and each
/// lease holds one, so a replaced model's session is disposed only after its last in-flight call ends.
/// </summary>
internal sealed class ServingModel(OnnxClassifier classifier, ETag pointerETag)
{
    private int _references = 1;

    public OnnxClassifier Classifier { get; } = classifier;

    public ETag PointerETag { get; } = pointerETag;

    public string Version => Classifier.Manifest.Version;

    /// <summary>Takes a reference unless the model was already released for good (then the caller reads current again).</summary>
    public bool TryAddReference()
    {
        int seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            int previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Classifier.Dispose();
        }
    }
}
