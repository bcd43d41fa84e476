using FashionServerless.Shared.Decisions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Preprocessing;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// Scores a model on a labelled container (<c>&lt;colour&gt;_&lt;garment&gt;/&lt;file&gt;</c>) a page and a batch at a time:
/// memory is one batch of encoded images and one <c>[N,3,H,W]</c> buffer, whatever the container holds.
/// Every blob ends up either in the metrics or in <see cref="Rejected"/> with its reason.
/// </summary>
internal sealed class LabelledImageScorer
{
    private readonly OnnxClassifier _classifier;
    private readonly EvaluationOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, int> _labelIndex;
    private readonly float[] _buffer;
    private readonly List<(string Name, float[] Targets, long Length)> _batch = [];
    private readonly List<SkippedFile> _rejected = [];

    public LabelledImageScorer(OnnxClassifier classifier, EvaluationOptions options, ILogger logger)
    {
        _classifier = classifier;
        _options = options;
        _logger = logger;
        ModelManifest manifest = classifier.Manifest;
        _labelIndex = manifest.Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => p.i, StringComparer.Ordinal);
        string[] groupOrder = [LabelSchema.ColourGroup, LabelSchema.GarmentGroup];
        LabelGroup[] groups = [.. manifest.Groups
            .OrderBy(g => Array.IndexOf(groupOrder, g.Key) is int i && i >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LabelGroup(g.Key, g.Value))];
        // The model's own decision rule (group argmax, or per-label thresholds for manifests that predate the rule).
        Accumulator = new MultiLabelMetricsAccumulator(new LabelDecider(manifest.Labels, groups,
            manifest.Decision ?? new DecisionRule { Rule = DecisionRuleKind.Thresholds },
            manifest.Decision is null ? [.. manifest.Labels.Select(l => manifest.Thresholds[l])] : null));
        _buffer = new float[options.BatchSize * classifier.ValuesPerImage];
    }

    public MultiLabelMetricsAccumulator Accumulator { get; }

    public IReadOnlyList<SkippedFile> Rejected => _rejected;

    public long Listed { get; private set; }

    public async Task ScoreAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        await foreach (BlobItem item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            Listed++;
            if (TryLabel(item.Name, out float[]? targets, out string? reason, out string? message))
            {
                _batch.Add((item.Name, targets!, item.Properties.ContentLength ?? 0));
                if (_batch.Count == _options.BatchSize)
                {
                    await ScoreBatchAsync(container, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                Reject(item.Name, reason!, message!);
            }
        }

        if (_batch.Count > 0)
        {
            await ScoreBatchAsync(container, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool TryLabel(string name, out float[]? targets, out string? reason, out string? message)
    {
        targets = null;
        int slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            (reason, message) = ("unlabelled", "The blob is not inside a <colour>_<garment>/ folder, so its labels are unknown.");
            return false;
        }

        ClassName className;
        try
        {
            className = LabelSchema.ParseClassName(name[..slash]);
        }
        catch (InvalidClassFolderException ex)
        {
            (reason, message) = ("invalid_label_folder", ex.Message);
            return false;
        }

        string? unknown = new[] { className.Colour, className.Garment }.FirstOrDefault(l => !_labelIndex.ContainsKey(l));
        if (unknown is not null)
        {
            (reason, message) = ("unknown_label", $"The model has no label '{unknown}' (it knows {string.Join(", ", _labelIndex.Keys)}).");
            return false;
        }

        targets = new float[_labelIndex.Count];
        targets[_labelIndex[className.Colour]] = 1f;
        targets[_labelIndex[className.Garment]] = 1f;
        (reason, message) = (null, null);
        return true;
    }

    private async Task ScoreBatchAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        long maxBytes = _classifier.Preprocessor.Limits.MaxBytes;
        var images = new ReadOnlyMemory<byte>[_batch.Count];
        var missing = new string?[_batch.Count];
        await Parallel.ForAsync(0, _batch.Count, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                // Oversized blobs are left empty here and rejected as too large below, never downloaded.
                if (_batch[i].Length > maxBytes)
                {
                    images[i] = ReadOnlyMemory<byte>.Empty;
                    return;
                }

                try
                {
                    images[i] = (await container.GetBlobClient(_batch[i].Name).DownloadContentAsync(token).ConfigureAwait(false)).Value.Content.ToMemory();
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    missing[i] = "The blob was deleted while the evaluation ran.";
                }
            }).ConfigureAwait(false);

        BatchPreprocessResult preprocessed = _classifier.Preprocessor.PreprocessBatch(images, _buffer.AsMemory(0, _batch.Count * _classifier.ValuesPerImage), _options.Parallelism);
        IReadOnlyList<Prediction> predictions = _classifier.ClassifyBatch(_buffer.AsMemory(0, _batch.Count * _classifier.ValuesPerImage), _batch.Count);
        IReadOnlyList<string> labels = _classifier.Manifest.Labels;
        var scores = new float[labels.Count];
        for (int i = 0; i < _batch.Count; i++)
        {
            if (missing[i] is string gone)
            {
                Reject(_batch[i].Name, "missing", gone);
            }
            else if (_batch[i].Length > maxBytes)
            {
                Reject(_batch[i].Name, ImageRejectionReason.TooLarge.ToCode(), $"The image is {_batch[i].Length} bytes, over the limit of {maxBytes} bytes.");
            }
            else if (preprocessed.RejectionAt(i) is { } rejection)
            {
                Reject(_batch[i].Name, rejection.ReasonCode, rejection.Message);
            }
            else
            {
                for (int l = 0; l < labels.Count; l++)
                {
                    scores[l] = predictions[i].Scores[labels[l]];
                }

                Accumulator.AddScores(_batch[i].Targets, scores);
            }
        }

        _batch.Clear();
    }

    private void Reject(string name, string reason, string message)
    {
        EvaluationLog.ImageRejected(_logger, name, reason, message);
        _rejected.Add(new SkippedFile(name, reason, message));
    }
}
