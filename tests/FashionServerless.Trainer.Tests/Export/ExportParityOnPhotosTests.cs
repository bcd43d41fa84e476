using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Model;

namespace FashionServerless.Trainer.Tests.Export;

/// <summary>Parity on real preprocessed photos from ../shared/data/apparel, when that folder is present.</summary>
public sealed class ExportParityOnPhotosTests
{
    [SkippableFact]
    public void Verify_RealPreprocessedPhotos_PassesParity()
    {
        string? data = FindApparelData();
        Skip.If(data is null, "../shared/data/apparel (real photos) is not present next to the repository; this check runs only where it is.");
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default with { Width = ExportTestModels.InputSize, Height = ExportTestModels.InputSize });
        string[] photos = [.. Directory.GetDirectories(data!).Order(StringComparer.Ordinal)
            .SelectMany(folder => Directory.GetFiles(folder, "*.jpg").Order(StringComparer.Ordinal).Take(2))];
        var images = new float[photos.Length * preprocessor.Spec.ValuesPerImage];
        for (int i = 0; i < photos.Length; i++)
        {
            preprocessor.PreprocessInto(File.ReadAllBytes(photos[i]),
                images.AsSpan(i * preprocessor.Spec.ValuesPerImage, preprocessor.Spec.ValuesPerImage));
        }

        using ReferenceCnn model = ExportTestModels.Trained(seed: 31);
        OnnxExport export = OnnxExporter.Export(model, new Dictionary<string, string>());
        ParityReport report = ExportParityCheck.Verify(model, export, images);

        Assert.Equal(photos.Length, report.ImageSamples);
        Assert.InRange(report.ImagesMaxAbsDifference!.Value, 0, 1e-4);
    }

    private static string? FindApparelData()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FashionServerless.sln")))
            {
                string candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data", "apparel"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
