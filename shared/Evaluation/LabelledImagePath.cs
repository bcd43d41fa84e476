using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// The one rule for what an evaluation image is labelled: its path is <c>&lt;colour&gt;_&lt;garment&gt;/&lt;file&gt;</c>, as
/// in the training data. Anything else is skipped with a reason and never scored: a file outside a class folder
/// (<c>unlabelled</c>), inside a nested folder (<c>nested_folder</c>), in a folder that does not name a class
/// (<c>invalid_label_folder</c>), or in a class folder naming a label the model does not have (<c>unknown_label</c>):
/// such an image cannot be judged fairly, and scoring it as a missed positive would lower a model's figures for a label
/// it was never trained to predict.
/// </summary>
internal static class LabelledImagePath
{
    public const string Unlabelled = "unlabelled";
    public const string NestedFolder = "nested_folder";
    public const string InvalidLabelFolder = "invalid_label_folder";
    public const string UnknownLabel = "unknown_label";

    /// <summary>The class <paramref name="path"/> names, or why it names none.</summary>
    public static (ClassName? Class, SkippedFile? Skip) Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string[] parts = path.Split('/');
        if (parts.Length == 1)
        {
            return (null, new SkippedFile(path, Unlabelled, "The file is not inside a <colour>_<garment>/ folder, so its labels are unknown."));
        }

        if (parts.Length > 2)
        {
            return (null, new SkippedFile(path, NestedFolder, "Class folders hold image files directly; a nested folder names no class."));
        }

        try
        {
            return (LabelSchema.ParseClassName(parts[0]), null);
        }
        catch (InvalidClassFolderException ex)
        {
            return (null, new SkippedFile(path, InvalidLabelFolder, ex.Message));
        }
    }

    /// <summary>The 0/1 targets of <paramref name="className"/> in a model's label order, or why that model cannot be scored on it.</summary>
    public static (float[]? Targets, SkippedFile? Skip) Targets(string path, ClassName className, IReadOnlyDictionary<string, int> labelIndex, string modelVersion)
    {
        ArgumentNullException.ThrowIfNull(labelIndex);
        string? unknown = new[] { className.Colour, className.Garment }.FirstOrDefault(label => !labelIndex.ContainsKey(label));
        if (unknown is not null)
        {
            return (null, new SkippedFile(path, UnknownLabel,
                $"Model {modelVersion} has no label '{unknown}' (it knows {string.Join(", ", labelIndex.Keys)}), so the image is left out of its metrics."));
        }

        var targets = new float[labelIndex.Count];
        targets[labelIndex[className.Colour]] = 1f;
        targets[labelIndex[className.Garment]] = 1f;
        return (targets, null);
    }
}
