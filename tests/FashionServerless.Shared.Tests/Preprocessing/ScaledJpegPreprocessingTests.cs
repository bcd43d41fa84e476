using FashionServerless.Shared.Preprocessing;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FashionServerless.Shared.Tests.Preprocessing;

/// <summary>
/// Preprocessing version 2 (JPEG decoded by libjpeg-turbo at reduced size) gives what version 1 gives up to decoder
/// rounding: the same colours, orientation, padding and channel order; only the pixel decoding differs.
/// </summary>
public sealed class ScaledJpegPreprocessingTests
{
    private static readonly Rgb24 Red = new(200, 30, 40);
    private static readonly Rgb24 Green = new(30, 170, 60);
    private static readonly Rgb24 Blue = new(20, 40, 220);
    private static readonly Rgb24 Yellow = new(230, 210, 30);
    private static readonly PreprocessingSpec Version1 = PreprocessingSpec.Default;
    private static readonly PreprocessingSpec Version2 = PreprocessingSpec.Default with { Version = PreprocessingSpec.ScaledJpegVersion };

    [Theory]
    [InlineData(120, 80)] // smaller than twice the input: full size
    [InlineData(800, 600)] // an eighth: 100x75, so a quarter
    [InlineData(4000, 3000)] // an eighth
    public void Preprocess_SolidJpeg_GivesItsColourAtAnySize(int width, int height)
    {
        float[] values = new ImagePreprocessor(Version2).Preprocess(TestImages.Jpeg(width, height, Red));

        ImagePreprocessorTests.AssertUniform(values, 96, 96, Red, tolerance: 2, $"{width}x{height}");
    }

    [Fact]
    public void Preprocess_GrayscaleJpeg_RepeatsLuminanceInEveryChannel()
    {
        float[] values = new ImagePreprocessor(Version2).Preprocess(TestImages.GrayscaleJpeg(400, 240, 90));

        ImagePreprocessorTests.AssertUniform(values, 96, 96, new Rgb24(90, 90, 90), tolerance: 1, "grayscale");
    }

    [Fact]
    public void Preprocess_CmykJpeg_ConvertsToRgbAsVersion1Does()
    {
        byte[] encoded = TestImages.CmykJpeg(256, 256, cyan: 0, magenta: 255, yellow: 155, black: 128);

        float[] expected = new ImagePreprocessor(Version1).Preprocess(encoded);
        float[] actual = new ImagePreprocessor(Version2).Preprocess(encoded);

        AssertClose(expected, actual, meanTolerance: 3, "cmyk");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Preprocess_ExifOrientation_DisplaysAsVersion1Does(int orientation)
    {
        // 640x320 with four colours: each orientation shows a different arrangement, decoded at a quarter size.
        byte[] encoded = TestImages.QuadrantJpegWithOrientation(640, 320, (ushort)orientation, Red, Green, Blue, Yellow);
        var spec = PreprocessingSpec.Default with { Width = 40, Height = 40 };

        float[] expected = new ImagePreprocessor(spec).Preprocess(encoded);
        float[] actual = new ImagePreprocessor(spec with { Version = PreprocessingSpec.ScaledJpegVersion }).Preprocess(encoded);

        AssertClose(expected, actual, meanTolerance: 4, $"orientation {orientation}");
    }

    [Fact]
    public void Preprocess_PadToSquare_PadsWhiteLikeVersion1()
    {
        var spec = Version2 with { Width = 32, Height = 32, ResizeMode = FashionServerless.Shared.Preprocessing.ResizeMode.PadToSquare };

        float[] values = new ImagePreprocessor(spec).Preprocess(TestImages.Jpeg(800, 400, Blue));

        // 800x400 fits as 32x16, centred: rows 0-7 and 24-31 are padding.
        Assert.Equal(1f, values[(2 * 32) + 16]);
        Assert.Equal(1f, values[(29 * 32) + 16]);
        ImagePreprocessorTests.AssertUniform([.. Rows(values, 32, 32, 10, 22)], 32, 12, Blue, tolerance: 2, "content");
    }

    [Fact]
    public void Preprocess_LargeNaturalPhoto_StaysCloseToFullDecode()
    {
        // A smooth gradient with texture, scaled to 12 megapixels: decoded at an eighth, it must still look the same
        // at 96x96 (mean difference under 2 of 255 per value).
        byte[] encoded = GradientPhoto(4000, 3000);

        float[] expected = new ImagePreprocessor(Version1).Preprocess(encoded);
        float[] actual = new ImagePreprocessor(Version2).Preprocess(encoded);

        AssertClose(expected, actual, meanTolerance: 2, "12 megapixels");
    }

    [Fact]
    public void Preprocess_SameInputTwiceAndConcurrently_GivesIdenticalValues()
    {
        var preprocessor = new ImagePreprocessor(Version2);
        byte[][] inputs = [.. Enumerable.Range(0, 12).Select(seed => TestImages.NoiseJpeg(300 + (seed * 40), 200, seed))];
        float[][] expected = [.. inputs.Select(input => preprocessor.Preprocess(input))];

        float[][] actual = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i => actual[i] = preprocessor.Preprocess(inputs[i]));

        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
            Assert.Equal(expected[i], preprocessor.Preprocess(inputs[i]));
        }
    }

    [Fact]
    public void Preprocess_NonJpegFormats_AreDecodedExactlyAsInVersion1()
    {
        byte[][] inputs = [TestImages.NoisePng(300, 200), TestImages.Webp(300, 200, Red), TestImages.Bmp(300, 200, Green), TestImages.Gif(300, 200, Blue)];

        foreach (byte[] input in inputs)
        {
            Assert.Equal(new ImagePreprocessor(Version1).Preprocess(input), new ImagePreprocessor(Version2).Preprocess(input));
        }
    }

    [Fact]
    public void Constructor_UnknownVersion_ThrowsNotSupportedNamingTheVersions()
    {
        var error = Assert.Throws<NotSupportedException>(() => new ImagePreprocessor(PreprocessingSpec.Default with { Version = 99 }));

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
        Assert.Contains("1, 2", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<float> Rows(float[] values, int width, int height, int fromRow, int toRow)
    {
        int plane = width * height;
        for (int c = 0; c < 3; c++)
        {
            for (int y = fromRow; y < toRow; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    yield return values[(c * plane) + (y * width) + x];
                }
            }
        }
    }

    private static byte[] GradientPhoto(int width, int height)
    {
        // Drawn at 400x300 with noise, enlarged: smooth at full size like a real photo, with detail at 96x96.
        var random = new Random(3);
        using var small = new Image<Rgb24>(400, 300);
        for (int y = 0; y < 300; y++)
        {
            for (int x = 0; x < 400; x++)
            {
                small[x, y] = new Rgb24((byte)((x * 255 / 400) ^ random.Next(32)), (byte)(y * 255 / 300), (byte)(((x + y) * 3) % 256));
            }
        }

        small.Mutate(c => c.Resize(width, height, KnownResamplers.Bicubic));
        using var output = new MemoryStream();
        small.SaveAsJpeg(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, double meanTolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double mean = expected.Zip(actual, (e, a) => Math.Abs(e - a) * 255.0).Average();
        Assert.True(mean <= meanTolerance, $"{what}: version 2 differs from version 1 by {mean:F2} of 255 on average (tolerance {meanTolerance}).");
    }
}
