using System.Security.Cryptography;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using TorchSharp;

namespace FashionServerless.Trainer.Data;

/// <summary>
/// Validates a labelled image set's layout, then reads and decodes every image once with the shared preprocessor
/// into one contiguous tensor. Layout problems (bad folder names, empty or too small classes) are errors before any
/// work; unreadable images are skipped and reported, never silently dropped.
/// </summary>
internal sealed class LabelledImageLoader(ImagePreprocessor preprocessor, DataLoadingOptions? options = null)
{
    private readonly ImagePreprocessor _preprocessor = preprocessor ?? throw new ArgumentNullException(nameof(preprocessor));
    private readonly DataLoadingOptions _options = Validate(options ?? DataLoadingOptions.Default);

    /// <exception cref="InvalidClassFolderException">A folder is not <c>&lt;colour&gt;_&lt;garment&gt;</c>, is empty, or has too few readable images.</exception>
    /// <exception cref="DirectoryNotFoundException">The source does not exist.</exception>
    public async Task<LabelledImageSet> LoadAsync(ILabelledImageSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        LabelledImageListing listing = await source.ListAsync(cancellationToken).ConfigureAwait(false);
        string[] classFolders = [.. listing.ClassFolders.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        LabelSchema schema = LabelSchema.FromClassNames(classFolders);
        LabelledImageEntry[] entries = [.. listing.Images
            .OrderBy(e => e.ClassFolder, StringComparer.Ordinal).ThenBy(e => e.FileName, StringComparer.Ordinal)];
        EnsureEnoughImages(classFolders, entries.CountBy(e => e.ClassFolder).ToDictionary(StringComparer.Ordinal), skippedPerClass: null);

        int valuesPerImage = _preprocessor.Spec.ValuesPerImage;
        var pixels = new float[checked(entries.Length * valuesPerImage)];
        var contentHashes = new string?[entries.Length];
        var skipped = new SkippedFile?[entries.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Length),
            new ParallelOptions { MaxDegreeOfParallelism = _options.DecodeParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                LabelledImageEntry entry = entries[index];
                if (entry.Length > _preprocessor.Limits.MaxBytes)
                {
                    skipped[index] = new SkippedFile(entry.RelativePath, ImageRejectionReason.TooLarge.ToCode(),
                        $"The file is {entry.Length} bytes; the limit is {_preprocessor.Limits.MaxBytes}.");
                    return;
                }

                byte[] bytes;
                try
                {
                    bytes = await source.ReadAsync(entry, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    skipped[index] = new SkippedFile(entry.RelativePath, "unreadable", e.Message);
                    return;
                }

                skipped[index] = Decode(bytes, entry, pixels.AsSpan(index * valuesPerImage, valuesPerImage));
                contentHashes[index] = skipped[index] is null ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : null;
            }).ConfigureAwait(false);

        int[] kept = [.. Enumerable.Range(0, entries.Length).Where(i => skipped[i] is null)];
        Dictionary<string, int> skippedPerClass = Enumerable.Range(0, entries.Length).Where(i => skipped[i] is not null)
            .CountBy(i => entries[i].ClassFolder).ToDictionary(StringComparer.Ordinal);
        EnsureEnoughImages(classFolders, kept.CountBy(i => entries[i].ClassFolder).ToDictionary(StringComparer.Ordinal), skippedPerClass);

        // Compact the readable images to the front, in order; rows only ever move towards the start.
        for (int row = 0; row < kept.Length; row++)
        {
            if (kept[row] != row)
            {
                Array.Copy(pixels, kept[row] * valuesPerImage, pixels, row * valuesPerImage, valuesPerImage);
            }
        }

        if (kept.Length != entries.Length)
        {
            Array.Resize(ref pixels, kept.Length * valuesPerImage);
        }

        LabelledImageEntry[] keptEntries = [.. kept.Select(i => entries[i])];
        float[] targets = [.. keptEntries.SelectMany(e => schema.EncodeTargets(LabelSchema.ParseClassName(e.ClassFolder)))];
        PreprocessingSpec spec = _preprocessor.Spec;
        torch.Tensor images = torch.tensor(pixels, [kept.Length, 3, spec.Height, spec.Width]);
        torch.Tensor targetTensor = torch.tensor(targets, [kept.Length, schema.Count]);
        string fingerprint = DatasetFingerprint.Compute(kept.Select(i => (entries[i].ClassFolder, entries[i].FileName, contentHashes[i]!)));
        SkippedFile[] allSkipped = [.. listing.Unexpected, .. skipped.OfType<SkippedFile>()];
        return new LabelledImageSet(schema, spec, images, targetTensor, keptEntries, classFolders, allSkipped, fingerprint);
    }

    private SkippedFile? Decode(byte[] bytes, LabelledImageEntry entry, Span<float> destination)
    {
        try
        {
            _preprocessor.PreprocessInto(bytes, destination);
            return null;
        }
        catch (ImageRejectedException e)
        {
            return new SkippedFile(entry.RelativePath, e.ReasonCode, e.Message);
        }
    }

    private void EnsureEnoughImages(string[] classFolders, Dictionary<string, int> countPerClass, Dictionary<string, int>? skippedPerClass)
    {
        foreach (string classFolder in classFolders)
        {
            int count = countPerClass.GetValueOrDefault(classFolder);
            int skippedCount = skippedPerClass?.GetValueOrDefault(classFolder) ?? 0;
            if (count == 0 && skippedCount == 0)
            {
                throw new InvalidClassFolderException(classFolder,
                    $"the class folder is empty; every class needs at least {_options.MinImagesPerClass} images.");
            }

            if (count < _options.MinImagesPerClass)
            {
                string readable = skippedPerClass is null ? "images" : $"readable images ({skippedCount} could not be read)";
                throw new InvalidClassFolderException(classFolder,
                    $"it has {count} {readable}; every class needs at least {_options.MinImagesPerClass}.");
            }
        }
    }

    private static DataLoadingOptions Validate(DataLoadingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MinImagesPerClass, 3, nameof(options.MinImagesPerClass));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DecodeParallelism, 1, nameof(options.DecodeParallelism));
        return options;
    }
}
