using FashionServerless.Shared.Inference;

namespace FashionServerless.Shared.Serving;

/// <summary>
/// The model one call uses, kept alive until the lease is disposed even if a newer version swaps in meanwhile.
/// Dispose it when the call ends; do not keep the classifier beyond it.
/// </summary>
public sealed class ModelLease : IDisposable
{
    private ServingModel? _model;

    internal ModelLease(ServingModel model)
    {
        _model = model;
        Classifier = model.Classifier;
    }

    public OnnxClassifier Classifier { get; }

    public string Version => Classifier.Manifest.Version;

    public void Dispose() => Interlocked.Exchange(ref _model, null)?.Release();
}
