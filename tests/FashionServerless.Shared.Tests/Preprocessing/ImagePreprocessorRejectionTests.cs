using FashionServerless.Shared.Preprocessing;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Preprocessing;

/// <summary>
/// Every kind of bad input gets its specific reason code, never a generic exception, under every preprocessing version
/// (version 2 decodes JPEG with another decoder, so each check runs for both).
/// </summary>
public sealed class ImagePreprocessorRejectionTests
{
    private static readonly Rgb24 Grey = new(128, 128, 128);
    private static readonly ImagePreprocessor Default = new(PreprocessingSpec.Default);
    private static readonly ImagePreprocessor ScaledJpeg = new(PreprocessingSpec.Default with { Version = PreprocessingSpec.ScaledJpegVersion });

    public static TheoryData<int> Versions => [.. PreprocessingSpec.SupportedVersions];

    public static TheoryData<string, byte[], string> BadInputs => new()
    {
        { "jpeg cut in its scan, large enough to decode scaled", TestImages.TruncatedJpeg(800, 600), "corrupt" },
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
        foreach (ImagePreprocessor preprocessor in new[] { Default, ScaledJpeg })
        {
            var error = Assert.Throws<ImageRejectedException>(() => preprocessor.Preprocess(encoded));

            Assert.True(expectedCode == error.ReasonCode, $"{what}, version {preprocessor.Spec.Version}: expected {expectedCode}, got {error.ReasonCode} ({error.Message}).");
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
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

    [Theory]
    [MemberData(nameof(Versions))]
    public void Preprocess_JpegOverPixelLimit_IsTooLargeBeforeDecoding(int version)
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default with { Version = version }, new ImageLimits { MaxPixels = 1000 * 800 });

        var error = Assert.Throws<ImageRejectedException>(() => preprocessor.Preprocess(TestImages.Jpeg(1001, 800, Grey)));

        Assert.Equal("too_large", error.ReasonCode);
        Assert.Contains("1001x800", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preprocess_OverByteLimit_IsTooLarge()
    {
        byte[] encoded = TestImages.Png(64, 64, Grey);
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default, new ImageLimits { MaxBytes = encoded.Length - 1 });

        var error = Assert.Throws<ImageRejectedException>(() => preprocessor.Preprocess(encoded));

        Assert.Equal("too_large", error.ReasonCode);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Preprocess_JpegWithTrailingBytesAfterEnd_IsAccepted(int version)
    {
        // Some cameras append data after the end-of-image marker; the image itself is whole.
        byte[] encoded = [.. TestImages.Jpeg(320, 320, Grey), .. TestImages.RandomBytes(100)];
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default with { Version = version });

        ImagePreprocessorTests.AssertUniform(preprocessor.Preprocess(encoded), 96, 96, Grey, tolerance: 2, "trailing bytes");
    }

    [Fact]
    public void Preprocess_GifWithoutTrailer_IsAccepted()
    {
        byte[] encoded = TestImages.Gif(32, 32, Grey)[..^1];

        ImagePreprocessorTests.AssertUniform(Default.Preprocess(encoded), 96, 96, Grey, tolerance: 2, "no trailer");
    }

    public static TheoryData<string, byte[], int> WholeImages => new()
    {
        { "jpeg", TestImages.NoiseJpeg(24, 24), PreprocessingSpec.FullDecodeVersion },
        { "png", TestImages.NoisePng(24, 24), PreprocessingSpec.FullDecodeVersion },
        { "webp", TestImages.Webp(24, 24, Grey), PreprocessingSpec.FullDecodeVersion },
        { "bmp", TestImages.Bmp(8, 8, Grey), PreprocessingSpec.FullDecodeVersion },
        { "gif", TestImages.Gif(24, 24, Grey), PreprocessingSpec.FullDecodeVersion },
        { "jpeg", TestImages.NoiseJpeg(24, 24), PreprocessingSpec.ScaledJpegVersion },
        // 200x200 decodes at half size under version 2, so damage reaches libjpeg-turbo's scaled path.
        { "jpeg", TestImages.NoiseJpeg(200, 200), PreprocessingSpec.ScaledJpegVersion },
        { "progressive jpeg", TestImages.ProgressiveNoiseJpeg(), PreprocessingSpec.ScaledJpegVersion },
    };

    /// <summary>
    /// Cutting an image at any byte gives the same answer every time. ImageSharp parses a header cut short from
    /// leftover pooled memory, so a cut that reached the decoder once answered "unsupported WebP variant" in one
    /// run and "corrupt" in the next; every cut point must be caught before that.
    /// </summary>
    [Theory]
    [MemberData(nameof(WholeImages))]
    public void Preprocess_CutAtEveryByte_IsCorruptOrNotAnImage(string format, byte[] whole, int version)
    {
        // A GIF may lack only its one-byte trailer (see Preprocess_GifWithoutTrailer_IsAccepted).
        int longestCut = format == "gif" ? whole.Length - 2 : whole.Length - 1;
        ImagePreprocessor preprocessor = version == PreprocessingSpec.ScaledJpegVersion ? ScaledJpeg : Default;
        var answers = new List<string>();
        for (int length = 1; length <= longestCut; length++)
        {
            var error = Assert.Throws<ImageRejectedException>(() => preprocessor.Preprocess(whole.AsSpan(0, length).ToArray()));
            if (error.Reason is not (ImageRejectionReason.Corrupt or ImageRejectionReason.NotAnImage))
            {
                answers.Add($"{length}/{whole.Length} bytes: {error.ReasonCode} ({error.Message})");
            }
        }

        Assert.True(answers.Count == 0, $"{format} (version {version}) cut short was not rejected as corrupt:\n{string.Join("\n", answers)}");
    }

    /// <summary>
    /// Damaged bytes inside a structurally whole image either decode or are rejected with a reason; no decoder
    /// exception escapes (one that did would crash the function host's invocation instead of recording a rejection).
    /// </summary>
    [Theory]
    [MemberData(nameof(WholeImages))]
    public void Preprocess_RandomBytesDamaged_DecodesOrRejectsWithReason(string format, byte[] whole, int version)
    {
        ImagePreprocessor preprocessor = version == PreprocessingSpec.ScaledJpegVersion ? ScaledJpeg : Default;
        var random = new Random((format.Length * 7919) + ((version - 1) * whole.Length));
        var escaped = new List<string>();
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] damaged = (byte[])whole.Clone();
            int flips = random.Next(1, 5);
            for (int f = 0; f < flips; f++)
            {
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
            }

            try
            {
                Assert.Equal(3 * 96 * 96, preprocessor.Preprocess(damaged).Length);
            }
            catch (ImageRejectedException)
            {
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                escaped.Add($"trial {trial}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(escaped.Count == 0, $"{format} (version {version}): decoder exceptions escaped:\n{string.Join("\n", escaped.Distinct().Take(20))}");
    }

    private static byte[] Half(byte[] data) => data[..(data.Length / 2)];
}
