using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Synthetic;
using TorchSharp;

namespace FashionServerless.Trainer.Tests.Data;

public sealed class LabelledImageLoaderTests
{
    private static readonly SyntheticDataOptions TwoClasses = new() { Classes = ["black_dress", "blue_shoes"], ImagesPerClass = 6, Size = 40, Seed = 5 };

    private static LabelledImageLoader Loader(int parallelism = 2) =>
        new(new ImagePreprocessor(PreprocessingSpec.Default), new DataLoadingOptions { DecodeParallelism = parallelism });

    [Fact]
    public async Task LoadAsync_SyntheticFolder_DecodesEveryImageInClassThenFileOrder()
    {
        using var folder = new TemporaryFolder();
        SyntheticApparelGenerator.Generate(folder.Path, TwoClasses);

        using LabelledImageSet set = await Loader().LoadAsync(new FolderImageSource(folder.Path));

        Assert.Equal([12, 3, 96, 96], set.Images.shape);
        Assert.Equal(["black", "blue", "dress", "shoes"], set.Schema.Labels);
        Assert.Equal(["black_dress", "blue_shoes"], set.ClassFolders);
        Assert.Equal(set.Entries.OrderBy(e => e.ClassFolder, StringComparer.Ordinal).ThenBy(e => e.FileName, StringComparer.Ordinal), set.Entries);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1], set.ClassOfImage);
        Assert.Equal(new float[] { 1, 0, 1, 0 }, set.Targets[0].data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 0, 1 }, set.Targets[11].data<float>().ToArray());
        Assert.Empty(set.Skipped);
        Assert.Matches("^[0-9a-f]{64}$", set.Fingerprint);
        float[] firstImage = new ImagePreprocessor(PreprocessingSpec.Default).Preprocess(File.ReadAllBytes(set.Entries[0].Location));
        Assert.Equal(firstImage, set.Images[0].flatten().data<float>().ToArray());
    }

    [Fact]
    public async Task LoadAsync_OneOrTwoDecoders_GiveIdenticalTensorsAndFingerprint()
    {
        using var folder = new TemporaryFolder();
        SyntheticApparelGenerator.Generate(folder.Path, TwoClasses);

        using LabelledImageSet serial = await Loader(parallelism: 1).LoadAsync(new FolderImageSource(folder.Path));
        using LabelledImageSet parallel = await Loader(parallelism: 2).LoadAsync(new FolderImageSource(folder.Path));

        Assert.True(serial.Images.eq(parallel.Images).all().item<bool>());
        Assert.Equal(serial.Fingerprint, parallel.Fingerprint);
    }

    [Fact]
    public async Task LoadAsync_ContentChanges_FingerprintChanges()
    {
        using var folder = new TemporaryFolder();
        IReadOnlyList<string> files = SyntheticApparelGenerator.Generate(folder.Path, TwoClasses);
        string before = (await Loader().LoadAsync(new FolderImageSource(folder.Path))).Fingerprint;

        File.Copy(files[1], files[0], overwrite: true);
        string after = (await Loader().LoadAsync(new FolderImageSource(folder.Path))).Fingerprint;

        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task LoadAsync_FolderNameNotColourUnderscoreGarment_ThrowsNamingTheFolder()
    {
        using var folder = new TemporaryFolder();
        SyntheticApparelGenerator.Generate(folder.Path, TwoClasses);
        Directory.Move(Path.Combine(folder.Path, "blue_shoes"), Path.Combine(folder.Path, "Blue Shoes"));

        var error = await Assert.ThrowsAsync<InvalidClassFolderException>(() => Loader().LoadAsync(new FolderImageSource(folder.Path)));

        Assert.Equal("Blue Shoes", error.FolderName);
        Assert.Contains("'Blue Shoes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_EmptyClassFolder_ThrowsNamingTheFolder()
    {
        using var folder = new TemporaryFolder();
        SyntheticApparelGenerator.Generate(folder.Path, TwoClasses);
        Directory.CreateDirectory(Path.Combine(folder.Path, "blue_dress"));

        var error = await Assert.ThrowsAsync<InvalidClassFolderException>(() => Loader().LoadAsync(new FolderImageSource(folder.Path)));

        Assert.Equal("blue_dress", error.FolderName);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ClassWithTooFewImages_ThrowsBeforeDecoding()
    {
        using var folder = new TemporaryFolder();
        SyntheticApparelGenerator.Generate(folder.Path, TwoClasses with { ImagesPerClass = 4 });

        var error = await Assert.ThrowsAsync<InvalidClassFolderException>(() => Loader().LoadAsync(new FolderImageSource(folder.Path)));

        Assert.Equal("black_dress", error.FolderName);
        Assert.Contains("4 images", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_CorruptImagesLeaveTooFewReadable_ThrowsCountingTheUnreadable()
    {
        using var folder = new TemporaryFolder();
        IReadOnlyList<string> files = SyntheticApparelGenerator.Generate(folder.Path, TwoClasses with { ImagesPerClass = 5 });
        await File.WriteAllTextAsync(files[0], "not an image");

        var error = await Assert.ThrowsAsync<InvalidClassFolderException>(() => Loader().LoadAsync(new FolderImageSource(folder.Path)));

        Assert.Equal("black_dress", error.FolderName);
        Assert.Contains("4 readable images (1 could not be read)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_CorruptAndNonImageFiles_SkipsAndReportsEachWithItsReason()
    {
        using var folder = new TemporaryFolder();
        IReadOnlyList<string> files = SyntheticApparelGenerator.Generate(folder.Path, TwoClasses);
        byte[] jpeg = await File.ReadAllBytesAsync(files[0]);
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "black_dress", "truncated.jpg"), jpeg.AsSpan(0, 40).ToArray());
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "blue_shoes", "notes.jpg"), "this is text, not a photo");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "README.txt"), "stray file");

        using LabelledImageSet set = await Loader().LoadAsync(new FolderImageSource(folder.Path));

        Assert.Equal(12, set.Count);
        Assert.DoesNotContain(set.Entries, e => e.FileName is "truncated.jpg" or "notes.jpg");
        Assert.Equal(["README.txt", "black_dress/truncated.jpg", "blue_shoes/notes.jpg"], set.Skipped.Select(s => s.Path));
        Assert.Equal("outside_class_folder", set.Skipped[0].Reason);
        Assert.True(set.Skipped[1].Reason is "corrupt" or "not_an_image", set.Skipped[1].Reason);
        Assert.Equal("not_an_image", set.Skipped[2].Reason);
        Assert.All(set.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Message)));
        Assert.Equal(new Dictionary<string, int> { ["black_dress"] = 6, ["blue_shoes"] = 6 }, set.ImagesPerClass);
    }

    [Fact]
    public async Task LoadAsync_MissingFolder_ThrowsNamingThePath()
    {
        string missing = Path.Combine(Path.GetTempPath(), "fs-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Loader().LoadAsync(new FolderImageSource(missing)));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summarize_AfterSplit_CountsSplitsAndCarriesSeedAndSkipped()
    {
        using var folder = new TemporaryFolder();
        SyntheticApparelGenerator.Generate(folder.Path, TwoClasses with { ImagesPerClass = 20 });
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "black_dress", "bad.jpg"), "text");
        using LabelledImageSet set = await Loader().LoadAsync(new FolderImageSource(folder.Path));

        var summary = set.Summarize(StratifiedSplitter.Split(set.ClassOfImage, seed: 9, new SplitFractions(0.7, 0.15, 0.15)));

        Assert.Equal((28, 6, 6, 9), (summary.TrainCount, summary.ValidationCount, summary.TestCount, summary.SplitSeed));
        Assert.Equal(set.Fingerprint, summary.Fingerprint);
        Assert.Single(summary.Skipped);
        Assert.Equal(20, summary.ImagesPerClass["blue_shoes"]);
    }
}
