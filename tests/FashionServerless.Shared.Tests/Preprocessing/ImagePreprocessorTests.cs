using FashionServerless.Shared.Preprocessing;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Preprocessing;

public sealed class ImagePreprocessorTests
{
    private static readonly Rgb24 Red = new(200, 30, 40);
    private static readonly Rgb24 Blue = new(20, 40, 220);
    private static readonly ImagePreprocessor Default = new(PreprocessingSpec.Default);

    public static TheoryData<string, byte[]> AcceptedFormats => new()
    {
        { "jpeg", TestImages.Jpeg(120, 80, Red) },
        { "png", TestImages.Png(120, 80, Red) },
        { "webp", TestImages.Webp(120, 80, Red) },
        { "bmp", TestImages.Bmp(120, 80, Red) },
        { "gif", TestImages.Gif(120, 80, Red) },
    };

    [Theory]
    [MemberData(nameof(AcceptedFormats))]
    public void Preprocess_AcceptedFormat_GivesChwRgbScaledToUnit(string format, byte[] encoded)
    {
        float[] values = Default.Preprocess(encoded);

        Assert.Equal(3 * 96 * 96, values.Length);
        AssertUniform(values, 96, 96, Red, tolerance: 2, format);
    }

    [Fact]
    public void Preprocess_Default_OutputIsChannelsFirst()
    {
        var spec = PreprocessingSpec.Default with { Width = 4, Height = 2 };
        float[] values = new ImagePreprocessor(spec).Preprocess(TestImages.Png(4, 2, new Rgb24(255, 0, 51)));

        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1], values[..8]);
        Assert.Equal(new float[8], values[8..16]);
        Assert.All(values[16..], v => Assert.Equal(51 / 255f, v));
    }

    [Fact]
    public void Preprocess_CustomScale_DividesByScale()
    {
        var spec = PreprocessingSpec.Default with { Width = 2, Height = 2, Scale = 1f };
        float[] values = new ImagePreprocessor(spec).Preprocess(TestImages.Png(2, 2, new Rgb24(10, 20, 30)));

        Assert.Equal([10, 10, 10, 10, 20, 20, 20, 20, 30, 30, 30, 30], values);
    }

    [Fact]
    public void Preprocess_GrayscaleJpeg_RepeatsLuminanceInEveryChannel()
    {
        float[] values = Default.Preprocess(TestImages.GrayscaleJpeg(40, 24, 90));

        AssertUniform(values, 96, 96, new Rgb24(90, 90, 90), tolerance: 1, "grayscale");
    }

    [Fact]
    public void Preprocess_CmykJpeg_ConvertsToRgb()
    {
        // No black ink: red = 255 - cyan and so on. Half black halves every channel.
        float[] plain = Default.Preprocess(TestImages.CmykJpeg(16, 16, cyan: 0, magenta: 255, yellow: 155, black: 0));
        float[] darkened = Default.Preprocess(TestImages.CmykJpeg(16, 16, cyan: 0, magenta: 255, yellow: 155, black: 128));

        AssertUniform(plain, 96, 96, new Rgb24(255, 0, 100), tolerance: 2, "cmyk");
        AssertUniform(darkened, 96, 96, new Rgb24(127, 0, 50), tolerance: 2, "cmyk with black");
    }

    [Fact]
    public void Preprocess_TransparentPng_FlattensOntoWhite()
    {
        float[] transparent = Default.Preprocess(TestImages.PngWithAlpha(32, 32, new Rgba32(0, 0, 0, 0)));
        float[] halfRed = Default.Preprocess(TestImages.PngWithAlpha(32, 32, new Rgba32(255, 0, 0, 128)));

        AssertUniform(transparent, 96, 96, new Rgb24(255, 255, 255), tolerance: 0, "transparent");
        AssertUniform(halfRed, 96, 96, new Rgb24(255, 127, 127), tolerance: 1, "half red");
    }

    [Fact]
    public void Preprocess_ExifOrientation6_RotatesToDisplayOrientation()
    {
        // Stored 64 wide x 32 tall, left red and right blue; displayed 32 x 64 with red on top.
        byte[] encoded = TestImages.JpegWithOrientation(64, 32, Red, Blue, orientation: 6);
        var spec = PreprocessingSpec.Default with { Width = 8, Height = 16 };

        float[] values = new ImagePreprocessor(spec).Preprocess(encoded);

        AssertPixel(values, 8, 16, x: 4, y: 1, Red, tolerance: 6);
        AssertPixel(values, 8, 16, x: 4, y: 14, Blue, tolerance: 6);
    }

    [Fact]
    public void Preprocess_WithoutOrientation_KeepsStoredLayout()
    {
        byte[] encoded = TestImages.JpegWithOrientation(64, 32, Red, Blue, orientation: 1);
        var spec = PreprocessingSpec.Default with { Width = 16, Height = 8 };

        float[] values = new ImagePreprocessor(spec).Preprocess(encoded);

        AssertPixel(values, 16, 8, x: 1, y: 4, Red, tolerance: 6);
        AssertPixel(values, 16, 8, x: 14, y: 4, Blue, tolerance: 6);
    }

    [Fact]
    public void Preprocess_PadToSquare_KeepsAspectAndPadsWhite()
    {
        var spec = PreprocessingSpec.Default with { Width = 32, Height = 32, ResizeMode = ResizeMode.PadToSquare };

        float[] values = new ImagePreprocessor(spec).Preprocess(TestImages.Png(100, 50, Blue));

        // 100x50 fits as 32x16, centred: rows 0-7 and 24-31 are padding.
        AssertPixel(values, 32, 32, x: 16, y: 2, new Rgb24(255, 255, 255), tolerance: 0);
        AssertPixel(values, 32, 32, x: 16, y: 29, new Rgb24(255, 255, 255), tolerance: 0);
        AssertPixel(values, 32, 32, x: 0, y: 16, Blue, tolerance: 1);
        AssertPixel(values, 32, 32, x: 16, y: 16, Blue, tolerance: 0);
    }

    [Fact]
    public void Preprocess_Stretch_FillsWholeTargetIgnoringAspect()
    {
        var spec = PreprocessingSpec.Default with { Width = 32, Height = 32 };

        float[] values = new ImagePreprocessor(spec).Preprocess(TestImages.Png(100, 50, Blue));

        AssertUniform(values, 32, 32, Blue, tolerance: 0, "stretch");
    }

    [Fact]
    public void Preprocess_AnimatedGif_UsesFirstFrame()
    {
        float[] values = Default.Preprocess(TestImages.AnimatedGif(20, 20, Red, Blue, Blue));

        AssertUniform(values, 96, 96, Red, tolerance: 2, "first frame");
    }

    [Fact]
    public void Preprocess_SameInputTwice_GivesIdenticalValues()
    {
        byte[] encoded = TestImages.NoiseJpeg(200, 150);

        Assert.Equal(Default.Preprocess(encoded), Default.Preprocess(encoded));
    }

    [Fact]
    public void Preprocess_ConcurrentCalls_GiveSameValuesAsSequential()
    {
        byte[][] inputs = [.. Enumerable.Range(0, 16).Select(seed => TestImages.NoiseJpeg(120, 90, seed))];
        float[][] expected = [.. inputs.Select(input => Default.Preprocess(input))];

        float[][] actual = new float[inputs.Length][];
        Parallel.For(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = Default.Preprocess(inputs[i]));

        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    [Fact]
    public void PreprocessInto_WrongDestinationLength_Throws()
    {
        var destination = new float[10];

        Assert.Throws<ArgumentException>(() => Default.PreprocessInto(TestImages.Png(4, 4, Red), destination));
    }

    [Fact]
    public void Constructor_NonPositiveSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ImagePreprocessor(PreprocessingSpec.Default with { Width = 0 }));
        Assert.Throws<ArgumentException>(() => new ImagePreprocessor(PreprocessingSpec.Default with { ChannelOrder = "BGR" }));
    }

    internal static void AssertUniform(float[] values, int width, int height, Rgb24 colour, int tolerance, string what)
    {
        int plane = width * height;
        byte[] channels = [colour.R, colour.G, colour.B];
        for (int c = 0; c < 3; c++)
        {
            float min = values.AsSpan(c * plane, plane).ToArray().Min() * 255f;
            float max = values.AsSpan(c * plane, plane).ToArray().Max() * 255f;
            Assert.True(Math.Abs(min - channels[c]) <= tolerance + 0.01 && Math.Abs(max - channels[c]) <= tolerance + 0.01,
                $"{what}: channel {c} ranges {min:F1}..{max:F1}, expected {channels[c]} ± {tolerance}.");
        }
    }

    private static void AssertPixel(float[] values, int width, int height, int x, int y, Rgb24 colour, int tolerance)
    {
        int plane = width * height;
        byte[] channels = [colour.R, colour.G, colour.B];
        for (int c = 0; c < 3; c++)
        {
            float actual = values[(c * plane) + (y * width) + x] * 255f;
            Assert.True(Math.Abs(actual - channels[c]) <= tolerance + 0.01, $"pixel ({x},{y}) channel {c} is {actual:F1}, expected {channels[c]} ± {tolerance}.");
        }
    }
}
