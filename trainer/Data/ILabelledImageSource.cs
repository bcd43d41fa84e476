namespace FashionServerless.Trainer.Data;

/// <summary>
/// A labelled image set laid out as <c>&lt;colour&gt;_&lt;garment&gt;/&lt;file&gt;</c>: a local folder here, a blob
/// container or prefix elsewhere. The loader validates, reads and decodes; a source only lists and reads bytes.
/// </summary>
internal interface ILabelledImageSource
{
    /// <summary>Where the images come from, for messages: a folder path or a container URI.</summary>
    string Description { get; }

    /// <summary>Lists the class folders and their files.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder or container does not exist.</exception>
    Task<LabelledImageListing> ListAsync(CancellationToken cancellationToken);

    /// <summary>Reads one listed file's bytes. Must be safe to call concurrently.</summary>
    /// <exception cref="IOException">The file cannot be read; the loader reports it as unreadable.</exception>
    Task<byte[]> ReadAsync(LabelledImageEntry entry, CancellationToken cancellationToken);
}
