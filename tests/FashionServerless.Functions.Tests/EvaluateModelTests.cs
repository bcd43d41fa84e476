using FashionServerless.Shared.Decisions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests;

public sealed class EvaluateModelTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Rgb24 Grey = new(128, 128, 128);

    [Fact]
    public async Task RunAsync_GroupArgmaxModel_ScoresOneColourAndOneGarmentPerImage()
    {
        // The same scores as the thresholds test, but a model that records the group-argmax rule names only the best
        // garment: black + dress for every image, never shirt as well.
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt, new DecisionRule { Rule = DecisionRuleKind.GroupArgmax }));
        await Upload(harness.Evaluation, "black_dress/1.jpg", TestImages.Jpeg(64, 64, Grey));
        await Upload(harness.Evaluation, "black_shirt/2.jpg", TestImages.Jpeg(64, 64, Grey));

        await harness.Create<EvaluateModel>().RunAsync(new TimerInfo(), CancellationToken.None);

        MultiLabelMetrics metrics = (await harness.Services.GetRequiredService<ModelEvaluationService>().ReadLatestAsync())!.Metrics!;
        AssertCounts(metrics, "dress", tn: 0, fp: 1, fn: 0, tp: 1);
        AssertCounts(metrics, "shirt", tn: 1, fp: 0, fn: 1, tp: 0);
        Assert.Equal(0.5, metrics.ExactMatch);
    }

    [Fact]
    public async Task RunAsync_SmallLabelledSet_WritesHandComputedMetrics()
    {
        // Batches of 3 over 7 blobs: the set is streamed in three batches, never held whole.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero));
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["FashionServerless:Evaluation:BatchSize"] = "3",
        }, clock);
        ModelManifest model = await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await Upload(harness.Evaluation, "black_dress/1.jpg", TestImages.Jpeg(64, 64, Grey));
        await Upload(harness.Evaluation, "black_dress/2.png", TestImages.Png(64, 64, Grey));
        await Upload(harness.Evaluation, "black_dress/notes.txt", TestImages.Text());
        await Upload(harness.Evaluation, "black_shirt/3.jpg", TestImages.Jpeg(64, 64, Grey));
        await Upload(harness.Evaluation, "blue_pants/4.jpg", TestImages.Jpeg(64, 64, Grey));
        await Upload(harness.Evaluation, "readme.txt", TestImages.Text());
        await Upload(harness.Evaluation, "red_hat/5.jpg", TestImages.Jpeg(64, 64, Grey));

        await harness.Create<EvaluateModel>().RunAsync(new TimerInfo(), CancellationToken.None);

        EvaluationReport report = (await harness.Services.GetRequiredService<ModelEvaluationService>().ReadLatestAsync())!;
        Assert.Equal((model.Version, model.Sha256), (report.ModelVersion, report.ModelSha256));
        Assert.Equal(new EvaluationImageCounts(7, 4, 3), report.Images);
        Assert.Equal(
            [("black_dress/notes.txt", "not_an_image"), ("readme.txt", "unlabelled"), ("red_hat/5.jpg", "unknown_label")],
            report.RejectedImages.Select(r => (r.Path, r.Reason)).Order());

        // Every image is predicted {black, dress, shirt}. Truth: black_dress x2, black_shirt, blue_pants.
        MultiLabelMetrics metrics = report.Metrics!;
        Assert.Equal(4, metrics.SampleCount);
        AssertCounts(metrics, "black", tn: 0, fp: 1, fn: 0, tp: 3);
        AssertCounts(metrics, "blue", tn: 3, fp: 0, fn: 1, tp: 0);
        AssertCounts(metrics, "dress", tn: 0, fp: 2, fn: 0, tp: 2);
        AssertCounts(metrics, "pants", tn: 3, fp: 0, fn: 1, tp: 0);
        AssertCounts(metrics, "shirt", tn: 0, fp: 3, fn: 0, tp: 1);
        AssertCounts(metrics, "shoes", tn: 4, fp: 0, fn: 0, tp: 0);
        // Micro: TP 6, FP 6, FN 2 -> P 6/12, R 6/8, F1 12/20.
        Assert.Equal(0.5, metrics.Micro.Precision, 9);
        Assert.Equal(0.75, metrics.Micro.Recall, 9);
        Assert.Equal(0.6, metrics.Micro.F1, 9);
        // Macro F1: black 6/7, dress 2/3, shirt 2/5, the other four 0.
        Assert.Equal((6.0 / 7 + 2.0 / 3 + 0.4) / 7, metrics.Macro.F1, 9);
        Assert.Equal(8.0 / 28, metrics.HammingLoss, 9);
        Assert.Equal(0.0, metrics.ExactMatch);
        GroupConfusionMatrix colour = metrics.GroupConfusion.Single(g => g.Group == "colour");
        Assert.Equal(["black", "blue"], colour.Labels);
        Assert.Equal([[3L, 0L], [1L, 0L]], colour.Counts);
        GroupConfusionMatrix garment = metrics.GroupConfusion.Single(g => g.Group == "garment");
        Assert.Equal([2L, 0, 0, 0, 0], garment.Counts[0]);
        Assert.Equal([1L, 0, 0, 0, 0], garment.Counts[1]);
        Assert.Equal([1L, 0, 0, 0, 0], garment.Counts[2]);

        // The versioned report and latest.json are the same document.
        Assert.StartsWith($"{model.Version}/", report.ReportBlobName, StringComparison.Ordinal);
        BinaryData versioned = (await harness.Metrics.GetBlobClient(report.ReportBlobName).DownloadContentAsync()).Value.Content;
        BinaryData latest = (await harness.Metrics.GetBlobClient(ModelEvaluationService.LatestBlobName).DownloadContentAsync()).Value.Content;
        Assert.Equal(versioned.ToArray(), latest.ToArray());
        // Start, end and duration come from the injected clock, which stood still throughout.
        Assert.Equal((clock.GetUtcNow(), clock.GetUtcNow(), 0.0), (report.StartedAt, report.CompletedAt, report.DurationMs));
        Assert.Equal(clock.GetUtcNow(), report.Traffic.Until);
    }

    [Fact]
    public async Task RunAsync_LoggedRecords_SummarisesTrafficSinceLastRunEachRecordOnceAndFlagsDrift()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero));
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite, time: clock);
        var constant = harness.ConstantModel(ReferenceScores.BlackDressShirt);
        // Training rates from 100 images: black .7, blue .3, dress .5, pants .3, shirt .2, shoes 0, shorts 0.
        ModelManifest manifest = constant.Manifest with
        {
            Dataset = new DatasetSummary(
                new Dictionary<string, int> { ["black_dress"] = 50, ["blue_pants"] = 30, ["black_shirt"] = 20 }, "fingerprint", 1, 70, 15, 15, []),
        };
        await harness.PublishAndPromoteAsync(constant, manifest);
        ModelEvaluationService evaluation = harness.Services.GetRequiredService<ModelEvaluationService>();
        TrafficLog log = harness.Services.GetRequiredService<TrafficLog>();
        DateTimeOffset before = clock.GetUtcNow().AddMinutes(-10);
        await log.AppendAsync(Classified("before/old.jpg", ["black", "dress"], before));
        EvaluationReport first = await evaluation.RunAsync();
        Assert.Equal(1, first.Traffic.Records);
        Assert.Null(first.Metrics);

        // Since the first run: 10 classified, 2 rejected, and one uncertain record processed before the first run but
        // logged after it read the log: counted now, once.
        clock.Advance(TimeSpan.FromMinutes(1));
        string[][] labelSets = [.. Enumerable.Repeat<string[]>(["black", "dress"], 4), ["black", "shirt"], .. Enumerable.Repeat<string[]>(["blue", "shoes"], 3),
            .. Enumerable.Repeat<string[]>(["blue", "pants"], 2)];
        for (int i = 0; i < labelSets.Length; i++)
        {
            await log.AppendAsync(Classified($"live/{i}.jpg", labelSets[i], clock.GetUtcNow()));
        }

        await log.AppendAsync(Rejected("live/cut.jpg", "corrupt", clock.GetUtcNow()));
        await log.AppendAsync(Rejected("live/notes.txt", "not_an_image", clock.GetUtcNow()));
        await log.AppendAsync(Classified("late/old.jpg", ["black"], before) with { Status = PredictionStatus.Uncertain });
        string garbled = await AppendGarbageAsync(harness);
        // A record blob that is not JSON is no longer read by the summary at all.
        await harness.Predictions.GetBlobClient("garbage.json").UploadAsync(BinaryData.FromString("{ not json"));
        clock.Advance(TimeSpan.FromMinutes(1));

        await harness.Create<EvaluateModel>().RunAsync(new TimerInfo(), CancellationToken.None);
        EvaluationReport second = (await evaluation.ReadLatestAsync())!;
        clock.Advance(TimeSpan.FromMinutes(1));
        EvaluationReport third = await evaluation.RunAsync();

        TrafficSummary traffic = second.Traffic;
        Assert.Equal(first.Traffic.Until, traffic.Since);
        Assert.Equal((13L, 10L, 1L, 2L), (traffic.Records, traffic.Classified, traffic.Uncertain, traffic.Rejected));
        Assert.Equal(2.0 / 13, traffic.RejectionRate, 9);
        Assert.Equal(new ReasonCount(1, 1.0 / 13), traffic.RejectionsByReason["corrupt"]);
        Assert.Equal(new ReasonCount(1, 1.0 / 13), traffic.RejectionsByReason["not_an_image"]);
        Assert.Equal(0.15, traffic.DriftTolerance);
        AssertLabel(traffic, "black", positives: 5, live: 0.5, training: 0.7, flagged: true);
        AssertLabel(traffic, "blue", positives: 5, live: 0.5, training: 0.3, flagged: true);
        AssertLabel(traffic, "dress", positives: 4, live: 0.4, training: 0.5, flagged: false);
        AssertLabel(traffic, "pants", positives: 2, live: 0.2, training: 0.3, flagged: false);
        AssertLabel(traffic, "shirt", positives: 1, live: 0.1, training: 0.2, flagged: false);
        AssertLabel(traffic, "shoes", positives: 3, live: 0.3, training: 0.0, flagged: true);
        AssertLabel(traffic, "shorts", positives: 0, live: 0.0, training: 0.0, flagged: false);
        Assert.Equal(["black", "blue", "shoes"], traffic.FlaggedLabels);
        Assert.Equal(garbled, Assert.Single(traffic.UnreadableRecords).Path);
        Assert.Equal(0, third.Traffic.Records);
        Assert.Equal(second.Traffic.Until, third.Traffic.Since);
    }

    [Fact]
    public async Task ClassifyThenEvaluate_UploadsHandledByTheBlobFunction_CountedByTheNextTimerRun()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        ClassifyUpload classify = harness.Create<ClassifyUpload>();
        await classify.RunAsync(await harness.UploadAsync("a.jpg", TestImages.Jpeg(40, 40, Grey)), CancellationToken.None);
        await classify.RunAsync(await harness.UploadAsync("b.png", TestImages.Png(40, 40, Grey)), CancellationToken.None);
        BlobClient text = await harness.UploadAsync("c.jpg", TestImages.Text());
        await classify.RunAsync(text, CancellationToken.None);
        // A redelivery writes no second record, so it is not counted twice.
        await classify.RunAsync(text, CancellationToken.None);

        await harness.Create<EvaluateModel>().RunAsync(new TimerInfo(), CancellationToken.None);

        TrafficSummary traffic = (await harness.Services.GetRequiredService<ModelEvaluationService>().ReadLatestAsync())!.Traffic;
        Assert.Equal((3L, 2L, 1L), (traffic.Records, traffic.Classified, traffic.Rejected));
        Assert.Equal(2, traffic.Labels.Single(l => l.Label == "black").Positives);
    }

    [Fact]
    public async Task ClassifyThenEvaluate_UploadsNamedLikeTheTrafficLog_RecordsStayInPredictionsAndTheLogOutOfReach()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        ClassifyUpload classify = harness.Create<ClassifyUpload>();
        // Names a user could pick to land inside the log's namespace if it shared the predictions container.
        string[] names = [".traffic/2026/06/14/23/58/0123456789abcdef0123456789abcdef-0.jsonl", "traffic/a.jpg"];
        foreach (string name in names)
        {
            await classify.RunAsync(await harness.UploadAsync(name, TestImages.Jpeg(40, 40, Grey)), CancellationToken.None);
        }

        await harness.Create<EvaluateModel>().RunAsync(new TimerInfo(), CancellationToken.None);

        var predictions = new List<string>();
        await foreach (BlobItem blob in harness.Predictions.GetBlobsAsync())
        {
            predictions.Add(blob.Name);
        }

        Assert.Equal(names.Select(PredictionBlobNames.RecordFor).Order(StringComparer.Ordinal), predictions.Order(StringComparer.Ordinal));
        var log = new List<string>();
        await foreach (BlobItem blob in harness.Metrics.GetBlobsAsync(new GetBlobsOptions { Prefix = "traffic/" }))
        {
            log.Add(blob.Name);
        }

        Assert.Single(log);
        Assert.Equal(2L, (await harness.Services.GetRequiredService<ModelEvaluationService>().ReadLatestAsync())!.Traffic.Records);
    }

    private static async Task<string> AppendGarbageAsync(PipelineHarness harness)
    {
        await foreach (BlobItem blob in harness.Metrics.GetBlobsAsync(new GetBlobsOptions { Prefix = "traffic/" }))
        {
            long offset = blob.Properties.ContentLength!.Value;
            using var garbage = new MemoryStream("{ not json\n"u8.ToArray());
            await harness.Metrics.GetAppendBlobClient(blob.Name).AppendBlockAsync(garbage);
            return $"{blob.Name}@{offset}";
        }

        throw new InvalidOperationException("No traffic log blob to damage.");
    }

    private static void AssertCounts(MultiLabelMetrics metrics, string label, long tn, long fp, long fn, long tp)
    {
        LabelMetrics m = metrics.PerLabel.Single(l => l.Label == label);
        Assert.Equal((tn, fp, fn, tp), (m.TrueNegatives, m.FalsePositives, m.FalseNegatives, m.TruePositives));
    }

    private static void AssertLabel(TrafficSummary traffic, string label, long positives, double live, double training, bool flagged)
    {
        LabelTraffic l = traffic.Labels.Single(x => x.Label == label);
        Assert.Equal(positives, l.Positives);
        Assert.Equal(live, l.LiveRate!.Value, 9);
        Assert.Equal(training, l.TrainingRate!.Value, 9);
        Assert.Equal(live - training, l.Drift!.Value, 9);
        Assert.Equal(flagged, l.Flagged);
    }

    private static async Task Upload(BlobContainerClient container, string name, byte[] content) =>
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content));

    private static PredictionRecord Classified(string source, string[] labels, DateTimeOffset processedAt) => new()
    {
        Source = source,
        SourceETag = "0x1",
        Status = PredictionStatus.Classified,
        Labels = labels,
        ModelVersion = "20260101T000000Z-00000000",
        ModelSha256 = new string('0', 64),
        ElapsedMs = 1,
        ProcessedAt = processedAt,
    };

    private static PredictionRecord Rejected(string source, string reason, DateTimeOffset processedAt) => new()
    {
        Source = source,
        SourceETag = "0x1",
        Status = PredictionStatus.Rejected,
        Rejection = new PredictionRejection(reason, "planted"),
        ModelVersion = "20260101T000000Z-00000000",
        ModelSha256 = new string('0', 64),
        ElapsedMs = 1,
        ProcessedAt = processedAt,
    };
}
