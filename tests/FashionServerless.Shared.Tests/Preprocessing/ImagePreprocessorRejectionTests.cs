using FashionServerless.Shared.Preprocessing;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Preprocessing;

/// <summary>Every kind of bad input gets its specific reason code, never a generic exception.</summary>
public sealed class ImagePreprocessorRejectionTests
{
    private static readonly Rgb24 Grey = new(128, 128, 128);
    private static readonly ImagePreprocessor Default = new(PreprocessingSpec.Default);

    public static TheoryData<string, byte[], string> BadInputs => new()
    {
        { "empty", TestImages.Empty(), "not_an_image" },
        { "text", TestImages.Text(), "not_an_image" },
        { "random bytes", TestImages.RandomBytes(), "not_an_image" },
        { "tiff", TestImages.Tiff(32, 32, Grey), "unsupported_format" },
        { "tga", TestImages.Tga(32, 32, Grey), "unsupported_format" },
        { "heic header", [0, 0, 0, 24, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8], "unsupported_format" },
        { "png header claiming 20000x20000", TestImages.PngHeaderOnly(20_000, 20_000), "too_large" },
        { "jpeg cut in half", TestImages.TruncatedJpeg(), "corrupt" },
        { "jpeg cut in its headers", TestImages.NoiseJpeg(64, 64)[..300], "corrupt" },
        { "jpeg without its last byte", TestImages.NoiseJpeg(64, 64)[..^1], "corrupt" },
        { "png cut in half", Half(TestImages.NoisePng(128, 128)), "corrupt" },
        { "png header only, sane size", TestImages.PngHeaderOnly(64, 64), "corrupt" },
        { "gif cut in half", Half(TestImages.Gif(128, 128, Grey)), "corrupt" },
        { "bmp cut in half", Half(TestImages.Bmp(128, 128, Grey)), "corrupt" },
        { "webp cut in half", Half(TestImages.Webp(128, 128, Grey)), "corrupt" },
        { "jpeg signature then garbage", [0xFF, 0xD8, 0xFF, .. TestImages.RandomBytes(200)], "corrupt" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Preprocess_BadInput_IsRejectedWithReasonCode(string what, byte[] encoded, string expectedCode)
    {
        var error = Assert.Throws<ImageRejectedException>(() => Default.Preprocess(encoded));

        Assert.True(expectedCode == error.ReasonCode, $"{what}: expected {expectedCode}, got {error.ReasonCode} ({error.Message}).");
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Preprocess_TiffNamedLikeJpeg_IsRejectedByHeaderNotName()
    {
        // There is no file name in the API at all: only the header decides.
        var error = Assert.Throws<ImageRejectedException>(() => Default.Preprocess(TestImages.Tiff(16, 16, Grey)));

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
        Assert.Contains("TIFF", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preprocess_OverPixelLimit_IsTooLargeBeforeDecoding()
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default, new ImageLimits { MaxPixels = 100 * 100 });

        var error = Assert.Throws<ImageRejectedException>(() => preprocessor.Preprocess(TestImages.Png(101, 100, Grey)));

        Assert.Equal("too_large", error.ReasonCode);
        Assert.Contains("101x100", error.Message, StringComparison.Ordinal);
        Assert.Equal(3 * 96 * 96, preprocessor.Preprocess(TestImages.Png(100, 100, Grey)).Length);
    }

    [Fact]
    public void Preprocess_OverByteLimit_IsTooLarge()
    {
        byte[] encoded = TestImages.Png(64, 64, Grey);
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default, new ImageLimits { MaxBytes = encoded.Length - 1 });

        var error = Assert.Throws<ImageRejectedException>(() => preprocessor.Preprocess(encoded));

        Assert.Equal("too_large", error.ReasonCode);
    }

    [Fact]
    public void Preprocess_JpegWithTrailingBytesAfterEnd_IsAccepted()
    {
        // Some cameras append data after the end-of-image marker; the image itself is whole.
        byte[] encoded = [.. TestImages.Jpeg(32, 32, Grey), .. TestImages.RandomBytes(100)];

        ImagePreprocessorTests.AssertUniform(Default.Preprocess(encoded), 96, 96, Grey, tolerance: 2, "trailing bytes");
    }

    [Fact]
    public void Preprocess_GifWithoutTrailer_IsAccepted()
    {
        byte[] encoded = TestImages.Gif(32, 32, Grey)[..^1];

        ImagePreprocessorTests.AssertUniform(Default.Preprocess(encoded), 96, 96, Grey, tolerance: 2, "no trailer");
    }

    private static byte[] Half(byte[] data) => data[..(data.Length / 2)];
}
