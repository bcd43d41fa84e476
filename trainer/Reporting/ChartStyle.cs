using ScottPlot;

namespace FashionServerless.Trainer.Reporting;

/// <summary>The report's look: palette, type sizes and the plain frame every chart shares.</summary>
internal static class ChartStyle
{
    public static readonly Color Text = Color.FromHex("#212529");
    public static readonly Color MutedText = Color.FromHex("#495057");
    public static readonly Color Frame = Color.FromHex("#ADB5BD");
    public static readonly Color Grid = Color.FromHex("#E9ECEF");
    public static readonly Color Blue = Color.FromHex("#1F77B4");
    public static readonly Color Orange = Color.FromHex("#FF7F0E");
    public static readonly Color Green = Color.FromHex("#2CA02C");
    public static readonly Color Red = Color.FromHex("#D62728");

    public const float TitleSize = 20;
    public const float AxisLabelSize = 15;
    public const float TickLabelSize = 13;

    /// <summary>A white plot with a bold title, axis labels, left and bottom axes only, and a light grid.</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ChartFonts.Register();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Family);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Title(title, TitleSize);
        // Font.Set gives every label an explicit typeface, which outranks the Bold flag: the title gets the bold face directly.
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.Label.Font = ChartFonts.Typeface(bold: true);
        plot.Axes.Title.Label.ForeColor = Text;
        plot.Axes.Title.VerticalPadding = 22;
        plot.XLabel(xLabel, AxisLabelSize);
        plot.YLabel(yLabel, AxisLabelSize);
        foreach (IAxis axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.Label.Bold = false;
            axis.Label.ForeColor = Text;
            axis.TickLabelStyle.FontSize = TickLabelSize;
            axis.TickLabelStyle.ForeColor = MutedText;
            axis.MajorTickStyle.Color = Frame;
            axis.MinorTickStyle.Color = Frame;
            axis.FrameLineStyle.Color = Frame;
        }

        // The right axis stays, blank and frameless, as a margin: without it the data runs to the image edge.
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Right.FrameLineStyle.Color = Frame;
        plot.Axes.Right.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Right.MinimumSize = 24;
        plot.Axes.Top.IsVisible = false;
        plot.Grid.MajorLineColor = Grid;
        plot.Legend.FontSize = TickLabelSize;
        plot.Legend.FontColor = Text;
        plot.Legend.OutlineColor = Frame;
        plot.Legend.ShadowColor = Colors.Transparent;
        return plot;
    }

    public static byte[] ToPng(Plot plot, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        using ScottPlot.Image image = plot.GetImage(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }
}
