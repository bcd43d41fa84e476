using FashionServerless.Shared.Predictions;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Images;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Functions.Tests.Predictions;

public sealed class UploadBackfillTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Rgb24 Navy = new(20, 30, 120);

    [Fact]
    public async Task ClassifyContainerAsync_MixedUploads_ClassifiesRejectsAndSkipsDone()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.PublishAndPromoteAsync(harness.ConstantModel(ReferenceScores.BlackDressShirt));
        await harness.UploadAsync("one.jpg", TestImages.Jpeg(64, 64, Navy));
        await harness.UploadAsync("nested/two.png", TestImages.Png(64, 64, Navy));
        await harness.UploadAsync("nested/bad.txt", TestImages.Text());
        await harness.Services.GetRequiredService<UploadClassifier>().ClassifyAsync("one.jpg");

        ContainerClassificationSummary summary = await harness.Services.GetRequiredService<UploadBackfill>().ClassifyContainerAsync();

        Assert.Equal(new ContainerClassificationSummary(1, 1, 1, 0, []), summary with { Failures = [] });
        Assert.Empty(summary.Failures);
        Assert.Equal(PredictionStatus.Classified, (await harness.ReadRecordAsync("nested/two.png"))!.Status);
        Assert.Equal("not_an_image", (await harness.ReadRecordAsync("nested/bad.txt"))!.Rejection!.Reason);
    }

    [Fact]
    public async Task ClassifyContainerAsync_NoModelPromoted_ThrowsBeforeTouchingUploads()
    {
        await using PipelineHarness harness = await PipelineHarness.StartAsync(azurite);
        await harness.UploadAsync("one.jpg", TestImages.Jpeg(64, 64, Navy));

        await Assert.ThrowsAsync<FashionServerless.Shared.Serving.ModelUnavailableException>(
            () => harness.Services.GetRequiredService<UploadBackfill>().ClassifyContainerAsync());

        Assert.Null(await harness.ReadRecordAsync("one.jpg"));
    }
}
