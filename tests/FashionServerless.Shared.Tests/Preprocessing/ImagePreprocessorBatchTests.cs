using FashionServerless.Shared.Preprocessing;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Preprocessing;

public sealed class ImagePreprocessorBatchTests
{
    private static readonly PreprocessingSpec Small = PreprocessingSpec.Default with { Width = 16, Height = 16 };

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void PreprocessBatch_MixedInputs_FillsSlotsInOrderAndReportsRejections(int parallelism)
    {
        var preprocessor = new ImagePreprocessor(Small);
        ReadOnlyMemory<byte>[] images =
        [
            TestImages.Jpeg(40, 30, new Rgb24(200, 0, 0)),
            TestImages.Text(),
            TestImages.Png(40, 30, new Rgb24(0, 200, 0)),
            TestImages.TruncatedJpeg(),
            TestImages.Webp(40, 30, new Rgb24(0, 0, 200)),
        ];
        int perImage = Small.ValuesPerImage;
        float[] buffer = new float[images.Length * perImage];
        Array.Fill(buffer, -1f); // a reused buffer holds the previous batch

        BatchPreprocessResult result = preprocessor.PreprocessBatch(images, buffer, parallelism);

        Assert.Equal(5, result.Count);
        Assert.Equal(3, result.AcceptedCount);
        Assert.False(result.AllAccepted);
        Assert.Equal([1, 3], result.Rejections.Select(r => r.Index));
        Assert.Equal(["not_an_image", "corrupt"], result.Rejections.Select(r => r.Error.ReasonCode));
        Assert.Null(result.RejectionAt(0));
        Assert.Equal("corrupt", result.RejectionAt(3)?.ReasonCode);
        for (int i = 0; i < images.Length; i++)
        {
            float[] slot = buffer[(i * perImage)..((i + 1) * perImage)];
            float[] expected = result.RejectionAt(i) is null ? preprocessor.Preprocess(images[i].Span) : new float[perImage];
            Assert.Equal(expected, slot);
        }
    }

    [Fact]
    public void PreprocessBatch_BufferLargerThanBatch_LeavesTailUntouched()
    {
        var preprocessor = new ImagePreprocessor(Small);
        float[] buffer = new float[3 * Small.ValuesPerImage];
        Array.Fill(buffer, -1f);

        BatchPreprocessResult result = preprocessor.PreprocessBatch([TestImages.Png(8, 8, new Rgb24(1, 2, 3))], buffer);

        Assert.True(result.AllAccepted);
        Assert.All(buffer[Small.ValuesPerImage..], v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void PreprocessBatch_BufferTooSmall_Throws()
    {
        var preprocessor = new ImagePreprocessor(Small);

        Assert.Throws<ArgumentException>(() => preprocessor.PreprocessBatch(
            [TestImages.Png(8, 8, default), TestImages.Png(8, 8, default)], new float[Small.ValuesPerImage]));
    }

    [Fact]
    public void PreprocessBatch_MemoryNotBackedByArrayStart_UsesTheSlice()
    {
        var preprocessor = new ImagePreprocessor(Small);
        byte[] png = TestImages.Png(8, 8, new Rgb24(9, 8, 7));
        byte[] padded = [0xAA, 0xBB, .. png, 0xCC];
        float[] buffer = new float[Small.ValuesPerImage];

        BatchPreprocessResult result = preprocessor.PreprocessBatch([padded.AsMemory(2, png.Length)], buffer);

        Assert.True(result.AllAccepted);
        Assert.Equal(preprocessor.Preprocess(png), buffer);
    }

    [Fact]
    public void PreprocessBatch_OverByteLimit_ReportsTooLarge()
    {
        var preprocessor = new ImagePreprocessor(Small, new ImageLimits { MaxBytes = 10 });

        BatchPreprocessResult result = preprocessor.PreprocessBatch([TestImages.Png(8, 8, default)], new float[Small.ValuesPerImage]);

        Assert.Equal("too_large", Assert.Single(result.Rejections).Error.ReasonCode);
    }
}
