using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Data;

/// <summary>
/// A decoded labelled image set held in memory as tensors: every readable image once, in (class, file name) order.
/// It owns its tensors; dispose it when training and scoring are done.
/// </summary>
internal sealed class LabelledImageSet : IDisposable
{
    public LabelledImageSet(
        LabelSchema schema,
        PreprocessingSpec spec,
        Tensor images,
        Tensor targets,
        IReadOnlyList<LabelledImageEntry> entries,
        IReadOnlyList<string> classFolders,
        IReadOnlyList<SkippedFile> skipped,
        string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(classFolders);
        if (images.shape.Length != 4 || images.shape[0] != entries.Count || targets.shape[0] != entries.Count)
        {
            throw new ArgumentException($"Expected images [{entries.Count},3,H,W] and targets [{entries.Count},L]; got [{string.Join(",", images.shape)}] and [{string.Join(",", targets.shape)}].");
        }

        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        Images = images;
        Targets = targets;
        Entries = entries;
        ClassFolders = classFolders;
        Skipped = skipped ?? throw new ArgumentNullException(nameof(skipped));
        Fingerprint = fingerprint ?? throw new ArgumentNullException(nameof(fingerprint));
        var classIndex = classFolders.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
        ClassOfImage = [.. entries.Select(e => classIndex[e.ClassFolder])];
    }

    public LabelSchema Schema { get; }

    public PreprocessingSpec Spec { get; }

    /// <summary><c>[N,3,H,W]</c> float32 on the CPU, preprocessed by the shared preprocessor.</summary>
    public Tensor Images { get; }

    /// <summary><c>[N,L]</c> float32 0/1 targets in <see cref="LabelSchema.Labels"/> order.</summary>
    public Tensor Targets { get; }

    /// <summary>The file behind each row of <see cref="Images"/>.</summary>
    public IReadOnlyList<LabelledImageEntry> Entries { get; }

    /// <summary>Class folder names, sorted ordinally.</summary>
    public IReadOnlyList<string> ClassFolders { get; }

    /// <summary>Index into <see cref="ClassFolders"/> of each row.</summary>
    public int[] ClassOfImage { get; }

    public IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>SHA-256 (hex) over the sorted (class, file name, content SHA-256) of the images used.</summary>
    public string Fingerprint { get; }

    public int Count => Entries.Count;

    /// <summary>Readable images per class folder.</summary>
    public IReadOnlyDictionary<string, int> ImagesPerClass =>
        ClassFolders.Select((name, index) => (name, count: ClassOfImage.Count(c => c == index)))
            .ToDictionary(p => p.name, p => p.count, StringComparer.Ordinal);

    /// <summary>The manifest's description of this data and its split.</summary>
    public DatasetSummary Summarize(DatasetSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return new DatasetSummary(ImagesPerClass, Fingerprint, split.Seed, split.Train.Length, split.Validation.Length, split.Test.Length, Skipped);
    }

    public void Dispose()
    {
        Images.Dispose();
        Targets.Dispose();
    }
}
