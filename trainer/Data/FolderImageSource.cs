using FashionServerless.Shared.Manifest;

namespace FashionServerless.Trainer.Data;

/// <summary>A labelled image set in a local folder: one sub-folder per class, image files directly inside.</summary>
internal sealed class FolderImageSource : ILabelledImageSource
{
    public FolderImageSource(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string Description => Root;

    public Task<LabelledImageListing> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"The training data folder '{Root}' does not exist.");
        }

        var classFolders = new List<string>();
        var images = new List<LabelledImageEntry>();
        var unexpected = new List<SkippedFile>();
        foreach (string file in Directory.EnumerateFiles(Root))
        {
            unexpected.Add(new SkippedFile(Path.GetFileName(file), "outside_class_folder",
                "The file is not inside a <colour>_<garment> class folder, so it has no labels."));
        }

        foreach (string classDirectory in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string classFolder = Path.GetFileName(classDirectory);
            classFolders.Add(classFolder);
            foreach (string nested in Directory.EnumerateDirectories(classDirectory).Order(StringComparer.Ordinal))
            {
                unexpected.Add(new SkippedFile($"{classFolder}/{Path.GetFileName(nested)}/", "nested_folder",
                    "Class folders hold image files directly; nested folders are not read."));
            }

            foreach (FileInfo file in new DirectoryInfo(classDirectory).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                images.Add(new LabelledImageEntry(classFolder, file.Name, file.FullName, file.Length));
            }
        }

        return Task.FromResult(new LabelledImageListing(classFolders, images, unexpected));
    }

    public Task<byte[]> ReadAsync(LabelledImageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return File.ReadAllBytesAsync(entry.Location, cancellationToken);
    }
}
