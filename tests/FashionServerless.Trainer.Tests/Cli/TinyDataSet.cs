using FashionServerless.Trainer.Synthetic;

namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>A tiny synthetic <c>&lt;colour&gt;_&lt;garment&gt;</c> folder: 32x32 images, quick to train on for a couple of epochs.</summary>
internal static class TinyDataSet
{
    public const int Size = 32;

    public static string[] Classes { get; } = ["black_dress", "blue_shirt"];

    public static void Write(string folder, int perClass = 8, IReadOnlyList<string>? classes = null) =>
        SyntheticApparelGenerator.Generate(folder, new SyntheticDataOptions { Classes = classes ?? Classes, ImagesPerClass = perClass, Size = Size, Seed = 3 });

    /// <summary>The arguments of a short training run on <paramref name="data"/>.</summary>
    public static string[] TrainArgs(string data, string output, params string[] extra) =>
        ["train", "--data", data, "--output", output, "--epochs", "2", "--size", $"{Size}", "--batch-size", "8", "--threads", "1", .. extra];
}
