using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Dashboard;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Feedback;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Metrics;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using Microsoft.Extensions.Time.Testing;

namespace FashionServerless.Shared.Tests.Dashboard;

/// <summary>The dashboard written to Azurite, opened in a real headless Chromium: no console message, and the figures of its data.json.</summary>
public sealed partial class DashboardBrowserTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>A folder to keep the rendered page in, to look at it (<c>chromium --headless --screenshot</c>).</summary>
    private const string KeepVariable = "FASHIONSERVERLESS_KEEP_DASHBOARD";

    private const string Older = "20260601T030000Z-0a0a0a0a";
    private const string Newer = "20260603T030000Z-1b1b1b1b";
    private static readonly LabelSchema Schema = new(["black", "blue"], ["dress", "pants", "shirt", "shoes", "shorts"]);

    [SkippableFact]
    public async Task PublishAsync_PageInChromium_LoadsWithoutConsoleMessagesAndShowsTheFiguresOfItsData()
    {
        string? browser = HeadlessChromium.Find();
        Skip.If(browser is null, "Chromium is not installed (Debian: apt-get install chromium); the page is checked in a real browser only where one is.");
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 3, 4, 0, 0, TimeSpan.Zero));
        BlobContainerClient metrics = azurite.BlobServiceClient.GetBlobContainerClient(layout.Metrics);
        await Write(metrics, Report(Older, new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero), labelledRight: 3, liveRight: 1, flagged: false));
        await Write(metrics, Report(Newer, new DateTimeOffset(2026, 6, 2, 3, 0, 0, TimeSpan.Zero), labelledRight: 4, liveRight: 2, flagged: false));
        await Write(metrics, Report(Newer, new DateTimeOffset(2026, 6, 3, 3, 0, 0, TimeSpan.Zero), labelledRight: 4, liveRight: 1, flagged: true));
        await metrics.GetBlobClient("feedback/a.jpg.json").UploadAsync(BinaryData.FromString("{}"));
        await PlantRejection(azurite.BlobServiceClient.GetBlobContainerClient(layout.Predictions), "2026/06/<notes>.txt", clock.GetUtcNow().AddHours(-1));

        DashboardPublication published = await new DashboardPublisher(azurite.BlobServiceClient, layout, clock).PublishAsync();

        string folder = Directory.CreateTempSubdirectory("fashionserverless-dashboard-").FullName;
        try
        {
            string page = Path.Combine(folder, "index.html");
            await File.WriteAllBytesAsync(page, (await metrics.GetBlobClient(DashboardPublisher.PageBlobName).DownloadContentAsync()).Value.Content.ToArray());
            await File.WriteAllBytesAsync(Path.Combine(folder, "data.json"), (await metrics.GetBlobClient(DashboardPublisher.DataBlobName).DownloadContentAsync()).Value.Content.ToArray());
            (string dom, IReadOnlyList<string> console) = await HeadlessChromium.LoadAsync(browser!, page);

            Assert.Empty(console);
            Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
            using JsonDocument data = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "data.json")));
            JsonElement root = data.RootElement;
            Assert.Equal(3, root.GetProperty("runs").GetArrayLength());
            JsonElement latest = root.GetProperty("latest");
            Assert.Equal(Newer, latest.GetProperty("modelVersion").GetString());
            Assert.Equal(Newer, Figure(dom, "model-version"));
            Assert.Equal(DashboardPage.Figure(latest.GetProperty("metrics").GetProperty("micro").GetProperty("f1").GetDouble()), Figure(dom, "labelled-micro-f1"));
            JsonElement live = latest.GetProperty("live").GetProperty("models").EnumerateArray().Single(m => m.GetProperty("modelVersion").GetString() == Newer);
            Assert.Equal(DashboardPage.Figure(live.GetProperty("metrics").GetProperty("micro").GetProperty("f1").GetDouble()), Figure(dom, "live-micro-f1"));
            Assert.Equal(DashboardPage.Figure(live.GetProperty("metrics").GetProperty("exactMatch").GetDouble()), Figure(dom, "live-exact-match"));
            Assert.Equal(DashboardPage.Percent(latest.GetProperty("traffic").GetProperty("rejectionRate").GetDouble()), Figure(dom, "rejection-rate"));
            Assert.Equal("1", Figure(dom, "drift-flags"));
            JsonElement blue = latest.GetProperty("traffic").GetProperty("labels").EnumerateArray().Single(l => l.GetProperty("label").GetString() == "blue");
            Assert.Equal(blue.GetProperty("drift").GetDouble().ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture), Figure(dom, "drift", "data-label=\"blue\""));
            Assert.Equal(DashboardPage.Figure(root.GetProperty("runs")[0].GetProperty("labelledMicroF1").GetDouble()),
                Figure(dom, "version-labelled-micro-f1", $"data-version=\"{Older}\""));
            // The upload name is text on the page, not markup.
            Assert.Equal("2026/06/&lt;notes&gt;.txt", Figure(dom, "rejected-upload"));
            Assert.Equal("2026/06/<notes>.txt", root.GetProperty("recentRejections")[0].GetProperty("source").GetString());
            // Every run is a point of the live and the labelled series.
            Assert.Equal(3, SeriesPoints(dom, "labelled-micro-f1"));
            Assert.Equal(3, SeriesPoints(dom, "live-micro-f1"));
            Assert.Equal(published.Html.Length, (await File.ReadAllTextAsync(page)).Length);
            if (Environment.GetEnvironmentVariable(KeepVariable) is { Length: > 0 } keep)
            {
                Directory.CreateDirectory(keep);
                File.Copy(page, Path.Combine(keep, "index.html"), overwrite: true);
                File.Copy(Path.Combine(folder, "data.json"), Path.Combine(keep, "data.json"), overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A report with four labelled images and two reviewed uploads, of which the given numbers were predicted right.</summary>
    private static EvaluationReport Report(string version, DateTimeOffset at, int labelledRight, int liveRight, bool flagged)
    {
        LabelDecider decider = LabelDecider.GroupArgmax(Schema);
        MultiLabelMetrics Score(int samples, int right)
        {
            var accumulator = new MultiLabelMetricsAccumulator(decider);
            for (int i = 0; i < samples; i++)
            {
                // Scores say black dress; the truth is black dress for the first `right` samples and blue pants after.
                float[] scores = [0.9f, 0.1f, 0.8f, 0.2f, 0.1f, 0.1f, 0.1f];
                float[] truth = i < right ? [1, 0, 1, 0, 0, 0, 0] : [0, 1, 0, 1, 0, 0, 0];
                accumulator.AddScores(truth, scores);
            }

            return accumulator.ToMetrics();
        }

        MultiLabelMetrics live = Score(2, liveRight);
        return new EvaluationReport
        {
            ModelVersion = version,
            ModelSha256 = new string('a', 64),
            EvaluationContainer = "evaluation",
            ReportBlobName = $"{version}/{at.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}.json",
            StartedAt = at,
            CompletedAt = at,
            DurationMs = 1,
            Images = new EvaluationImageCounts(4, 4, 0),
            RejectedImages = [],
            Metrics = Score(4, labelledRight),
            Traffic = new TrafficSummary
            {
                Until = at,
                Records = 10,
                Classified = 9,
                Rejected = 1,
                RejectionRate = 0.1,
                RejectionsByReason = new Dictionary<string, ReasonCount> { ["corrupt"] = new(1, 0.1) },
                Labels = [.. Schema.Labels.Select(l => l == "blue"
                    ? new LabelTraffic(l, 5, 5.0 / 9, 0.3, (5.0 / 9) - 0.3, flagged)
                    : new LabelTraffic(l, 1, 1.0 / 9, 0.1, (1.0 / 9) - 0.1, false))],
                DriftTolerance = 0.15,
                FlaggedLabels = flagged ? ["blue"] : [],
                UnreadableRecords = [],
            },
            Live = new LiveAccuracyReport { Reviews = 2, Scored = 2, Skipped = [], Models = [new LiveModelAccuracy(version, at, at, live)] },
        };
    }

    private static async Task Write(BlobContainerClient metrics, EvaluationReport report) =>
        await metrics.GetBlobClient(report.ReportBlobName).UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(report)));

    private static async Task PlantRejection(BlobContainerClient predictions, string source, DateTimeOffset at) =>
        await predictions.GetBlobClient(PredictionBlobNames.RecordFor(source)).UploadAsync(new BinaryData(ManifestJson.SerializeToUtf8Bytes(new PredictionRecord
        {
            Source = source,
            SourceETag = "0x1",
            Status = PredictionStatus.Rejected,
            Rejection = new PredictionRejection("not_an_image", "The file is text."),
            ModelVersion = Newer,
            ModelSha256 = new string('a', 64),
            ElapsedMs = 1,
            ProcessedAt = at,
        })));

    /// <summary>The text of the element carrying <c>data-figure="name"</c> (and <paramref name="attribute"/>, when given).</summary>
    private static string Figure(string dom, string name, string? attribute = null)
    {
        MatchCollection matches = FigurePattern().Matches(dom);
        Match[] found = [.. matches.Where(m => m.Groups["name"].Value == name && (attribute is null || m.Groups["attributes"].Value.Contains(attribute, StringComparison.Ordinal)))];
        Assert.True(found.Length == 1, $"Expected one element with data-figure=\"{name}\" {attribute}; found {found.Length}.");
        return found[0].Groups["text"].Value;
    }

    private static int SeriesPoints(string dom, string series)
    {
        Match polyline = Regex.Match(dom, $"data-series=\"{series}\" points=\"(?<points>[^\"]*)\"");
        Assert.True(polyline.Success, $"No {series} series on the page.");
        return polyline.Groups["points"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    [GeneratedRegex("<[a-z]+[^>]*data-figure=\"(?<name>[a-z0-9-]+)\"(?<attributes>[^>]*)>(?<text>[^<]*)<", RegexOptions.CultureInvariant)]
    private static partial Regex FigurePattern();
}
