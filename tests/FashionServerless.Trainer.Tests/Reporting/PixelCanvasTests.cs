using FashionServerless.Trainer.Reporting;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Tests.Reporting;

public sealed class PixelCanvasTests
{
    private static readonly Rgb24 White = new(255, 255, 255);
    private static readonly Rgb24 Ink = new(0, 0, 0);

    [Fact]
    public void DrawLine_Diagonal_SetsBothEndsAndTheMiddle()
    {
        using var canvas = new PixelCanvas(10, 10, White);

        canvas.DrawLine(0, 0, 9, 9, Ink);

        Assert.Equal(Ink, canvas.GetPixel(0, 0));
        Assert.Equal(Ink, canvas.GetPixel(5, 5));
        Assert.Equal(Ink, canvas.GetPixel(9, 9));
        Assert.Equal(White, canvas.GetPixel(9, 0));
    }

    [Fact]
    public void DrawText_Digit1_DrawsItsGlyphRows()
    {
        using var canvas = new PixelCanvas(8, 8, White);

        canvas.DrawText(0, 0, "1", Ink);

        // The glyph's stem is its middle column, from the second row to the last.
        Assert.All(Enumerable.Range(0, BitmapFont.GlyphHeight), row => Assert.Equal(Ink, canvas.GetPixel(2, row)));
        Assert.Equal(White, canvas.GetPixel(4, 2));
    }

    [Fact]
    public void BitmapFont_CoversEveryCharacterOfLabelsAndNumbers()
    {
        const string used = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,-+:/%()_=";

        Assert.All(used, c => Assert.True(BitmapFont.HasGlyph(c), $"no glyph for '{c}'"));
        Assert.Equal(5 * BitmapFont.Advance - 1, BitmapFont.MeasureWidth("shoes"));
    }
}
