using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Shared.Tests.Preprocessing;

/// <summary>
/// Runs the preprocessor over the real apparel photos (../shared/data/apparel, absent on a fresh clone), which
/// catches real-world JPEG quirks that synthetic images lack, such as a structure check rejecting valid files.
/// </summary>
public sealed class ImagePreprocessorRealPhotoTests
{
    private const int PhotosPerClass = 20;

    [SkippableTheory]
    [InlineData(PreprocessingSpec.FullDecodeVersion)]
    [InlineData(PreprocessingSpec.ScaledJpegVersion)]
    public void PreprocessBatch_RealPhotos_AcceptsAllAndGivesValuesInUnitRange(int version)
    {
        string? root = FindApparelData();
        Skip.If(root is null, "Real photos not found at ../shared/data/apparel next to the repository; this test only runs where they are present.");
        string[] files = [.. Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(PhotosPerClass))];
        Assert.NotEmpty(files);
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default with { Version = version });
        ReadOnlyMemory<byte>[] images = [.. files.Select(f => (ReadOnlyMemory<byte>)File.ReadAllBytes(f))];
        float[] buffer = new float[images.Length * PreprocessingSpec.Default.ValuesPerImage];

        BatchPreprocessResult result = preprocessor.PreprocessBatch(images, buffer, maxDegreeOfParallelism: 2);

        Assert.True(result.AllAccepted, string.Join("\n", result.Rejections.Select(r => $"{files[r.Index]}: {r.Error.ReasonCode} {r.Error.Message}")));
        Assert.InRange(buffer.Min(), 0f, 1f);
        Assert.InRange(buffer.Max(), 0f, 1f);
        Assert.True(buffer.Distinct().Count() > 200, "real photos should give many distinct values");
    }

    private static string? FindApparelData()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FashionServerless.sln")))
            {
                string data = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "apparel"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }
}
