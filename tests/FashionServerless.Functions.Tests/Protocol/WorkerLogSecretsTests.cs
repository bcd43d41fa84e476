using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Security;
using FashionServerless.WorkerHost.Hosting;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>
/// Logs never carry a credential: a run of the real worker (classified, rejected, vanished and SAS-addressed uploads)
/// is captured, both what reaches the host over the protocol and the process's console, and scanned.
/// </summary>
public sealed class WorkerLogSecretsTests(ClassifyWorkerFixture fixture) : IClassFixture<ClassifyWorkerFixture>
{
    [Fact]
    public async Task WorkerRun_EveryOutcome_LogsHoldNoConnectionStringKeyOrSas()
    {
        BlobClient photo = await fixture.UploadAsync("secrets/photo.jpg", TestImages.Jpeg(64, 64, new Rgb24(20, 30, 120)));
        BlobClient text = await fixture.UploadAsync("secrets/notes.jpg", TestImages.Text());
        BlobClient gone = await fixture.UploadAsync("secrets/gone.jpg", TestImages.Jpeg(32, 32, new Rgb24(1, 2, 3)));
        await gone.DeleteAsync();
        // The host passes the blob's URI in the trigger metadata; here it carries a SAS, as an Event Grid URL can.
        var sas = new BlobClient(photo.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1)));

        var results = new List<InvocationResult>();
        foreach (BlobClient upload in new[] { photo, text, gone, sas, photo })
        {
            results.Add(await fixture.Worker.InvokeBlobTriggerAsync(nameof(ClassifyUpload), upload));
        }

        string sasSignature = System.Web.HttpUtility.ParseQueryString(sas.Uri.Query)["sig"]!;
        string[] lines =
        [
            .. fixture.Worker.Logs.Select(l => $"{l.Level} {l.Category} {l.Message} {l.Exception}"),
            .. fixture.ConsoleOutput,
            .. results.Select(r => r.Error?.ToString() ?? ""),
        ];
        Assert.True(lines.Length > 5, "Nothing was captured.");
        Assert.Contains(lines, l => l.Contains("Classified secrets/photo.jpg", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Rejected secrets/notes.jpg", StringComparison.Ordinal));
        foreach (string line in lines)
        {
            Assert.DoesNotContain(SecretScanner.AzuriteDevelopmentKey, line, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.ConnectionString, line, StringComparison.Ordinal);
            Assert.DoesNotContain(sasSignature, line, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey=", line, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(SecretScanner.Find(line));
        }
    }
}
