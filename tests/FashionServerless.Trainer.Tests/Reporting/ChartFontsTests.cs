using FashionServerless.Trainer.Reporting;
using ScottPlot;
using SixLabors.ImageSharp;
using Image = SixLabors.ImageSharp.Image;
using SixLabors.ImageSharp.PixelFormats;
using SkiaSharp;

namespace FashionServerless.Trainer.Tests.Reporting;

public sealed class ChartFontsTests
{
    private static readonly double[] Epochs = [1, 2, 3];
    private static readonly double[] Losses = [0.7, 0.5, 0.4];

    [Fact]
    public void Typeface_EmbeddedFiles_AreLiberationSansRegularAndBold()
    {
        SKTypeface regular = ChartFonts.Typeface(bold: false), bold = ChartFonts.Typeface(bold: true);

        Assert.Equal(("Liberation Sans", 400), (regular.FamilyName, regular.FontWeight));
        Assert.Equal(("Liberation Sans", 700), (bold.FamilyName, bold.FontWeight));
        Assert.True(regular.GlyphCount > 200, $"only {regular.GlyphCount} glyphs");
    }

    [Fact]
    public void Register_ScottPlotAsksForTheFamily_GetsTheEmbeddedFace()
    {
        ChartFonts.Register();

        Assert.Same(ChartFonts.Typeface(bold: true), Fonts.GetTypeface(ChartFonts.Family, bold: true, italic: false));
    }

    [Fact]
    public void NewPlot_EveryLabel_UsesTheEmbeddedTypefaceNotASystemFont()
    {
        Plot plot = ChartStyle.NewPlot("Loss", "Epoch", "BCE");

        SKTypeface regular = ChartFonts.Typeface(bold: false);
        Assert.Same(ChartFonts.Typeface(bold: true), plot.Axes.Title.Label.Font);
        Assert.All([plot.Axes.Bottom.Label, plot.Axes.Left.Label, plot.Axes.Bottom.TickLabelStyle, plot.Axes.Left.TickLabelStyle],
            label => Assert.Same(regular, label.Font));
    }

    [Fact]
    public void NewPlot_Title_IsDrawnInTheBandAboveTheData()
    {
        Plot plot = ChartStyle.NewPlot("Training and validation loss", "Epoch", "Binary cross-entropy");
        plot.Add.Scatter(Epochs, Losses);

        using Image<Rgb24> inked = Image.Load<Rgb24>(ChartStyle.ToPng(plot, LineChart.Width, LineChart.Height));
        // The same chart with the title painted white: same layout, so any difference is the title's glyphs.
        plot.Axes.Title.Label.ForeColor = Colors.White;
        using Image<Rgb24> blank = Image.Load<Rgb24>(ChartStyle.ToPng(plot, LineChart.Width, LineChart.Height));

        float dataTop = plot.GetPixel(new Coordinates(1, plot.Axes.GetLimits().Top)).Y;
        var differing = new List<(int X, int Y)>();
        for (int y = 0; y < inked.Height; y++)
        {
            for (int x = 0; x < inked.Width; x++)
            {
                if (!inked[x, y].Equals(blank[x, y]))
                {
                    differing.Add((x, y));
                }
            }
        }

        Assert.True(differing.Count > 500, $"only {differing.Count} pixels of title text");
        Assert.All(differing, p => Assert.True(p.Y < dataTop, $"({p.X},{p.Y}) is below the title band"));
        // Centred: the ink spans the middle of the image.
        Assert.InRange(differing.Min(p => p.X), 100, LineChart.Width / 2);
        Assert.InRange(differing.Max(p => p.X), LineChart.Width / 2, LineChart.Width - 100);
    }
}
