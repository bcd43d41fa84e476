using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Storage;

namespace FashionServerless.Shared.Dashboard;

/// <summary>Renders the dashboard and writes it to <c>metrics/dashboard/index.html</c>, its figures to <c>metrics/dashboard/data.json</c>.</summary>
public sealed class DashboardPublisher
{
    public const string PageBlobName = "dashboard/index.html";

    public const string DataBlobName = "dashboard/data.json";

    private readonly DashboardReader _reader;
    private readonly BlobContainerClient _metrics;

    public DashboardPublisher(BlobServiceClient blobService, BlobLayoutOptions layout, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(layout);
        _reader = new DashboardReader(blobService, layout, time);
        _metrics = blobService.GetBlobContainerClient(layout.Metrics);
    }

    /// <summary>Reads the figures, renders the page and writes both blobs (data first, so the page never links to older data).</summary>
    public async Task<DashboardPublication> PublishAsync(CancellationToken cancellationToken = default)
    {
        DashboardData data = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        string page = DashboardPage.Render(data);
        await _metrics.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await Upload(DataBlobName, new BinaryData(ManifestJson.SerializeToUtf8Bytes(data)), "application/json", cancellationToken).ConfigureAwait(false);
        BlobClient pageBlob = await Upload(PageBlobName, BinaryData.FromString(page), "text/html; charset=utf-8", cancellationToken).ConfigureAwait(false);
        return new DashboardPublication(pageBlob.Uri, data, page);
    }

    private async Task<BlobClient> Upload(string name, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        BlobClient blob = _metrics.GetBlobClient(name);
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType, CacheControl = "no-cache" } }, cancellationToken)
            .ConfigureAwait(false);
        return blob;
    }
}
