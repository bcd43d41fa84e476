using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Trainer.Reporting;

/// <summary>The report's palette.</summary>
internal static class ChartColours
{
    public static readonly Rgb24 Background = new(255, 255, 255);
    public static readonly Rgb24 Text = new(33, 37, 41);
    public static readonly Rgb24 Axis = new(108, 117, 125);
    public static readonly Rgb24 Grid = new(226, 230, 234);
    public static readonly Rgb24 Blue = new(31, 119, 180);
    public static readonly Rgb24 Orange = new(255, 127, 14);
    public static readonly Rgb24 Green = new(44, 160, 44);
    public static readonly Rgb24 Red = new(214, 39, 40);
    public static readonly Rgb24 Heat = new(8, 69, 148);
}
