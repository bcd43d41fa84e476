using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Reporting;

/// <summary>An RGB image drawn pixel by pixel: rectangles, lines and <see cref="BitmapFont"/> text, saved as PNG.</summary>
internal sealed class PixelCanvas : IDisposable
{
    private readonly Image<Rgb24> _image;

    public PixelCanvas(int width, int height, Rgb24 background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _image = new Image<Rgb24>(width, height, background);
    }

    public int Width => _image.Width;

    public int Height => _image.Height;

    public void SetPixel(int x, int y, Rgb24 colour)
    {
        if (x >= 0 && y >= 0 && x < Width && y < Height)
        {
            _image[x, y] = colour;
        }
    }

    public Rgb24 GetPixel(int x, int y) => _image[x, y];

    public void FillRectangle(int x, int y, int width, int height, Rgb24 colour)
    {
        for (int row = Math.Max(0, y); row < Math.Min(Height, y + height); row++)
        {
            for (int column = Math.Max(0, x); column < Math.Min(Width, x + width); column++)
            {
                _image[column, row] = colour;
            }
        }
    }

    /// <summary>Bresenham's line, <paramref name="thickness"/> pixels wide (a square pen).</summary>
    public void DrawLine(int x0, int y0, int x1, int y1, Rgb24 colour, int thickness = 1)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        int offset = (thickness - 1) / 2;
        while (true)
        {
            FillRectangle(x0 - offset, y0 - offset, thickness, thickness, colour);
            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            int doubled = 2 * error;
            if (doubled >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (doubled <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Draws <paramref name="text"/> with its top-left corner at (x, y).</summary>
    public void DrawText(int x, int y, string text, Rgb24 colour, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int i = 0; i < text.Length; i++)
        {
            byte[] rows = BitmapFont.Glyph(text[i]);
            int left = x + (i * BitmapFont.Advance * scale);
            for (int row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (int column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if ((rows[row] & (1 << (BitmapFont.GlyphWidth - 1 - column))) != 0)
                    {
                        FillRectangle(left + (column * scale), y + (row * scale), scale, scale, colour);
                    }
                }
            }
        }
    }

    /// <summary>Draws <paramref name="text"/> horizontally centred on <paramref name="centreX"/>.</summary>
    public void DrawTextCentred(int centreX, int y, string text, Rgb24 colour, int scale = 1) =>
        DrawText(centreX - (BitmapFont.MeasureWidth(text, scale) / 2), y, text, colour, scale);

    public byte[] ToPng()
    {
        using var stream = new MemoryStream();
        _image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public void Dispose() => _image.Dispose();
}
