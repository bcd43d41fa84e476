using System.Globalization;
using ScottPlot;
using ScottPlot.Plottables;
using ScottPlot.TickGenerators;

namespace FashionServerless.Trainer.Reporting;

/// <summary>Per-epoch curves (loss, F1, learning rate) as a PNG: one line with markers per series, legend clear of the data.</summary>
internal static class LineChart
{
    public const int Width = 800;
    public const int Height = 450;

    /// <summary>Beyond this many epochs the markers are dropped: they would merge into a thick line.</summary>
    private const int MarkersUpToEpochs = 40;

    /// <summary>One division per major step, that is no minor ticks: on a slide they read as noise.</summary>
    private static readonly EvenlySpacedMinorTickGenerator NoMinorTicks = new(1);

    /// <param name="stepped">Holds each value until the next epoch (a learning rate is constant within an epoch).</param>
    public static byte[] Render(string title, string yLabel, IReadOnlyList<ChartSeries> series, ChartScale scale = ChartScale.FromZero, bool stepped = false) =>
        ChartStyle.ToPng(Build(title, yLabel, series, scale, stepped), Width, Height);

    /// <summary>The chart before rendering, for <see cref="Render"/> and for tests that inspect its parts.</summary>
    public static Plot Build(string title, string yLabel, IReadOnlyList<ChartSeries> series, ChartScale scale = ChartScale.FromZero, bool stepped = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        Plot plot = ChartStyle.NewPlot(title, "Epoch", yLabel);
        int epochs = series.Count == 0 ? 0 : series.Max(s => s.Values.Count);
        double[][] plotted = [.. series.Select(s => s.Values.Select(v => Transform(v, scale)).ToArray())];
        foreach ((ChartSeries line, double[] values) in series.Zip(plotted))
        {
            AddLine(plot, line, values, epochs, stepped);
        }

        plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true, MinorTickGenerator = NoMinorTicks };
        double xPad = Math.Max(0.3, (epochs - 1) * 0.03);
        (double low, double high) = ValueLimits(plotted.SelectMany(v => v).Where(double.IsFinite).ToArray(), scale);
        plot.Axes.SetLimits(1 - xPad, Math.Max(1, epochs) + xPad, low, high);
        plot.Axes.Left.TickGenerator = scale == ChartScale.Log
            ? new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = exponent => string.Create(CultureInfo.InvariantCulture, $"1e{exponent:0}"),
            }
            : new NumericAutomatic { TargetTickCount = 6, MinorTickGenerator = NoMinorTicks };

        if (series.Count > 1)
        {
            plot.ShowLegend(LegendCorner(plotted, epochs, xPad, low, high));
        }
        else
        {
            plot.HideLegend();
        }

        return plot;
    }

    private static void AddLine(Plot plot, ChartSeries line, double[] values, int epochs, bool stepped)
    {
        bool labelled = false;
        // One scatter per run of finite values, so a missing value breaks the line instead of bridging it.
        foreach ((int start, int length) in FiniteRuns(values))
        {
            double[] xs = [.. Enumerable.Range(start + 1, length).Select(e => (double)e)];
            Scatter scatter = plot.Add.Scatter(xs, values[start..(start + length)], line.Colour);
            scatter.LineWidth = 2.5f;
            scatter.MarkerSize = epochs <= MarkersUpToEpochs ? 7 : 0;
            scatter.ConnectStyle = stepped ? ConnectStyle.StepHorizontal : ConnectStyle.Straight;
            if (!labelled)
            {
                scatter.LegendText = line.Name;
                labelled = true;
            }
        }
    }

    private static IEnumerable<(int Start, int Length)> FiniteRuns(double[] values)
    {
        int start = -1;
        for (int i = 0; i <= values.Length; i++)
        {
            bool finite = i < values.Length && double.IsFinite(values[i]);
            if (finite && start < 0)
            {
                start = i;
            }
            else if (!finite && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    private static (double Low, double High) ValueLimits(double[] values, ChartScale scale)
    {
        switch (scale)
        {
            case ChartScale.UnitInterval:
                return (-0.03, 1.05);
            case ChartScale.Log:
            {
                // Whole decades, so both ends carry a power-of-ten label; a constant rate sits mid-chart between two.
                double low = values.Length == 0 ? -4 : Math.Floor(values.Min()), high = values.Length == 0 ? -2 : Math.Ceiling(values.Max());
                if (high == low)
                {
                    (low, high) = (low - 1, high + 1);
                }

                double pad = (high - low) * 0.05;
                return (low - pad, high + pad);
            }

            default:
            {
                double low = values.Length == 0 ? 0 : Math.Min(0, values.Min()), high = values.Length == 0 ? 1 : values.Max();
                if (high - low < 1e-12)
                {
                    high = low + 1;
                }

                double pad = (high - low) * 0.08;
                return (low < 0 ? low - pad : low, high + pad);
            }
        }
    }

    /// <summary>The corner of the data area that the curves cross least, preferring the top right.</summary>
    private static Alignment LegendCorner(double[][] values, int epochs, double xPad, double low, double high)
    {
        Alignment[] corners = [Alignment.UpperRight, Alignment.LowerRight, Alignment.UpperLeft, Alignment.LowerLeft];
        int[] crossings = new int[corners.Length];
        double left = 1 - xPad, right = Math.Max(1, epochs) + xPad;
        foreach (double[] line in values)
        {
            for (int i = 0; i < line.Length; i++)
            {
                // The point and the segment to the next one, sampled: a line through a corner counts as well as a marker.
                int samples = i + 1 < line.Length && double.IsFinite(line[i + 1]) ? 8 : 1;
                for (int s = 0; s < samples && double.IsFinite(line[i]); s++)
                {
                    double t = s / (double)samples;
                    double x = ((i + 1 + t) - left) / (right - left);
                    double y = ((samples == 1 ? line[i] : line[i] + ((line[i + 1] - line[i]) * t)) - low) / (high - low);
                    for (int c = 0; c < corners.Length; c++)
                    {
                        bool inX = corners[c] is Alignment.UpperRight or Alignment.LowerRight ? x > 0.6 : x < 0.4;
                        bool inY = corners[c] is Alignment.UpperRight or Alignment.UpperLeft ? y > 0.65 : y < 0.35;
                        crossings[c] += inX && inY ? 1 : 0;
                    }
                }
            }
        }

        return corners[Array.IndexOf(crossings, crossings.Min())];
    }

    private static double Transform(double value, ChartScale scale) =>
        scale != ChartScale.Log ? value : value > 0 ? Math.Log10(value) : double.NaN;
}
