using System.Globalization;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>Fills a trained model's manifest completely, so it alone is enough to serve, audit and reproduce the model.</summary>
internal static class ManifestAssembler
{
    public static Dictionary<string, IReadOnlyList<string>> Groups(LabelSchema schema) =>
        schema.Groups.ToDictionary(g => g.Name, g => g.Labels, StringComparer.Ordinal);

    /// <summary>
    /// One colour and one garment per image (the group argmax every model since the rule was recorded uses), and the
    /// same uncertainty floor for each group.
    /// </summary>
    public static DecisionRule Decision(LabelSchema schema, float floor) => new()
    {
        Rule = DecisionRuleKind.GroupArgmax,
        Floors = floor > 0 ? schema.Groups.ToDictionary(g => g.Name, _ => floor, StringComparer.Ordinal) : new Dictionary<string, float>(StringComparer.Ordinal),
        FloorCalibration = floor == 0 ? null
            : floor == TrainRequest.DefaultUncertaintyFloor
                ? "the recipe's floor, chosen on held-out photos and generated out-of-set images (docs/experiments.md)"
                : "given with --uncertainty-floor",
    };

    public static ModelManifest Build(
        string version,
        DateTimeOffset createdAt,
        LabelledImageSet data,
        DatasetSplit split,
        TrainingResult result,
        OnnxExport export,
        DecisionRule decision,
        TrainRequest request,
        string sourceDescription,
        MultiLabelMetrics? validation,
        MultiLabelMetrics? test) => new()
        {
            Version = version,
            CreatedAt = createdAt,
            Labels = data.Schema.Labels,
            Groups = Groups(data.Schema),
            Preprocessing = data.Spec,
            Decision = decision,
            Onnx = export.Info,
            Sha256 = export.Sha256,
            Dataset = data.Summarize(split),
            TrainerSettings = Settings(request, result, sourceDescription),
            ValidationMetrics = validation?.ToSummary(),
            TestMetrics = test?.ToSummary(),
        };

    private static Dictionary<string, string> Settings(TrainRequest request, TrainingResult result, string sourceDescription)
    {
        TrainingOptions o = request.Training;
        static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = o.Network.Describe(),
            ["source"] = sourceDescription,
            ["optimizer"] = "AdamW",
            ["weightDecay"] = N(o.WeightDecay),
            ["schedule"] = string.Create(CultureInfo.InvariantCulture, $"one-cycle, peak {o.LearningRate}, warm-up {o.WarmupFraction} of the steps, stepped per batch"),
            ["loss"] = o.LabelSmoothing > 0 ? $"BCEWithLogits, label smoothing {N(o.LabelSmoothing)}" : "BCEWithLogits",
            ["learningRate"] = N(o.LearningRate),
            ["batchSize"] = I(o.BatchSize),
            ["epochs"] = I(o.Epochs),
            ["weightAverageDecay"] = N(o.AverageDecay),
            ["classBalance"] = N(o.ClassBalance),
            ["mixupAlpha"] = N(o.MixupAlpha),
            ["flipAverage"] = o.FlipAverage ? "true" : "false",
            ["seed"] = I(o.Seed),
            ["augmentation"] = o.Augmentation.Describe(),
            ["splitFractions"] = string.Create(CultureInfo.InvariantCulture, $"{request.Split.Train}/{request.Split.Validation}/{request.Split.Test}"),
            ["minImagesPerClass"] = I(request.Loading.MinImagesPerClass),
            ["device"] = result.Device,
            ["trainingSeconds"] = result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
        };
    }
}
