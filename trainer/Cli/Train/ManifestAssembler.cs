using System.Globalization;
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

    public static Dictionary<string, float> Thresholds(LabelSchema schema, float[] thresholds) =>
        schema.Labels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => thresholds[p.i], StringComparer.Ordinal);

    public static ModelManifest Build(
        string version,
        DateTimeOffset createdAt,
        LabelledImageSet data,
        DatasetSplit split,
        TrainingResult result,
        OnnxExport export,
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
            Thresholds = Thresholds(data.Schema, result.Thresholds),
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
            ["model"] = "ReferenceCnn",
            ["source"] = sourceDescription,
            ["optimizer"] = "Adam",
            ["loss"] = "BCEWithLogits",
            ["learningRate"] = N(o.LearningRate),
            ["batchSize"] = I(o.BatchSize),
            ["maxEpochs"] = I(o.MaxEpochs),
            ["epochsRun"] = I(result.History.Count),
            ["bestEpoch"] = I(result.BestEpoch),
            ["stoppedEarly"] = result.StoppedEarly ? "true" : "false",
            ["earlyStoppingPatience"] = I(o.EarlyStoppingPatience),
            ["warmupEpochs"] = I(o.WarmupEpochs),
            ["plateauFactor"] = N(o.PlateauFactor),
            ["plateauPatience"] = I(o.PlateauPatience),
            ["minLearningRate"] = N(o.MinLearningRate),
            ["seed"] = I(o.Seed),
            ["augmentation"] = o.Augmentation.Enabled
                ? string.Create(CultureInfo.InvariantCulture, $"rotation {o.Augmentation.MaxRotationDegrees}, shift {o.Augmentation.MaxShift}, zoom {o.Augmentation.MaxZoom}, hflip {o.Augmentation.HorizontalFlip}")
                : "off",
            ["splitFractions"] = string.Create(CultureInfo.InvariantCulture, $"{request.Split.Train}/{request.Split.Validation}/{request.Split.Test}"),
            ["minImagesPerClass"] = I(request.Loading.MinImagesPerClass),
            ["device"] = result.Device,
            ["trainingSeconds"] = result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
        };
    }
}
