using System.Globalization;

namespace FashionServerless.Trainer.Reporting;

/// <summary>Draws per-epoch curves (loss, F1, learning rate) as a PNG with axes, grid, ticks and a legend.</summary>
internal static class LineChart
{
    public const int Width = 720;
    public const int Height = 420;
    private const int Left = 80, Right = 20, Top = 44, Bottom = 56;
    private const int YTicks = 5;

    /// <param name="logScale">Plot log10 of the values (for the learning rate); non-positive values leave gaps.</param>
    public static byte[] Render(string title, string yLabel, IReadOnlyList<ChartSeries> series, bool logScale = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        using var canvas = new PixelCanvas(Width, Height, ChartColours.Background);
        int plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        canvas.DrawTextCentred(Width / 2, 12, title, ChartColours.Text, scale: 2);
        int points = series.Count == 0 ? 0 : series.Max(s => s.Values.Count);
        double[] all = [.. series.SelectMany(s => s.Values).Select(v => Transform(v, logScale)).Where(double.IsFinite)];
        double min = all.Length == 0 ? 0 : all.Min(), max = all.Length == 0 ? 1 : all.Max();
        if (max - min < 1e-9)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        double pad = (max - min) * 0.05;
        (min, max) = (min - pad, max + pad);
        int Y(double value) => Top + plotHeight - (int)Math.Round((value - min) / (max - min) * plotHeight);
        int X(int index) => Left + (points <= 1 ? plotWidth / 2 : (int)Math.Round(index * plotWidth / (double)(points - 1)));

        for (int t = 0; t <= YTicks; t++)
        {
            double value = min + ((max - min) * t / YTicks);
            int y = Y(value);
            canvas.DrawLine(Left, y, Left + plotWidth, y, ChartColours.Grid);
            string label = logScale ? Math.Pow(10, value).ToString("0.0E+0", CultureInfo.InvariantCulture) : value.ToString("0.000", CultureInfo.InvariantCulture);
            canvas.DrawText(Left - 6 - BitmapFont.MeasureWidth(label), y - 3, label, ChartColours.Axis);
        }

        canvas.DrawLine(Left, Top, Left, Top + plotHeight, ChartColours.Axis);
        canvas.DrawLine(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, ChartColours.Axis);
        int step = Math.Max(1, (int)Math.Ceiling(points / 10.0));
        for (int i = 0; i < points; i += step)
        {
            canvas.DrawLine(X(i), Top + plotHeight, X(i), Top + plotHeight + 4, ChartColours.Axis);
            canvas.DrawTextCentred(X(i), Top + plotHeight + 8, (i + 1).ToString(CultureInfo.InvariantCulture), ChartColours.Axis);
        }

        canvas.DrawTextCentred(Left + (plotWidth / 2), Height - 20, "EPOCH", ChartColours.Text);
        canvas.DrawText(8, Top - 15, yLabel, ChartColours.Text);

        foreach (ChartSeries line in series)
        {
            (int X, int Y)? previous = null;
            for (int i = 0; i < line.Values.Count; i++)
            {
                double value = Transform(line.Values[i], logScale);
                if (!double.IsFinite(value))
                {
                    previous = null;
                    continue;
                }

                (int x, int y) = (X(i), Y(value));
                if (previous is { } p)
                {
                    canvas.DrawLine(p.X, p.Y, x, y, line.Colour, thickness: 2);
                }

                canvas.FillRectangle(x - 2, y - 2, 5, 5, line.Colour);
                previous = (x, y);
            }
        }

        // The legend sits in the top margin, right-aligned, so it never hides a curve.
        int legendX = Left + plotWidth;
        foreach (ChartSeries line in series.Reverse())
        {
            legendX -= BitmapFont.MeasureWidth(line.Name) + 22;
            canvas.FillRectangle(legendX, Top - 12, 16, 5, line.Colour);
            canvas.DrawText(legendX + 20, Top - 15, line.Name, ChartColours.Text);
            legendX -= 14;
        }

        return canvas.ToPng();
    }

    private static double Transform(double value, bool logScale) => !logScale ? value : value > 0 ? Math.Log10(value) : double.NaN;
}
