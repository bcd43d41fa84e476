using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// The evaluation engine: scores one or more served models (<see cref="OnnxClassifier"/>, exactly as the functions run
/// them) on a labelled image set, streamed a page and a batch at a time, so memory is one batch of encoded images and
/// one <c>[N,3,H,W]</c> buffer per model whatever the set holds. The promotion gate, <c>evaluate</c>,
/// <c>evaluate --write-metrics</c> and the timer all score through it; training's own figures go through its
/// <see cref="ScoreTally"/>. Several models are scored in one pass over the images (each is downloaded once), and each
/// exactly as it would be alone: with its own labels, preprocessing and decision rule (<see cref="LabelledImagePath"/>).
/// </summary>
public sealed class LabelledSetEvaluator
{
    private readonly IReadOnlyList<OnnxClassifier> _models;
    private readonly EvaluationOptions _options;
    private readonly ILogger _logger;

    public LabelledSetEvaluator(IReadOnlyList<OnnxClassifier> models, EvaluationOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(options);
        if (models.Count == 0)
        {
            throw new ArgumentException("Give at least one model to evaluate.", nameof(models));
        }

        _models = [.. models];
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Scores every model on <paramref name="source"/>. Safe to call again, also concurrently.</summary>
    /// <exception cref="DirectoryNotFoundException">The source does not exist.</exception>
    /// <exception cref="InvalidDataException">A model's manifest cannot decide labels.</exception>
    public Task<LabelledSetEvaluation> EvaluateAsync(IEvaluationImageSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new Pass(_models, _options, _logger).RunAsync(source, cancellationToken);
    }

    /// <summary>One evaluation: the batch in flight and each model's tally.</summary>
    private sealed class Pass
    {
        private readonly ModelSlot[] _models;
        private readonly EvaluationOptions _options;
        private readonly ILogger _logger;
        private readonly List<Pending> _batch = [];
        private readonly long _maxBytes;

        public Pass(IReadOnlyList<OnnxClassifier> models, EvaluationOptions options, ILogger logger)
        {
            _models = [.. models.Select((model, index) => new ModelSlot(model, index, options.BatchSize))];
            _options = options;
            _logger = logger;
            _maxBytes = models.Max(m => m.Preprocessor.Limits.MaxBytes);
        }

        public async Task<LabelledSetEvaluation> RunAsync(IEvaluationImageSource source, CancellationToken cancellationToken)
        {
            long listed = 0;
            await foreach (EvaluationImageEntry entry in source.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                listed++;
                if (Label(entry) is Pending pending)
                {
                    _batch.Add(pending);
                    if (_batch.Count == _options.BatchSize)
                    {
                        await ScoreBatchAsync(source, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            if (_batch.Count > 0)
            {
                await ScoreBatchAsync(source, cancellationToken).ConfigureAwait(false);
            }

            return new LabelledSetEvaluation(source.Description, listed, [.. _models.Select(m => m.Result())]);
        }

        /// <summary>The entry's targets for each model that can be scored on it; null when none can (each model's skip is recorded).</summary>
        private Pending? Label(EvaluationImageEntry entry)
        {
            (ClassName? className, SkippedFile? skip) = LabelledImagePath.Parse(entry.Path);
            var targets = new float[]?[_models.Length];
            for (int m = 0; m < _models.Length; m++)
            {
                if (skip is not null)
                {
                    Skip(_models[m], skip);
                    continue;
                }

                (targets[m], SkippedFile? unknown) = LabelledImagePath.Targets(entry.Path, className!.Value, _models[m].LabelIndex, _models[m].Version);
                if (unknown is not null)
                {
                    Skip(_models[m], unknown);
                }
            }

            return targets.Any(t => t is not null) ? new Pending(entry, targets) : null;
        }

        private async Task ScoreBatchAsync(IEvaluationImageSource source, CancellationToken cancellationToken)
        {
            int count = _batch.Count;
            var images = new ReadOnlyMemory<byte>[count];
            var unread = new SkippedFile?[count];
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
                async (i, token) => (images[i], unread[i]) = await ReadAsync(source, _batch[i].Entry, token).ConfigureAwait(false)).ConfigureAwait(false);

            foreach (ModelSlot model in _models)
            {
                ScoreBatch(model, images, unread);
            }

            _batch.Clear();
        }

        private async Task<(ReadOnlyMemory<byte> Image, SkippedFile? Unread)> ReadAsync(IEvaluationImageSource source, EvaluationImageEntry entry, CancellationToken cancellationToken)
        {
            // Oversized images are refused from the listing's size by each model below, never read.
            if (entry.Length > _maxBytes)
            {
                return (ReadOnlyMemory<byte>.Empty, null);
            }

            try
            {
                return await source.ReadAsync(entry, cancellationToken).ConfigureAwait(false) is ReadOnlyMemory<byte> image
                    ? (image, null)
                    : (ReadOnlyMemory<byte>.Empty, new SkippedFile(entry.Path, "missing", "The image was deleted while the evaluation ran."));
            }
            catch (IOException ex)
            {
                return (ReadOnlyMemory<byte>.Empty, new SkippedFile(entry.Path, "unreadable", ex.Message));
            }
        }

        private void ScoreBatch(ModelSlot model, ReadOnlyMemory<byte>[] images, SkippedFile?[] unread)
        {
            int count = _batch.Count;
            long maxBytes = model.Classifier.Preprocessor.Limits.MaxBytes;
            var usable = new bool[count];
            var inputs = new ReadOnlyMemory<byte>[count];
            for (int i = 0; i < count; i++)
            {
                Pending pending = _batch[i];
                if (pending.Targets[model.Index] is null)
                {
                    continue;
                }

                if (unread[i] is SkippedFile gone)
                {
                    Skip(model, gone);
                }
                else if (pending.Entry.Length > maxBytes)
                {
                    Skip(model, new SkippedFile(pending.Entry.Path, ImageRejectionReason.TooLarge.ToCode(),
                        $"The image is {pending.Entry.Length} bytes, over the limit of {maxBytes} bytes."));
                }
                else
                {
                    (usable[i], inputs[i]) = (true, images[i]);
                }
            }

            if (!usable.Any(u => u))
            {
                return;
            }

            int values = model.Classifier.ValuesPerImage;
            Memory<float> buffer = model.Buffer.AsMemory(0, count * values);
            BatchPreprocessResult preprocessed = model.Classifier.Preprocessor.PreprocessBatch(inputs, buffer, _options.Parallelism);
            IReadOnlyList<Prediction> predictions = model.Classifier.ClassifyBatch(buffer, count);
            IReadOnlyList<string> labels = model.Classifier.Manifest.Labels;
            Span<float> scores = labels.Count <= 256 ? stackalloc float[labels.Count] : new float[labels.Count];
            for (int i = 0; i < count; i++)
            {
                if (!usable[i])
                {
                    continue;
                }

                if (preprocessed.RejectionAt(i) is { } rejection)
                {
                    Skip(model, new SkippedFile(_batch[i].Entry.Path, rejection.ReasonCode, rejection.Message));
                    continue;
                }

                for (int l = 0; l < labels.Count; l++)
                {
                    scores[l] = predictions[i].Scores[labels[l]];
                }

                model.Tally.Add(_batch[i].Targets[model.Index], scores);
            }
        }

        private void Skip(ModelSlot model, SkippedFile skip)
        {
            EvaluationLog.ImageRejected(_logger, model.Version, skip.Path, skip.Reason, skip.Message);
            model.Skipped.Add(skip);
        }
    }

    private sealed record Pending(EvaluationImageEntry Entry, float[]?[] Targets);

    private sealed class ModelSlot
    {
        public ModelSlot(OnnxClassifier classifier, int index, int batchSize)
        {
            Classifier = classifier ?? throw new ArgumentNullException(nameof(classifier));
            Index = index;
            Tally = ScoreTally.For(classifier.Manifest);
            LabelIndex = classifier.Manifest.Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
            Buffer = new float[batchSize * classifier.ValuesPerImage];
        }

        public OnnxClassifier Classifier { get; }

        public int Index { get; }

        public string Version => Classifier.Manifest.Version;

        public ScoreTally Tally { get; }

        public IReadOnlyDictionary<string, int> LabelIndex { get; }

        public float[] Buffer { get; }

        public List<SkippedFile> Skipped { get; } = [];

        public ModelEvaluation Result() => new(Version, Tally.ToMetrics(), Tally.Count, Tally.Uncertain, Skipped);
    }
}
