using System.Globalization;
using FashionServerless.Shared.Metrics;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Reporting;

/// <summary>Draws one label group's confusion matrix as a heat map (shade by row share) with the counts written in.</summary>
internal static class ConfusionMatrixChart
{
    public const int MinCell = 56;
    private const int Scale = 2;
    private const int Margin = 16, TitleHeight = 36, AxisLabel = 14;

    /// <summary>The PNG's width and height for a matrix whose longest label has <paramref name="longestLabel"/> characters.</summary>
    public static (int Width, int Height) SizeFor(int labels, int longestLabel)
    {
        int labelWidth = BitmapFont.MeasureWidth(new string('M', longestLabel), Scale);
        int cell = CellFor(longestLabel);
        return ((Margin * 2) + AxisLabel + labelWidth + 8 + (labels * cell), TitleHeight + AxisLabel + (BitmapFont.GlyphHeight * Scale) + 8 + (labels * cell) + Margin);
    }

    public static byte[] Render(GroupConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.Labels.Count;
        int longest = matrix.Labels.Max(l => l.Length);
        (int width, int height) = SizeFor(n, longest);
        int cell = CellFor(longest);
        using var canvas = new PixelCanvas(width, height, ChartColours.Background);
        string title = string.Create(CultureInfo.InvariantCulture, $"{matrix.Group} - accuracy {matrix.Accuracy:0.000}");
        canvas.DrawTextCentred(width / 2, 10, title, ChartColours.Text, Scale);

        int gridLeft = Margin + AxisLabel + BitmapFont.MeasureWidth(new string('M', longest), Scale) + 8;
        int gridTop = TitleHeight + AxisLabel + (BitmapFont.GlyphHeight * Scale) + 8;
        canvas.DrawTextCentred(gridLeft + (n * cell / 2), TitleHeight, "PREDICTED", ChartColours.Axis);
        canvas.DrawText(Margin - 8, gridTop - 12, "TRUE", ChartColours.Axis);
        for (int i = 0; i < n; i++)
        {
            canvas.DrawTextCentred(gridLeft + (i * cell) + (cell / 2), TitleHeight + AxisLabel, matrix.Labels[i], ChartColours.Text, Scale);
            canvas.DrawText(Margin + AxisLabel, gridTop + (i * cell) + (cell / 2) - BitmapFont.GlyphHeight, matrix.Labels[i], ChartColours.Text, Scale);
        }

        for (int row = 0; row < n; row++)
        {
            long rowTotal = matrix.Counts[row].Sum();
            for (int column = 0; column < n; column++)
            {
                long count = matrix.Counts[row][column];
                double share = rowTotal == 0 ? 0 : count / (double)rowTotal;
                Rgb24 fill = Shade(share);
                int x = gridLeft + (column * cell), y = gridTop + (row * cell);
                canvas.FillRectangle(x, y, cell, cell, fill);
                Rgb24 ink = share > 0.5 ? ChartColours.Background : ChartColours.Text;
                canvas.DrawTextCentred(x + (cell / 2), y + (cell / 2) - BitmapFont.GlyphHeight, count.ToString(CultureInfo.InvariantCulture), ink, Scale);
            }
        }

        for (int i = 0; i <= n; i++)
        {
            canvas.DrawLine(gridLeft, gridTop + (i * cell), gridLeft + (n * cell), gridTop + (i * cell), ChartColours.Axis);
            canvas.DrawLine(gridLeft + (i * cell), gridTop, gridLeft + (i * cell), gridTop + (n * cell), ChartColours.Axis);
        }

        return canvas.ToPng();
    }

    /// <summary>Cells are wide enough for the longest column label plus a gap.</summary>
    public static int CellFor(int longestLabel) => Math.Max(MinCell, BitmapFont.MeasureWidth(new string('M', longestLabel), Scale) + 12);

    private static Rgb24 Shade(double share)
    {
        static byte Mix(byte from, byte to, double t) => (byte)Math.Round(from + ((to - from) * t));
        Rgb24 to = ChartColours.Heat;
        return new Rgb24(Mix(247, to.R, share), Mix(251, to.G, share), Mix(255, to.B, share));
    }
}
