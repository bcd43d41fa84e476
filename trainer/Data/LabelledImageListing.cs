using FashionServerless.Shared.Manifest;

namespace FashionServerless.Trainer.Data;

/// <summary>What a source holds, before anything is read.</summary>
/// <param name="ClassFolders">Every class folder, including empty ones (so an empty class is an error, not a missing label).</param>
/// <param name="Images">Every file inside a class folder.</param>
/// <param name="Unexpected">Entries that cannot be training images (files outside class folders, nested folders), reported rather than dropped.</param>
internal sealed record LabelledImageListing(
    IReadOnlyList<string> ClassFolders,
    IReadOnlyList<LabelledImageEntry> Images,
    IReadOnlyList<SkippedFile> Unexpected);
