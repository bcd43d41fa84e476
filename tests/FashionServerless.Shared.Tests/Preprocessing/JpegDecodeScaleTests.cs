using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Shared.Tests.Preprocessing;

public sealed class JpegDecodeScaleTests
{
    [Theory]
    [InlineData(4000, 3000, 96, 96, 8)] // 12-megapixel phone photo: 500x375
    [InlineData(1500, 2000, 96, 96, 8)] // 188x250
    [InlineData(474, 711, 96, 96, 4)] // catalogue photo: 119x178
    [InlineData(474, 355, 96, 96, 2)] // a quarter would be 119x89, under 96 high
    [InlineData(474, 711, 224, 224, 2)] // a larger input keeps more
    [InlineData(150, 150, 96, 96, 1)] // halving would give 75
    [InlineData(96, 96, 96, 96, 1)]
    [InlineData(40, 30, 96, 96, 1)] // already smaller than the input: full size, never less
    [InlineData(768, 768, 96, 96, 8)] // 1/8 gives 96 exactly
    [InlineData(761, 767, 96, 96, 8)] // 1/8 rounds 95.1 up to 96
    [InlineData(759, 767, 96, 96, 4)] // 1/8 gives 95 wide
    public void Choose_StoredOrientation_KeepsBothSidesAtLeastTheInput(int width, int height, int minWidth, int minHeight, int expected)
    {
        int denominator = JpegDecodeScale.Choose(d => JpegDecodeScale.LibjpegSize(width, height, d), swapsAxes: false, minWidth, minHeight);

        Assert.Equal(expected, denominator);
        (int w, int h) = JpegDecodeScale.LibjpegSize(width, height, denominator);
        Assert.True(denominator == 1 || (w >= minWidth && h >= minHeight), $"{width}x{height} at 1/{denominator} is {w}x{h}");
    }

    [Fact]
    public void Choose_RotatedByExif_ComparesDisplaySidesWithTheInput()
    {
        // Stored 1600 wide x 400 high; displayed 400 wide x 1600 high. The input is 64 wide and 160 high.
        Func<int, (int, int)> size = d => JpegDecodeScale.LibjpegSize(1600, 400, d);

        // Rotated: a quarter is stored 400x100, displayed 100 wide and 400 high, enough; an eighth is 50 wide.
        Assert.Equal(4, JpegDecodeScale.Choose(size, swapsAxes: true, minWidth: 64, minHeight: 160));
        // Not rotated: a quarter would be 100 high, under 160; a half is 800x200.
        Assert.Equal(2, JpegDecodeScale.Choose(size, swapsAxes: false, minWidth: 64, minHeight: 160));
    }

    [Theory]
    [InlineData(4000, 3000, 8, 500, 375)]
    [InlineData(474, 711, 4, 119, 178)]
    [InlineData(1, 1, 8, 1, 1)]
    public void LibjpegSize_RoundsEachSideUp(int width, int height, int denominator, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), JpegDecodeScale.LibjpegSize(width, height, denominator));
    }
}
