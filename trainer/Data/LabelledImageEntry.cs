namespace FashionServerless.Trainer.Data;

/// <summary>One image file of a labelled image set, as a source lists it.</summary>
/// <param name="ClassFolder">The class folder it lies in, such as <c>black_dress</c>.</param>
/// <param name="FileName">Its name inside the class folder.</param>
/// <param name="Location">Where the source reads it from: a full file path, a blob name.</param>
/// <param name="Length">Its size in bytes, known from the listing, so oversized files are refused before they are read.</param>
internal sealed record LabelledImageEntry(string ClassFolder, string FileName, string Location, long Length)
{
    /// <summary><c>class/file</c>, as reports name it.</summary>
    public string RelativePath => $"{ClassFolder}/{FileName}";
}
