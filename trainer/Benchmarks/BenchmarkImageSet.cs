using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Data;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// The encoded photos every benchmark runs on, read into memory first so no figure includes disk reads, with their
/// labels and their preprocessed <c>[N,3,H,W]</c> values. Files the preprocessor rejects are listed, not measured.
/// </summary>
internal sealed class BenchmarkImageSet
{
    private BenchmarkImageSet(string description, LabelSchema schema, ReadOnlyMemory<byte>[] encoded, string[] classFolders, float[] pixels, IReadOnlyList<SkippedFile> skipped)
    {
        Description = description;
        Schema = schema;
        Encoded = encoded;
        ClassFolders = classFolders;
        Pixels = pixels;
        Skipped = skipped;
    }

    public string Description { get; }

    public LabelSchema Schema { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> Encoded { get; }

    /// <summary>The class folder of each image, in <see cref="Encoded"/> order.</summary>
    public IReadOnlyList<string> ClassFolders { get; }

    /// <summary>Every image preprocessed, back to back.</summary>
    public float[] Pixels { get; }

    public IReadOnlyList<SkippedFile> Skipped { get; }

    public int Count => Encoded.Count;

    public long EncodedBytes => Encoded.Sum(e => (long)e.Length);

    /// <summary>Reads up to <paramref name="maxImages"/> images, alternating between class folders so every class is present.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">No image could be preprocessed.</exception>
    public static async Task<BenchmarkImageSet> LoadAsync(FolderImageSource source, ImagePreprocessor preprocessor, int maxImages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(preprocessor);
        LabelledImageListing listing = await source.ListAsync(cancellationToken);
        LabelSchema schema = LabelSchema.FromClassNames(listing.ClassFolders);
        LabelledImageEntry[] chosen = [.. RoundRobin(listing.Images).Take(maxImages)];

        var encoded = new List<ReadOnlyMemory<byte>>(chosen.Length);
        var classFolders = new List<string>(chosen.Length);
        var skipped = new List<SkippedFile>();
        int perImage = preprocessor.Spec.ValuesPerImage;
        var pixels = new float[checked(chosen.Length * perImage)];
        foreach (LabelledImageEntry entry in chosen)
        {
            byte[] bytes = await source.ReadAsync(entry, cancellationToken);
            try
            {
                preprocessor.PreprocessInto(bytes, pixels.AsSpan(encoded.Count * perImage, perImage));
            }
            catch (ImageRejectedException rejection)
            {
                skipped.Add(new SkippedFile(entry.RelativePath, rejection.ReasonCode, rejection.Message));
                continue;
            }

            encoded.Add(bytes);
            classFolders.Add(entry.ClassFolder);
        }

        if (encoded.Count == 0)
        {
            throw new InvalidDataException($"No image in '{source.Root}' could be benchmarked: {chosen.Length} read, {skipped.Count} rejected by the preprocessor.");
        }

        return new BenchmarkImageSet(source.Root, schema, [.. encoded], [.. classFolders], pixels[..(encoded.Count * perImage)], skipped);
    }

    /// <summary>The targets of every image, <c>[N,labels]</c> back to back.</summary>
    public float[] Targets() =>
        [.. ClassFolders.SelectMany(folder => Schema.EncodeTargets(LabelSchema.ParseClassName(folder)))];

    private static IEnumerable<LabelledImageEntry> RoundRobin(IReadOnlyList<LabelledImageEntry> images)
    {
        List<Queue<LabelledImageEntry>> queues = [.. images
            .GroupBy(e => e.ClassFolder, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Queue<LabelledImageEntry>(g.OrderBy(e => e.FileName, StringComparer.Ordinal)))];
        while (queues.Count > 0)
        {
            foreach (Queue<LabelledImageEntry> queue in queues)
            {
                yield return queue.Dequeue();
            }

            queues.RemoveAll(q => q.Count == 0);
        }
    }
}
