using FashionServerless.Shared.Labels;
using FashionServerless.Trainer.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Tests.Synthetic;

public sealed class SyntheticApparelGeneratorTests
{
    [Fact]
    public void Generate_DefaultClasses_WritesOneFolderPerClassWithValidJpegsOfTheRequestedSize()
    {
        using var folder = new TemporaryFolder();

        IReadOnlyList<string> files = SyntheticApparelGenerator.Generate(folder.Path, new SyntheticDataOptions { ImagesPerClass = 3, Size = 64 });

        Assert.Equal(30, files.Count);
        string[] classFolders = [.. Directory.GetDirectories(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(SyntheticDataOptions.ReferenceClasses, classFolders);
        foreach (string classFolder in classFolders)
        {
            string[] images = Directory.GetFiles(Path.Combine(folder.Path, classFolder));
            Assert.Equal(3, images.Length);
            foreach (string image in images)
            {
                Assert.EndsWith(".jpg", image, StringComparison.Ordinal);
                IImageFormat? format = Image.DetectFormat(image);
                Assert.IsType<JpegFormat>(format);
                using Image<Rgb24> decoded = Image.Load<Rgb24>(image);
                Assert.Equal((64, 64), (decoded.Width, decoded.Height));
            }
        }
    }

    [Fact]
    public void Generate_SameSeedTwice_WritesIdenticalBytes()
    {
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();
        var options = new SyntheticDataOptions { Classes = ["blue_shirt", "black_shoes"], ImagesPerClass = 4, Seed = 7 };

        IReadOnlyList<string> a = SyntheticApparelGenerator.Generate(first.Path, options);
        IReadOnlyList<string> b = SyntheticApparelGenerator.Generate(second.Path, options);

        Assert.Equal(a.Select(p => Path.GetRelativePath(first.Path, p)), b.Select(p => Path.GetRelativePath(second.Path, p)));
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(a[i]), File.ReadAllBytes(b[i]));
        }
    }

    [Fact]
    public void Generate_DifferentSeeds_WritesDifferentImages()
    {
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();

        string a = SyntheticApparelGenerator.Generate(first.Path, new SyntheticDataOptions { Classes = ["black_dress"], ImagesPerClass = 1, Seed = 1 })[0];
        string b = SyntheticApparelGenerator.Generate(second.Path, new SyntheticDataOptions { Classes = ["black_dress"], ImagesPerClass = 1, Seed = 2 })[0];

        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Render_DarkGarmentOnLightBackground_CornersLightAndCentreDark()
    {
        byte[] rgb = SyntheticApparelGenerator.Render(new ClassName("black", "shirt"), 96, new Random(3));

        static double Brightness(byte[] pixels, int x, int y) => (pixels[((y * 96) + x) * 3] + pixels[((y * 96) + x) * 3 + 1] + pixels[((y * 96) + x) * 3 + 2]) / 3.0;
        Assert.True(Brightness(rgb, 1, 1) > 180, "the background is light");
        Assert.True(Brightness(rgb, 48, 60) < 100, "the shirt's torso is dark");
    }

    [Fact]
    public void Render_FiveGarments_HaveClearlyDifferentSilhouettes()
    {
        string[] garments = ["dress", "pants", "shirt", "shoes", "shorts"];
        bool[][] masks = [.. garments.Select(g => Mask(SyntheticApparelGenerator.Render(new ClassName("black", g), 64, new Random(11))))];

        for (int i = 0; i < masks.Length; i++)
        {
            for (int j = i + 1; j < masks.Length; j++)
            {
                double differing = masks[i].Zip(masks[j]).Count(p => p.First != p.Second) / (double)masks[i].Length;
                Assert.True(differing > 0.08, $"{garments[i]} and {garments[j]} differ in only {differing:P1} of pixels");
            }
        }

        static bool[] Mask(byte[] rgb) => [.. Enumerable.Range(0, rgb.Length / 3).Select(p => rgb[p * 3] < 128)];
    }

    [Theory]
    [InlineData("black-dress")]
    [InlineData("purple_dress")]
    [InlineData("black_hat")]
    public void Generate_ClassThatCannotBeDrawn_ThrowsBeforeWritingAnything(string className)
    {
        using var folder = new TemporaryFolder();

        Exception error = Assert.ThrowsAny<Exception>(() =>
            SyntheticApparelGenerator.Generate(folder.Path, new SyntheticDataOptions { Classes = [className], ImagesPerClass = 1 }));

        Assert.True(error is ArgumentException or InvalidClassFolderException, error.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }
}
