using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Reporting;
using SixLabors.ImageSharp;

namespace FashionServerless.Trainer.Tests.Reporting;

public sealed class ReportWriterTests
{
    [Fact]
    public void Write_RunWithTestMetrics_WritesDecodablePngsOfExpectedSizeAndHtmlReferencingThem()
    {
        using var folder = new TemporaryFolder();

        IReadOnlyList<string> files = ReportWriter.Write(folder.Path, SampleReport());

        string[] pngs = [ReportWriter.LossChart, ReportWriter.F1Chart, ReportWriter.LearningRateChart, "confusion-colour.png", "confusion-garment.png"];
        Assert.Equal([.. pngs, ReportWriter.HtmlFileName, ReportWriter.MarkdownFileName], files);
        foreach (string chart in pngs[..3])
        {
            IImageInfo info = Image.Identify(Path.Combine(folder.Path, chart));
            Assert.Equal((LineChart.Width, LineChart.Height), (info.Width, info.Height));
        }

        IImageInfo garment = Image.Identify(Path.Combine(folder.Path, "confusion-garment.png"));
        Assert.Equal(ConfusionMatrixChart.SizeFor(5), (garment.Width, garment.Height));
        IImageInfo colour = Image.Identify(Path.Combine(folder.Path, "confusion-colour.png"));
        Assert.Equal(ConfusionMatrixChart.SizeFor(2), (colour.Width, colour.Height));
        string html = File.ReadAllText(Path.Combine(folder.Path, ReportWriter.HtmlFileName));
        Assert.All(pngs, png => Assert.Contains($"<img src=\"{png}\"", html, StringComparison.Ordinal));
        Assert.Contains("macro avg", html, StringComparison.Ordinal);
        Assert.Contains("bad.jpg", html, StringComparison.Ordinal);
        string markdown = File.ReadAllText(Path.Combine(folder.Path, ReportWriter.MarkdownFileName));
        Assert.All(pngs, png => Assert.Contains($"]({png})", markdown, StringComparison.Ordinal));
    }

    private static TrainingReport SampleReport()
    {
        var schema = new LabelSchema(["black", "blue"], ["dress", "pants", "shirt", "shoes", "shorts"]);
        var accumulator = new MultiLabelMetricsAccumulator(schema);
        float[] targets = [1, 0, 1, 0, 0, 0, 0, /**/ 0, 1, 0, 0, 0, 0, 1];
        float[] scores = [0.9f, 0.1f, 0.8f, 0.1f, 0.1f, 0.1f, 0.1f, /**/ 0.2f, 0.7f, 0.1f, 0.6f, 0.1f, 0.1f, 0.3f];
        accumulator.AddScores(targets, scores);
        MultiLabelMetrics metrics = accumulator.ToMetrics();
        var manifest = new ModelManifest
        {
            Version = "20261128T120000Z-3f2a9c1d",
            CreatedAt = DateTimeOffset.UnixEpoch,
            Labels = schema.Labels,
            Groups = schema.Groups.ToDictionary(g => g.Name, g => g.Labels),
            Preprocessing = PreprocessingSpec.Default,
            Thresholds = schema.Labels.ToDictionary(l => l, _ => 0.5f),
            Onnx = new OnnxModelInfo(17, "images", "scores"),
            Sha256 = new string('a', 64),
            Dataset = new DatasetSummary(new Dictionary<string, int> { ["black_dress"] = 1, ["blue_shorts"] = 1 }, "f", 1, 1, 0, 1,
                [new SkippedFile("black_dress/bad.jpg", "corrupt", "truncated")]),
            TestMetrics = metrics.ToSummary(),
        };
        return new TrainingReport
        {
            Manifest = manifest,
            Epochs = [new ReportEpoch(1, 0.7, 0.69, 0.3, 0.2, 1e-3), new ReportEpoch(2, 0.5, 0.6, 0.5, 0.4, 1e-3), new ReportEpoch(3, 0.4, 0.55, 0.6, 0.5, 2e-4)],
            Test = metrics,
            Parity = "max 1e-7",
            WallTime = TimeSpan.FromSeconds(42),
            ImagesPerSecond = 123.4,
        };
    }
}
