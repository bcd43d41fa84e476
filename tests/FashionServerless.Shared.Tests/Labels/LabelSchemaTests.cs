using FashionServerless.Shared.Labels;

namespace FashionServerless.Shared.Tests.Labels;

public sealed class LabelSchemaTests
{
    private static readonly string[] ReferenceFolders =
    [
        "blue_shorts", "black_dress", "black_pants", "black_shirt", "black_shoes",
        "black_shorts", "blue_dress", "blue_pants", "blue_shirt", "blue_shoes",
    ];

    private static readonly string[] FullApparelFolders =
    [
        "black_dress", "black_pants", "black_shirt", "black_shoes", "black_shorts",
        "blue_dress", "blue_pants", "blue_shirt", "blue_shoes", "blue_shorts",
        "brown_pants", "brown_shoes", "brown_shorts",
        "green_pants", "green_shirt", "green_shoes", "green_shorts",
        "red_dress", "red_pants", "red_shoes",
        "white_dress", "white_pants", "white_shoes", "white_shorts",
    ];

    [Fact]
    public void FromClassNames_ReferenceTenFolders_GivesSevenLabelsInBinarizerOrder()
    {
        LabelSchema schema = LabelSchema.FromClassNames(ReferenceFolders);

        Assert.Equal(["black", "blue", "dress", "pants", "shirt", "shoes", "shorts"], schema.Labels);
        Assert.Equal(7, schema.Count);
        Assert.Equal(LabelSchema.ColourGroup, schema.Groups[0].Name);
        Assert.Equal(["black", "blue"], schema.Groups[0].Labels);
        Assert.Equal(LabelSchema.GarmentGroup, schema.Groups[1].Name);
        Assert.Equal(["dress", "pants", "shirt", "shoes", "shorts"], schema.Groups[1].Labels);
    }

    [Fact]
    public void FromClassNames_FullApparelSet_GivesElevenLabelsInterleavedAlphabetically()
    {
        Assert.Equal(24, FullApparelFolders.Length);

        LabelSchema schema = LabelSchema.FromClassNames(FullApparelFolders);

        Assert.Equal(["black", "blue", "brown", "dress", "green", "pants", "red", "shirt", "shoes", "shorts", "white"], schema.Labels);
        Assert.Equal(["black", "blue", "brown", "green", "red", "white"], schema.Groups[0].Labels);
        Assert.Equal(["dress", "pants", "shirt", "shoes", "shorts"], schema.Groups[1].Labels);
    }

    [Fact]
    public void FromClassNames_FolderOrder_DoesNotChangeTheSchema()
    {
        LabelSchema forward = LabelSchema.FromClassNames(FullApparelFolders);
        LabelSchema backward = LabelSchema.FromClassNames(FullApparelFolders.Reverse());

        Assert.Equal(forward.Labels, backward.Labels);
    }

    [Theory]
    [InlineData("BlackDress")]
    [InlineData("black-dress")]
    [InlineData("black_")]
    [InlineData("_dress")]
    [InlineData("black_dress_long")]
    [InlineData("Black_Dress")]
    [InlineData("black dress")]
    public void ParseClassName_BadFolderName_ThrowsNamingTheFolder(string folder)
    {
        var error = Assert.Throws<InvalidClassFolderException>(() => LabelSchema.ParseClassName(folder));

        Assert.Equal(folder, error.FolderName);
        Assert.Contains($"'{folder}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("<colour>_<garment>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseClassName_EmptyName_SaysItIsEmpty()
    {
        var error = Assert.Throws<InvalidClassFolderException>(() => LabelSchema.ParseClassName(""));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromClassNames_OneBadFolderAmongGood_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidClassFolderException>(() => LabelSchema.FromClassNames(["black_dress", "black-shoes", "blue_shirt"]));

        Assert.Equal("black-shoes", error.FolderName);
    }

    [Fact]
    public void FromClassNames_NoFolders_ThrowsClearError()
    {
        var error = Assert.Throws<InvalidClassFolderException>(() => LabelSchema.FromClassNames([]));

        Assert.Contains("no class folders", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseClassName_ValidFolder_SplitsColourAndGarment()
    {
        ClassName name = LabelSchema.ParseClassName("blue_shorts");

        Assert.Equal(new ClassName("blue", "shorts"), name);
        Assert.Equal("blue_shorts", name.FolderName);
    }

    [Fact]
    public void EncodeTargets_Class_SetsItsColourAndGarment()
    {
        LabelSchema schema = LabelSchema.FromClassNames(ReferenceFolders);

        float[] targets = schema.EncodeTargets(new ClassName("blue", "shoes"));

        Assert.Equal([0, 1, 0, 0, 0, 1, 0], targets);
    }

    [Fact]
    public void EncodeTargets_UnknownLabel_ThrowsNamingIt()
    {
        LabelSchema schema = LabelSchema.FromClassNames(ReferenceFolders);

        var error = Assert.Throws<KeyNotFoundException>(() => schema.EncodeTargets(new ClassName("red", "dress")));

        Assert.Contains("'red'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IndexOf_Label_IsItsOutputPosition()
    {
        LabelSchema schema = LabelSchema.FromClassNames(FullApparelFolders);

        Assert.All(schema.Labels, (label, index) => Assert.Equal(index, schema.IndexOf(label)));
    }

    [Fact]
    public void Constructor_LabelInBothGroups_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new LabelSchema(["black", "dress"], ["dress"]));

        Assert.Contains("'dress'", error.Message, StringComparison.Ordinal);
    }
}
