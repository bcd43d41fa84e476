using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace FashionServerless.Trainer.Reporting;

/// <summary>
/// The typeface every chart draws its text with: Liberation Sans (SIL OFL 1.1, licence in <c>Reporting/Fonts</c>),
/// embedded in the assembly and resolved ahead of the machine's fonts, so charts have text, and the same text, on a
/// developer's laptop and in a container image that has no fonts at all.
/// </summary>
internal static class ChartFonts
{
    public const string Family = "Liberation Sans";

    private static readonly SKTypeface Regular = Load("LiberationSans-Regular.ttf");
    private static readonly SKTypeface Bold = Load("LiberationSans-Bold.ttf");

    static ChartFonts() => Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());

    /// <summary>Makes ScottPlot resolve <see cref="Family"/> to the embedded files; safe to call any number of times.</summary>
    public static void Register() => _ = Regular;

    public static SKTypeface Typeface(bool bold) => bold ? Bold : Regular;

    private static SKTypeface Load(string file)
    {
        string name = $"{typeof(ChartFonts).Namespace}.Fonts.{file}";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The chart font '{name}' is not embedded in the trainer assembly.");
        return SKTypeface.FromStream(stream)
            ?? throw new InvalidOperationException($"The chart font '{name}' is not a font Skia can read.");
    }

    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, italic: false);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Typeface(bold) : null;
    }
}
