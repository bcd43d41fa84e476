namespace FashionServerless.Shared.Labels;

/// <summary>One training class, named by its folder: <c>black_dress</c> is colour black and garment dress.</summary>
public readonly record struct ClassName(string Colour, string Garment)
{
    public string FolderName => $"{Colour}_{Garment}";

    public override string ToString() => FolderName;
}
