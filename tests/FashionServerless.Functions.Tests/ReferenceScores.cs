namespace FashionServerless.Functions.Tests;

/// <summary>Fixed scores for constant test models over the reference labels (thresholds 0.5).</summary>
internal static class ReferenceScores
{
    /// <summary>Predicts black, dress and shirt; best colour black (0.9), best garment dress (0.7).</summary>
    public static Dictionary<string, float> BlackDressShirt { get; } = new(StringComparer.Ordinal)
    {
        ["black"] = 0.9f, ["blue"] = 0.2f, ["dress"] = 0.7f, ["pants"] = 0.3f, ["shirt"] = 0.6f, ["shoes"] = 0.1f, ["shorts"] = 0.2f,
    };

    /// <summary>Predicts blue and shoes; best colour blue (0.8), best garment shoes (0.95).</summary>
    public static Dictionary<string, float> BlueShoes { get; } = new(StringComparer.Ordinal)
    {
        ["black"] = 0.1f, ["blue"] = 0.8f, ["dress"] = 0.2f, ["pants"] = 0.1f, ["shirt"] = 0.3f, ["shoes"] = 0.95f, ["shorts"] = 0.05f,
    };
}
