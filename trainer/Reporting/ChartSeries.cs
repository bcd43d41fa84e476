using ScottPlot;

namespace FashionServerless.Trainer.Reporting;

/// <summary>One line of a <see cref="LineChart"/>: a value per epoch, epoch 1 first (NaN leaves a gap).</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> Values, Color Colour);
