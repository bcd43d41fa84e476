namespace FashionServerless.Shared.Labels;

/// <summary>A class folder's name does not say which labels its images carry.</summary>
public sealed class InvalidClassFolderException(string folderName, string reason)
    : Exception(folderName.Length == 0 ? $"Invalid training data: {reason}" : $"Invalid class folder '{folderName}': {reason}")
{
    public string FolderName { get; } = folderName;
}
