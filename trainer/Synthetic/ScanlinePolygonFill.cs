namespace FashionServerless.Trainer.Synthetic;

/// <summary>
/// Fills simple polygons into an RGB byte canvas one pixel row at a time (even-odd rule, pixel centres),
/// because ImageSharp.Drawing is not available to the project.
/// </summary>
internal static class ScanlinePolygonFill
{
    /// <summary>Fills <paramref name="polygon"/> (pixel coordinates) with a colour whose brightness varies with height, like soft studio light.</summary>
    public static void Fill(byte[] rgb, int width, int height, ReadOnlySpan<(double X, double Y)> polygon, (byte R, byte G, byte B) colour, double shading)
    {
        if (polygon.Length < 3)
        {
            return;
        }

        double top = double.MaxValue, bottom = double.MinValue;
        foreach ((double _, double y) in polygon)
        {
            top = Math.Min(top, y);
            bottom = Math.Max(bottom, y);
        }

        int firstRow = Math.Max(0, (int)Math.Ceiling(top - 0.5));
        int lastRow = Math.Min(height - 1, (int)Math.Floor(bottom - 0.5));
        Span<double> crossings = polygon.Length <= 64 ? stackalloc double[polygon.Length] : new double[polygon.Length];
        for (int row = firstRow; row <= lastRow; row++)
        {
            double y = row + 0.5;
            int count = 0;
            for (int i = 0; i < polygon.Length; i++)
            {
                (double x0, double y0) = polygon[i];
                (double x1, double y1) = polygon[(i + 1) % polygon.Length];
                // Half-open edges, so a vertex on the scanline is counted once.
                if ((y0 <= y && y < y1) || (y1 <= y && y < y0))
                {
                    crossings[count++] = x0 + ((y - y0) / (y1 - y0) * (x1 - x0));
                }
            }

            crossings[..count].Sort();
            double light = 1.0 - (shading * (row - top) / Math.Max(1.0, bottom - top));
            for (int i = 0; i + 1 < count; i += 2)
            {
                int from = Math.Max(0, (int)Math.Ceiling(crossings[i] - 0.5));
                int to = Math.Min(width - 1, (int)Math.Floor(crossings[i + 1] - 0.5));
                for (int x = from; x <= to; x++)
                {
                    int at = ((row * width) + x) * 3;
                    rgb[at] = Scale(colour.R, light);
                    rgb[at + 1] = Scale(colour.G, light);
                    rgb[at + 2] = Scale(colour.B, light);
                }
            }
        }
    }

    private static byte Scale(byte value, double factor) => (byte)Math.Clamp(Math.Round(value * factor), 0, 255);
}
