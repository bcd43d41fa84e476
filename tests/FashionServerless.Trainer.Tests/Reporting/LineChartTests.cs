using FashionServerless.Trainer.Reporting;
using ScottPlot;
using ScottPlot.Plottables;

namespace FashionServerless.Trainer.Tests.Reporting;

public sealed class LineChartTests
{
    [Fact]
    public void Build_MissingValue_BreaksTheLineInsteadOfBridgingIt()
    {
        Plot plot = LineChart.Build("Loss", "BCE", [new ChartSeries("validation", [0.7, double.NaN, 0.5, 0.4], ChartStyle.Orange)]);

        Scatter[] runs = [.. plot.GetPlottables<Scatter>()];
        Assert.Equal([[1.0], [3.0, 4.0]], runs.Select(r => r.Data.GetScatterPoints().Select(p => p.X).ToArray()));
        // One legend entry per series, not per run.
        Assert.Equal(["validation", ""], runs.Select(r => r.LegendText ?? ""));
    }

    [Fact]
    public void Build_LogScale_SpansWholeDecadesAroundTheRates()
    {
        Plot plot = LineChart.Build("Learning rate", "LR", [new ChartSeries("lr", [1e-3, 1e-3, 2e-4, 0], ChartStyle.Blue)], ChartScale.Log, stepped: true);

        AxisLimits limits = plot.Axes.GetLimits();
        // log10 of 2e-4 is -3.7: the axis runs from the decade below (1e-4) to 1e-3, padded by 5 %.
        Assert.Equal(-4.05, limits.Bottom, 9);
        Assert.Equal(-2.95, limits.Top, 9);
        // The zero rate has no logarithm: it is left out, not drawn at some arbitrary height.
        Assert.Equal(3, plot.GetPlottables<Scatter>().Sum(s => s.Data.GetScatterPoints().Count));
        Assert.All(plot.GetPlottables<Scatter>(), s => Assert.Equal(ConnectStyle.StepHorizontal, s.ConnectStyle));
    }

    [Fact]
    public void Build_ConstantRate_PutsItBetweenTwoLabelledDecades()
    {
        Plot plot = LineChart.Build("Learning rate", "LR", [new ChartSeries("lr", [1e-3, 1e-3, 1e-3], ChartStyle.Blue)], ChartScale.Log);

        AxisLimits limits = plot.Axes.GetLimits();
        Assert.True(limits.Bottom < -4 && limits.Top > -2, $"limits {limits.Bottom}..{limits.Top}");
    }

    [Fact]
    public void Build_CurvesEndingTopRight_MovesTheLegendOffThem()
    {
        double[] rising = [0.1, 0.3, 0.5, 0.7, 0.9, 0.95];

        Plot plot = LineChart.Build("F1", "F1", [
            new ChartSeries("micro", rising, ChartStyle.Green),
            new ChartSeries("macro", [.. rising.Select(v => v - 0.05)], ChartStyle.Red),
        ], ChartScale.UnitInterval);

        Assert.True(plot.Legend.IsVisible);
        Assert.Equal(Alignment.LowerRight, plot.Legend.Alignment);
    }

    [Fact]
    public void Build_OneSeries_HasNoLegend()
    {
        Plot plot = LineChart.Build("Learning rate", "LR", [new ChartSeries("lr", [1e-3], ChartStyle.Blue)], ChartScale.Log);

        Assert.False(plot.Legend.IsVisible);
    }
}
