using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using Microsoft.ML.OnnxRuntime;

namespace FashionServerless.Shared.Inference;

/// <summary>
/// Serves one model version: a single thread-safe ONNX Runtime session, checked at load against the manifest
/// (SHA-256, input/output names and shapes), fed with exactly the preprocessing the model was trained with.
/// All classify methods may be called concurrently.
/// </summary>
public sealed class OnnxClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly SessionOptions _sessionOptions;
    private readonly ScoreInterpreter _interpreter;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private bool _disposed;

    private OnnxClassifier(InferenceSession session, SessionOptions sessionOptions, ModelManifest manifest, ScoreInterpreter interpreter, ImageLimits limits)
    {
        _session = session;
        _sessionOptions = sessionOptions;
        _interpreter = interpreter;
        Manifest = manifest;
        Preprocessor = new ImagePreprocessor(manifest.Preprocessing, limits);
        _inputNames = [manifest.Onnx.InputName];
        _outputNames = [manifest.Onnx.OutputName];
    }

    public ModelManifest Manifest { get; }

    /// <summary>The preprocessor built from the manifest's spec; use it to fill batch buffers for <see cref="ClassifyBatch"/>.</summary>
    public ImagePreprocessor Preprocessor { get; }

    public int ValuesPerImage => Manifest.Preprocessing.ValuesPerImage;

    /// <summary>How long <see cref="Load"/> spent checking the model's SHA-256.</summary>
    public TimeSpan HashCheckDuration { get; private init; }

    /// <summary>How long <see cref="Load"/> spent creating the ONNX Runtime session and checking its interface.</summary>
    public TimeSpan SessionCreationDuration { get; private init; }

    /// <summary>Loads a model from its bytes after checking them against the manifest.</summary>
    /// <exception cref="ModelLoadException">Hash, graph interface or manifest do not hold; the model must not serve.</exception>
    public static OnnxClassifier Load(byte[] model, ModelManifest manifest, OnnxClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        options ??= OnnxClassifierOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IntraOpThreads, 1, nameof(options));

        long started = Stopwatch.GetTimestamp();
        string actual = ModelHash.Sha256(model);
        TimeSpan hashCheck = Stopwatch.GetElapsedTime(started);
        if (!ModelHash.Matches(manifest.Sha256, actual))
        {
            throw new ModelLoadException(ModelLoadFailure.IntegrityMismatch, manifest.Version,
                $"the model's SHA-256 is {actual} but the manifest records {manifest.Sha256}.");
        }

        if (!manifest.Preprocessing.IsVersionSupported)
        {
            throw new ModelLoadException(ModelLoadFailure.UnsupportedPreprocessing, manifest.Version,
                $"it was trained with preprocessing version {manifest.Preprocessing.Version}, which this build cannot run "
                + $"(supported: {string.Join(", ", PreprocessingSpec.SupportedVersions)}); deploy a build that knows it, or promote another model.");
        }

        var interpreter = new ScoreInterpreter(manifest);
        // Session options are the first ONNX Runtime call of a process, which loads the native library: session creation.
        started = Stopwatch.GetTimestamp();
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        string spinning = options.AllowSpinning ? "1" : "0";
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning);
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", spinning);
        InferenceSession? session = null;
        try
        {
            session = new InferenceSession(model, sessionOptions);
            ModelInterfaceCheck.Verify(session, manifest);
            return new OnnxClassifier(session, sessionOptions, manifest, interpreter, options.ImageLimits)
            {
                HashCheckDuration = hashCheck,
                SessionCreationDuration = Stopwatch.GetElapsedTime(started),
            };
        }
        catch (OnnxRuntimeException ex)
        {
            session?.Dispose();
            sessionOptions.Dispose();
            throw new ModelLoadException(ModelLoadFailure.InvalidModel, manifest.Version, $"ONNX Runtime cannot load it: {ex.Message}", ex);
        }
        catch
        {
            session?.Dispose();
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="Load(byte[], ModelManifest, OnnxClassifierOptions?)"/>
    public static async Task<OnnxClassifier> LoadFileAsync(string path, ModelManifest manifest, OnnxClassifierOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] model = await File.ReadAllBytesAsync(path, cancellationToken);
        return Load(model, manifest, options);
    }

    /// <summary>Classifies one preprocessed image, <c>[3,H,W]</c> values.</summary>
    public Prediction Classify(ReadOnlySpan<float> chw)
    {
        if (chw.Length != ValuesPerImage)
        {
            throw new ArgumentException($"One image is {ValuesPerImage} values ([3,{Manifest.Preprocessing.Height},{Manifest.Preprocessing.Width}]); got {chw.Length}.", nameof(chw));
        }

        // ORT needs pinnable memory; a span may live on the stack, so it is copied once into a pooled buffer.
        float[] buffer = ArrayPool<float>.Shared.Rent(chw.Length);
        try
        {
            chw.CopyTo(buffer);
            return ClassifyBatch(buffer.AsMemory(0, chw.Length), 1)[0];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Classifies <paramref name="count"/> preprocessed images, <c>[N,3,H,W]</c> values back to back, without copying them.</summary>
    public IReadOnlyList<Prediction> ClassifyBatch(ReadOnlyMemory<float> nchw, int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (nchw.Length != (long)count * ValuesPerImage)
        {
            throw new ArgumentException($"{count} images are {(long)count * ValuesPerImage} values; got {nchw.Length}.", nameof(nchw));
        }

        PreprocessingSpec spec = Manifest.Preprocessing;
        // ORT only reads its inputs, so viewing the read-only memory as writable for the wrapper is safe.
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(nchw),
            [count, 3, spec.Height, spec.Width]);
        using RunOptions runOptions = new();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, _inputNames, [input], _outputNames);
        ReadOnlySpan<float> scores = outputs[0].GetTensorDataAsSpan<float>();
        int labels = _interpreter.LabelCount;
        var predictions = new Prediction[count];
        for (int i = 0; i < count; i++)
        {
            predictions[i] = _interpreter.Interpret(scores.Slice(i * labels, labels));
        }

        return predictions;
    }

    /// <summary>Preprocesses an encoded image with the manifest's spec and classifies it.</summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    public Prediction ClassifyImage(ReadOnlySpan<byte> encoded)
    {
        float[] buffer = ArrayPool<float>.Shared.Rent(ValuesPerImage);
        try
        {
            Preprocessor.PreprocessInto(encoded, buffer.AsSpan(0, ValuesPerImage));
            return ClassifyBatch(buffer.AsMemory(0, ValuesPerImage), 1)[0];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc cref="ClassifyImage"/>
    public async Task<Prediction> ClassifyImageAsync(Stream image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        // Pooled: one image's values are over 85,000 bytes, so a fresh array per request would be a large-object
        // allocation that only a full garbage collection frees.
        float[] buffer = ArrayPool<float>.Shared.Rent(ValuesPerImage);
        try
        {
            await Preprocessor.PreprocessIntoAsync(image, buffer.AsMemory(0, ValuesPerImage), cancellationToken);
            return ClassifyBatch(buffer.AsMemory(0, ValuesPerImage), 1)[0];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session.Dispose();
        _sessionOptions.Dispose();
    }
}
