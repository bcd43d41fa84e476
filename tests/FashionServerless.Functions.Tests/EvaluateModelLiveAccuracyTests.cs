using Azure.Storage.Blobs;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests;

/// <summary>The timer's live accuracy: reviews joined with prediction records, per model version, against Azurite.</summary>
public sealed class EvaluateModelLiveAccuracyTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DecisionRule GroupArgmax = new() { Rule = DecisionRuleKind.GroupArgmax };

    [Fact]
    public async Task RunAsync_ReviewedUploads_ReportsLiveAccuracyPerModelVersionAndWhyReviewsWereLeftOut()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        // The serving model says black + dress for everything; an older version said blue + shoes.
        ModelManifest current = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt, GroupArgmax));
        TestModel older = harness.ConstantModel(ReferenceScores.BlueShoes, GroupArgmax);
        await harness.Registry.PublishAsync(older.Manifest, BinaryData.FromBytes(older.OnnxBytes));
        var store = new FeedbackStore(harness.Blobs, harness.Layout);

        await Review(harness, store, "a/1.jpg", current, ReferenceScores.BlackDressShirt, "black,dress");
        await Review(harness, store, "a/2.jpg", current, ReferenceScores.BlackDressShirt, "blue,dress");
        await Review(harness, store, "a/3.jpg", current, ReferenceScores.BlackDressShirt, "black,shirt");
        await Review(harness, store, "b/1.jpg", older.Manifest, ReferenceScores.BlueShoes, "blue,shoes");
        // Left out: no record yet; a record of older content; a rejected upload; a hand-written blob that is not feedback.
        await harness.UploadAsync("x/unclassified.jpg", Photo());
        await store.SubmitAsync("x/unclassified.jpg", ["blue", "pants"]);
        await Review(harness, store, "x/stale.jpg", current, ReferenceScores.BlackDressShirt, "black,dress", recordETag: "0x0LD");
        await harness.UploadAsync("x/rejected.jpg", Photo());
        await store.SubmitAsync("x/rejected.jpg", ["black", "pants"]);
        await PlantAsync(harness, new PredictionRecord
        {
            Source = "x/rejected.jpg",
            SourceETag = await ETagOf(harness, "x/rejected.jpg"),
            Status = PredictionStatus.Rejected,
            Rejection = new PredictionRejection("corrupt", "planted"),
            ModelVersion = current.Version,
            ModelSha256 = current.Sha256,
            ElapsedMs = 1,
            ProcessedAt = DateTimeOffset.UtcNow,
        });
        await harness.Metrics.GetBlobClient("feedback/x/by-hand.jpg.json").UploadAsync(BinaryData.FromString("{ \"labels\": "));

        await harness.Create<EvaluateModel>().RunAsync(new TimerInfo(), CancellationToken.None);

        LiveAccuracyReport live = (await harness.Services.GetRequiredService<ModelEvaluationService>().ReadLatestAsync())!.Live!;
        Assert.Equal((8L, 4L), (live.Reviews, live.Scored));
        Assert.Equal(
            [("feedback/x/by-hand.jpg.json", "invalid_feedback"), ("feedback/x/rejected.jpg.json", "rejected"),
                ("feedback/x/stale.jpg.json", "stale"), ("feedback/x/unclassified.jpg.json", "not_classified")],
            live.Skipped.Select(s => (s.Path, s.Reason)).Order());

        // Current: predicted {black, dress} three times; truth {black, dress}, {blue, dress}, {black, shirt}.
        MultiLabelMetrics metrics = live.Models.Single(m => m.ModelVersion == current.Version).Metrics;
        Assert.Equal(3, metrics.SampleCount);
        Assert.Equal(1.0 / 3, metrics.ExactMatch!.Value, 9);
        AssertCounts(metrics, "black", tn: 0, fp: 1, fn: 0, tp: 2);
        AssertCounts(metrics, "blue", tn: 2, fp: 0, fn: 1, tp: 0);
        AssertCounts(metrics, "dress", tn: 0, fp: 1, fn: 0, tp: 2);
        AssertCounts(metrics, "shirt", tn: 2, fp: 0, fn: 1, tp: 0);
        // Micro: TP 4, FP 2, FN 2. Macro: black 4/5, dress 4/5, the other five 0.
        Assert.Equal(4.0 / 6, metrics.Micro.F1, 9);
        Assert.Equal(1.6 / 7, metrics.Macro.F1, 9);
        Assert.Equal([[2L, 0L], [1L, 0L]], metrics.GroupConfusion.Single(g => g.Group == "colour").Counts);

        MultiLabelMetrics olderMetrics = live.Models.Single(m => m.ModelVersion == older.Manifest.Version).Metrics;
        Assert.Equal((1L, 1.0), (olderMetrics.SampleCount, olderMetrics.ExactMatch!.Value));
    }

    [Fact]
    public async Task RunAsync_ACorrectedReview_ChangesLiveAccuracyOnTheNextRun()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        ModelManifest current = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt, GroupArgmax));
        var store = new FeedbackStore(harness.Blobs, harness.Layout);
        ModelEvaluationService evaluation = harness.Services.GetRequiredService<ModelEvaluationService>();
        await Review(harness, store, "a/1.jpg", current, ReferenceScores.BlackDressShirt, "black,dress");
        Assert.Equal(1.0, (await evaluation.RunAsync()).Live!.Models.Single().Metrics.ExactMatch);

        await store.SubmitAsync("a/1.jpg", ["blue", "dress"]);

        Assert.Equal(0.0, (await evaluation.RunAsync()).Live!.Models.Single().Metrics.ExactMatch);
    }

    private static void AssertCounts(MultiLabelMetrics metrics, string label, long tn, long fp, long fn, long tp)
    {
        LabelMetrics m = metrics.PerLabel.Single(l => l.Label == label);
        Assert.Equal((tn, fp, fn, tp), (m.TrueNegatives, m.FalsePositives, m.FalseNegatives, m.TruePositives));
    }

    private static byte[] Photo() => TestImages.Jpeg(8, 8, new Rgb24(10, 10, 10));

    /// <summary>An upload, the record <paramref name="model"/> made of it, and a review of it.</summary>
    private static async Task Review(PipelineHarness harness, FeedbackStore store, string source, ModelManifest model, IReadOnlyDictionary<string, float> scores,
        string labels, string? recordETag = null)
    {
        await harness.UploadAsync(source, Photo());
        await PlantAsync(harness, new PredictionRecord
        {
            Source = source,
            SourceETag = recordETag ?? await ETagOf(harness, source),
            Status = PredictionStatus.Classified,
            Labels = [],
            Scores = scores,
            ModelVersion = model.Version,
            ModelSha256 = model.Sha256,
            ElapsedMs = 1,
            ProcessedAt = DateTimeOffset.UtcNow,
        });
        await store.SubmitAsync(source, labels.Split(','));
    }

    private static async Task<string> ETagOf(PipelineHarness harness, string source) =>
        PredictionBlobNames.FormatETag((await harness.Uploads.GetBlobClient(source).GetPropertiesAsync()).Value.ETag);

    private static async Task PlantAsync(PipelineHarness harness, PredictionRecord record)
    {
        BlobClient blob = harness.Predictions.GetBlobClient(PredictionBlobNames.RecordFor(record.Source));
        await blob.UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(record)), overwrite: true);
    }
}
