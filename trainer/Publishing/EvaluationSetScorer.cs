using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Trainer.Publishing;

/// <summary>
/// Scores a served model (the shared <see cref="OnnxClassifier"/>, exactly as the functions run it) on an
/// <see cref="EvaluationSet"/> with the shared metrics, a batch at a time. Images the model's preprocessing rejects are
/// listed, not counted.
/// </summary>
internal static class EvaluationSetScorer
{
    private const int BatchSize = 64;

    /// <returns>The metrics (null when no image could be scored) and the images that were rejected.</returns>
    public static (MultiLabelMetrics? Metrics, IReadOnlyList<SkippedFile> Rejected) Score(OnnxClassifier classifier, EvaluationSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(set);
        ModelManifest manifest = classifier.Manifest;
        MultiLabelMetricsAccumulator accumulator = CreateAccumulator(manifest);
        int labels = manifest.Labels.Count;
        int values = classifier.ValuesPerImage;
        var buffer = new float[BatchSize * values];
        var targets = new float[BatchSize * labels];
        var scores = new float[BatchSize * labels];
        var rejected = new List<SkippedFile>();
        int filled = 0;
        foreach (LabelledImage image in set.Images)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                classifier.Preprocessor.PreprocessInto(image.Content, buffer.AsSpan(filled * values, values));
            }
            catch (ImageRejectedException ex)
            {
                rejected.Add(new SkippedFile(image.Path, ex.ReasonCode, ex.Message));
                continue;
            }

            EncodeTargets(manifest, image.Class, targets.AsSpan(filled * labels, labels));
            if (++filled == BatchSize)
            {
                Flush(classifier, accumulator, buffer, targets, scores, filled);
                filled = 0;
            }
        }

        if (filled > 0)
        {
            Flush(classifier, accumulator, buffer, targets, scores, filled);
        }

        return (accumulator.SampleCount > 0 ? accumulator.ToMetrics() : null, rejected);
    }

    /// <summary>Labels, thresholds and groups (colour first) of <paramref name="manifest"/>.</summary>
    public static MultiLabelMetricsAccumulator CreateAccumulator(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        string[] groupOrder = [LabelSchema.ColourGroup, LabelSchema.GarmentGroup];
        LabelGroup[] groups = [.. manifest.Groups
            .OrderBy(g => Array.IndexOf(groupOrder, g.Key) is int i and >= 0 ? i : int.MaxValue)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LabelGroup(g.Key, g.Value))];
        // The model's own decision rule (group argmax, or per-label thresholds for manifests that predate the rule).
        return new MultiLabelMetricsAccumulator(new LabelDecider(manifest.Labels, groups,
            manifest.Decision ?? new DecisionRule { Rule = DecisionRuleKind.Thresholds },
            manifest.Decision is null ? [.. manifest.Labels.Select(l => manifest.Thresholds.TryGetValue(l, out float t) ? t : 0.5f)] : null));
    }

    // A class whose colour or garment the model does not know simply has that positive missing: the model is scored on
    // the labels it has, which is what it would be asked to predict in service.
    private static void EncodeTargets(ModelManifest manifest, ClassName className, Span<float> destination)
    {
        for (int l = 0; l < manifest.Labels.Count; l++)
        {
            string label = manifest.Labels[l];
            destination[l] = label == className.Colour || label == className.Garment ? 1f : 0f;
        }
    }

    private static void Flush(OnnxClassifier classifier, MultiLabelMetricsAccumulator accumulator, float[] buffer, float[] targets, float[] scores, int count)
    {
        IReadOnlyList<string> labels = classifier.Manifest.Labels;
        IReadOnlyList<Prediction> predictions = classifier.ClassifyBatch(buffer.AsMemory(0, count * classifier.ValuesPerImage), count);
        for (int i = 0; i < count; i++)
        {
            for (int l = 0; l < labels.Count; l++)
            {
                scores[(i * labels.Count) + l] = predictions[i].Scores[labels[l]];
            }
        }

        accumulator.AddScores(targets.AsSpan(0, count * labels.Count), scores.AsSpan(0, count * labels.Count));
    }
}
