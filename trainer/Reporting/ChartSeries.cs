using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Reporting;

/// <summary>One line of a <see cref="LineChart"/>: a value per epoch (NaN leaves a gap).</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> Values, Rgb24 Colour);
