using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using SixLabors.ImageSharp.PixelFormats;
using Azure.Storage.Blobs;

namespace FashionServerless.Trainer.Tests.Publishing;

/// <summary>
/// Constant-output models with known macro-F1 on a known labelled set, so gate decisions are deterministic: on two
/// black_dress and two black_shirt images, <see cref="Good"/> scores 1/3 (black 1, dress 2/3, shirt 2/3) and
/// <see cref="Bad"/> 0 (predicts nothing).
/// </summary>
internal static class GateModels
{
    public static TestModel Good(string? version = null) => TestModels.CreateConstant(Scores(0.9f, "black", "dress", "shirt"), version: version);

    public static TestModel Bad(string? version = null) => TestModels.CreateConstant(Scores(0.9f), version: version);

    public static string[] EvaluationBlobs { get; } = ["black_dress/a.jpg", "black_dress/b.jpg", "black_shirt/c.jpg", "black_shirt/d.jpg"];

    public static async Task FillAsync(BlobContainerClient container)
    {
        await container.CreateIfNotExistsAsync();
        foreach (string name in EvaluationBlobs)
        {
            await container.GetBlobClient(name).UploadAsync(new BinaryData(TestImages.Jpeg(40, 40, new Rgb24(20, 20, 20))), overwrite: true);
        }
    }

    private static Dictionary<string, float> Scores(float high, params string[] positive) =>
        TestModels.ReferenceSchema.Labels.ToDictionary(l => l, l => positive.Contains(l) ? high : 0.1f);
}
