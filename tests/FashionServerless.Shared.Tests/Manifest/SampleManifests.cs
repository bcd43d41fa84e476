using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Shared.Tests.Manifest;

/// <summary>Manifests with every section filled, so round trips and registry tests exercise the whole shape.</summary>
internal static class SampleManifests
{
    public static ModelManifest Create(string version, string sha256, DateTimeOffset createdAt, double macroF1 = 0.88) => new()
    {
        Version = version,
        CreatedAt = createdAt,
        Labels = ["black", "blue", "dress", "pants", "shirt", "shoes", "shorts"],
        Groups = new Dictionary<string, IReadOnlyList<string>>
        {
            ["colour"] = ["black", "blue"],
            ["garment"] = ["dress", "pants", "shirt", "shoes", "shorts"],
        },
        Preprocessing = new PreprocessingSpec { Width = 96, Height = 96, ResizeMode = ResizeMode.PadToSquare },
        Thresholds = new Dictionary<string, float> { ["black"] = 0.45f, ["blue"] = 0.5f, ["dress"] = 0.35f },
        Onnx = new OnnxModelInfo(17, "input", "scores"),
        Sha256 = sha256,
        Dataset = new DatasetSummary(
            new Dictionary<string, int> { ["black_dress"] = 450, ["blue_shirt"] = 741 },
            new string('a', 64),
            SplitSeed: 42,
            TrainCount: 800,
            ValidationCount: 200,
            TestCount: 191,
            [new SkippedFile("black_dress/broken.jpg", "corrupt", "Truncated JPEG")]),
        TrainerSettings = new Dictionary<string, string> { ["epochs"] = "30", ["learningRate"] = "0.001" },
        ValidationMetrics = Metrics(macroF1),
        TestMetrics = Metrics(macroF1 - 0.01),
        Promotion = new PromotionDecision(true, "Beats the current model.", macroF1, null, null, Forced: false, createdAt),
    };

    private static MetricsSummary Metrics(double macroF1) =>
        new(191, 0.91, macroF1, 0.9, 0.89, 0.8, 0.03, new Dictionary<string, double> { ["black"] = 0.97, ["dress"] = 0.85 });
}
