using System.Text.RegularExpressions;

namespace FashionServerless.Shared.Labels;

/// <summary>
/// The labels a model predicts, derived from <c>&lt;colour&gt;_&lt;garment&gt;</c> class folder names rather than
/// hard-coded, so the seven-label reference data and the 24-class, 11-label full apparel set both work.
/// Labels are sorted ordinally, as a multi-label binarizer sorts them, and each remembers its group.
/// </summary>
public sealed partial class LabelSchema
{
    public const string ColourGroup = "colour";
    public const string GarmentGroup = "garment";

    private readonly Dictionary<string, int> _indexByLabel;

    public LabelSchema(IEnumerable<string> colours, IEnumerable<string> garments)
    {
        ArgumentNullException.ThrowIfNull(colours);
        ArgumentNullException.ThrowIfNull(garments);
        string[] colourLabels = [.. colours.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        string[] garmentLabels = [.. garments.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (colourLabels.Length == 0 || garmentLabels.Length == 0)
        {
            throw new ArgumentException("A label schema needs at least one colour and one garment.");
        }

        string? shared = colourLabels.Intersect(garmentLabels, StringComparer.Ordinal).FirstOrDefault();
        if (shared is not null)
        {
            throw new ArgumentException($"The label '{shared}' is both a colour and a garment.");
        }

        Labels = [.. colourLabels.Concat(garmentLabels).Order(StringComparer.Ordinal)];
        Groups = [new LabelGroup(ColourGroup, colourLabels), new LabelGroup(GarmentGroup, garmentLabels)];
        _indexByLabel = Labels.Select((label, index) => (label, index)).ToDictionary(p => p.label, p => p.index, StringComparer.Ordinal);
    }

    /// <summary>Every label, in output order (ordinal sort).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The colour group, then the garment group.</summary>
    public IReadOnlyList<LabelGroup> Groups { get; }

    public int Count => Labels.Count;

    public int IndexOf(string label) =>
        _indexByLabel.TryGetValue(label, out int index)
            ? index
            : throw new KeyNotFoundException($"'{label}' is not one of the labels {string.Join(", ", Labels)}.");

    /// <summary>Builds the schema from class folder names such as <c>black_dress</c>.</summary>
    /// <exception cref="InvalidClassFolderException">A name is not <c>&lt;colour&gt;_&lt;garment&gt;</c>.</exception>
    public static LabelSchema FromClassNames(IEnumerable<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        ClassName[] parsed = [.. classNames.Select(ParseClassName)];
        if (parsed.Length == 0)
        {
            throw new InvalidClassFolderException("", "no class folders were found; expected folders named <colour>_<garment>, such as black_dress.");
        }

        return new LabelSchema(parsed.Select(c => c.Colour), parsed.Select(c => c.Garment));
    }

    /// <summary>Splits a class folder name into its colour and garment.</summary>
    /// <exception cref="InvalidClassFolderException">The name is not <c>&lt;colour&gt;_&lt;garment&gt;</c>.</exception>
    public static ClassName ParseClassName(string folderName)
    {
        ArgumentNullException.ThrowIfNull(folderName);
        if (folderName.Length == 0)
        {
            throw new InvalidClassFolderException(folderName, "a class folder name is empty; expected <colour>_<garment>, such as black_dress.");
        }

        Match match = ClassNamePattern().Match(folderName);
        return match.Success
            ? new ClassName(match.Groups["colour"].Value, match.Groups["garment"].Value)
            : throw new InvalidClassFolderException(folderName,
                "expected <colour>_<garment> in lower case letters, such as black_dress or blue_shirt.");
    }

    /// <summary>The 0/1 target vector for one class, in <see cref="Labels"/> order.</summary>
    public float[] EncodeTargets(ClassName className)
    {
        var targets = new float[Count];
        targets[IndexOf(className.Colour)] = 1f;
        targets[IndexOf(className.Garment)] = 1f;
        return targets;
    }

    [GeneratedRegex("^(?<colour>[a-z]+)_(?<garment>[a-z]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClassNamePattern();
}
