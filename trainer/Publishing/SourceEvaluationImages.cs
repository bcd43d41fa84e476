using System.Runtime.CompilerServices;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Manifest;
using FashionServerless.Trainer.Data;

namespace FashionServerless.Trainer.Publishing;

/// <summary>
/// A trainer image source (a local folder, or a run's held-out split of its training source) seen by the evaluation
/// engine. Entries the source could not place in a class folder are passed on by path, so the engine skips and reports
/// them by the same rule as everywhere else.
/// </summary>
internal sealed class SourceEvaluationImages : IEvaluationImageSource
{
    private readonly ILabelledImageSource _source;
    private readonly IReadOnlyList<LabelledImageEntry>? _only;

    /// <param name="source">Where the images are read from.</param>
    /// <param name="description">What the images are, for messages.</param>
    /// <param name="only">Only these entries of the source (a split); every entry when null.</param>
    public SourceEvaluationImages(ILabelledImageSource source, string description, IEnumerable<LabelledImageEntry>? only = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        Description = description ?? throw new ArgumentNullException(nameof(description));
        _only = only is null ? null : [.. only.OrderBy(e => e.RelativePath, StringComparer.Ordinal)];
    }

    public string Description { get; }

    public async IAsyncEnumerable<EvaluationImageEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<LabelledImageEntry> images = _only ?? [];
        if (_only is null)
        {
            LabelledImageListing listing = await _source.ListAsync(cancellationToken).ConfigureAwait(false);
            foreach (SkippedFile unexpected in listing.Unexpected)
            {
                // Never read: the engine skips a path outside a class folder, or inside a nested one, before reading.
                yield return new EvaluationImageEntry(unexpected.Path, unexpected.Path, 0);
            }

            images = [.. listing.Images.OrderBy(e => e.RelativePath, StringComparer.Ordinal)];
        }

        foreach (LabelledImageEntry image in images)
        {
            yield return new EvaluationImageEntry(image.RelativePath, image.Location, image.Length);
        }
    }

    public async Task<ReadOnlyMemory<byte>?> ReadAsync(EvaluationImageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // Only listed images are read (the engine skips the rest first), and a source reads an image by its location alone.
        string[] parts = entry.Path.Split('/');
        var image = new LabelledImageEntry(parts[0], parts[^1], entry.Location, entry.Length);
        try
        {
            return await _source.ReadAsync(image, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}
