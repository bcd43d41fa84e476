using System.Globalization;
using FashionServerless.Shared.Metrics;
using ScottPlot;
using ScottPlot.Colormaps;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace FashionServerless.Trainer.Reporting;

/// <summary>
/// One label group's confusion matrix as a heat map: rows are the true label, columns the predicted one, each cell
/// shaded by its share of the row and labelled with its count and that share.
/// </summary>
internal static class ConfusionMatrixChart
{
    /// <summary>A share above this is drawn on a dark cell, so its text is white.</summary>
    private const double DarkCell = 0.55;

    private static readonly IColormap Shades = new Reversed(new Blues());

    /// <summary>Square-ish and large enough for the counts: about 90 pixels a cell, plus room for labels and title.</summary>
    public static (int Width, int Height) SizeFor(int labels) =>
        (Math.Clamp(220 + (labels * 90), 480, 1400), Math.Clamp(190 + (labels * 90), 440, 1360));

    public static byte[] Render(GroupConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        (int width, int height) = SizeFor(matrix.Labels.Count);
        return ChartStyle.ToPng(Build(matrix), width, height);
    }

    /// <summary>The chart before rendering; cell (row, column) is centred on (column + 0.5, labels - row - 0.5).</summary>
    public static Plot Build(GroupConfusionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.Labels.Count;
        string title = string.Create(CultureInfo.InvariantCulture, $"{Capitalised(matrix.Group)}: accuracy {matrix.Accuracy:0.000} ({matrix.Total} images)");
        Plot plot = ChartStyle.NewPlot(title, "Predicted", "True");
        var shares = new double[n, n];
        for (int row = 0; row < n; row++)
        {
            long rowTotal = matrix.Counts[row].Sum();
            for (int column = 0; column < n; column++)
            {
                shares[row, column] = rowTotal == 0 ? 0 : matrix.Counts[row][column] / (double)rowTotal;
            }
        }

        Heatmap heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = Shades;
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // Row 0 at the top, each cell one unit wide: cell (row, column) is centred on (column + 0.5, n - row - 0.5).
        heatmap.Rectangle = new CoordinateRect(0, n, 0, n);
        for (int row = 0; row < n; row++)
        {
            for (int column = 0; column < n; column++)
            {
                Color ink = shares[row, column] > DarkCell ? Colors.White : ChartStyle.Text;
                Coordinates centre = new(column + 0.5, n - row - 0.5);
                Text count = plot.Add.Text(matrix.Counts[row][column].ToString(CultureInfo.InvariantCulture), centre);
                count.LabelFontSize = n <= 6 ? 20 : 15;
                count.LabelBold = true;
                count.LabelFontColor = ink;
                count.LabelAlignment = Alignment.LowerCenter;
                Text share = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{shares[row, column] * 100:0}%"), centre);
                share.LabelFontSize = n <= 6 ? 13 : 11;
                share.LabelFontColor = ink;
                share.LabelAlignment = Alignment.UpperCenter;
            }
        }

        // Light rules between the cells, and a frame all round, keep neighbouring empty cells apart.
        for (int i = 1; i < n; i++)
        {
            plot.Add.VerticalLine(i, 1.5f, ChartStyle.Grid);
            plot.Add.HorizontalLine(i, 1.5f, ChartStyle.Grid);
        }

        double[] centres = [.. Enumerable.Range(0, n).Select(i => i + 0.5)];
        string[] labels = [.. matrix.Labels];
        plot.Axes.Bottom.TickGenerator = new NumericManual(centres, labels);
        plot.Axes.Left.TickGenerator = new NumericManual([.. centres.Reverse()], labels);
        foreach (IAxis axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
            axis.TickLabelStyle.FontSize = ChartStyle.AxisLabelSize - 1;
            axis.TickLabelStyle.ForeColor = ChartStyle.Text;
        }

        // Right and top frame lines close the matrix (both axes carry no ticks).
        plot.Axes.Right.FrameLineStyle.Width = 1;
        plot.Axes.Top.IsVisible = true;
        plot.Axes.Top.TickGenerator = new NumericManual();
        plot.Axes.Top.FrameLineStyle.Color = ChartStyle.Frame;
        plot.Axes.SetLimits(0, n, 0, n);
        plot.Grid.IsVisible = false;
        return plot;
    }

    private static string Capitalised(string group) =>
        group.Length == 0 ? group : string.Concat(char.ToUpperInvariant(group[0]).ToString(), group[1..]);
}
