using FashionServerless.Shared.Metrics;
using FashionServerless.Trainer.Reporting;
using ScottPlot;
using SixLabors.ImageSharp;
using Image = SixLabors.ImageSharp.Image;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Tests.Reporting;

public sealed class ConfusionMatrixChartTests
{
    [Fact]
    public void Render_Counts_ShadesEachCellByItsShareOfTheRow()
    {
        // Row "black": 9 of 10 right. Row "blue": 10 of 10 right, none wrong.
        var matrix = new GroupConfusionMatrix("colour", ["black", "blue"], [[9, 1], [0, 10]], 0);
        Plot plot = ConfusionMatrixChart.Build(matrix);
        (int width, int height) = ConfusionMatrixChart.SizeFor(2);

        using Image<Rgb24> image = Image.Load<Rgb24>(ChartStyle.ToPng(plot, width, height));

        // Sample each cell near its top-left corner, clear of the centred text.
        int Darkness(int row, int column)
        {
            Pixel at = plot.GetPixel(new Coordinates(column + 0.1, 2 - row - 0.1));
            Rgb24 pixel = image[(int)at.X, (int)at.Y];
            return 765 - (pixel.R + pixel.G + pixel.B);
        }

        Assert.Equal((width, height), (image.Width, image.Height));
        Assert.True(Darkness(1, 1) > Darkness(0, 0), "10 of 10 must be darker than 9 of 10");
        Assert.True(Darkness(0, 0) > Darkness(0, 1), "9 of 10 must be darker than 1 of 10");
        Assert.True(Darkness(0, 1) > Darkness(1, 0), "1 of 10 must be darker than 0 of 10");
    }

    [Fact]
    public void Build_Matrix_WritesEveryCountAndTheAccuracyInTheTitle()
    {
        var matrix = new GroupConfusionMatrix("garment", ["dress", "pants", "shirt"], [[7, 2, 1], [0, 5, 0], [3, 0, 12]], 4);

        Plot plot = ConfusionMatrixChart.Build(matrix);

        string[] texts = [.. plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText)];
        Assert.Equal(["7", "70%", "2", "20%", "1", "10%", "0", "0%", "5", "100%", "0", "0%", "3", "20%", "0", "0%", "12", "80%"], texts);
        Assert.Equal("Garment: accuracy 0.800 (30 images)", plot.Axes.Title.Label.Text);
    }
}
