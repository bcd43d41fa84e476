using System.Security.Cryptography;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using FashionServerless.Trainer.Cli;
using FashionServerless.Trainer.Export;
using FashionServerless.Trainer.Reporting;

namespace FashionServerless.Trainer.Tests.Cli;

public sealed class TrainCommandTests
{
    [Fact]
    public async Task Train_TinySyntheticSet_WritesModelManifestReportAndLog()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, output, "--val-fraction", "0.125", "--test-fraction", "0.125"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        byte[] model = await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx"));
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.True(ModelVersion.IsValid(manifest.Version));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(model)), manifest.Sha256);
        Assert.Equal(["black", "blue", "dress", "shirt"], manifest.Labels);
        Assert.Equal(DecisionRuleKind.GroupArgmax, manifest.Decision!.Rule);
        Assert.Empty(manifest.Thresholds);
        Assert.Equal(TinyDataSet.Size, manifest.Preprocessing.Width);
        Assert.Equal(ResizeMode.PadToSquare, manifest.Preprocessing.ResizeMode);
        Assert.Equal(OnnxExporter.DefaultOpset, manifest.Onnx.Opset);
        Assert.Equal(PreprocessingSpec.ScaledJpegVersion, manifest.Preprocessing.Version);
        Assert.Equal(16, manifest.Dataset!.ImagesPerClass.Values.Sum());
        Assert.Equal(16, manifest.Dataset.TrainCount + manifest.Dataset.ValidationCount + manifest.Dataset.TestCount);
        Assert.NotNull(manifest.TestMetrics);
        Assert.NotNull(manifest.ValidationMetrics);
        Assert.Equal(12, manifest.Dataset.TrainCount);
        Assert.Equal("2", manifest.TrainerSettings["epochs"]);
        Assert.Equal("AdamW", manifest.TrainerSettings["optimizer"]);
        Assert.StartsWith("GlobalPoolCnn 32-64-128-256-256 ", manifest.TrainerSettings["model"], StringComparison.Ordinal);
        Assert.Contains("zoom ±0.1 (both axes)", manifest.TrainerSettings["augmentation"], StringComparison.Ordinal);
        Assert.Null(manifest.Promotion);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "training.jsonl")).Length);
        foreach (string file in new[] { ReportWriter.LossChart, ReportWriter.F1Chart, "confusion-colour.png", "confusion-garment.png", ReportWriter.HtmlFileName, ReportWriter.MarkdownFileName })
        {
            Assert.True(File.Exists(Path.Combine(output, "report", file)), $"report/{file} is missing");
        }

        Assert.Contains("micro avg", run.Output, StringComparison.Ordinal);
        Assert.Contains("epoch   1/2", run.Output, StringComparison.Ordinal);
        Assert.Contains("passed parity", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Train_Defaults_TrainsOnEveryImageWithoutHeldOutMetrics()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, output));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.Equal(16, manifest.Dataset!.TrainCount);
        Assert.Equal(0, manifest.Dataset.ValidationCount + manifest.Dataset.TestCount);
        Assert.Null(manifest.ValidationMetrics);
        Assert.Null(manifest.TestMetrics);
        Assert.Equal("1/0/0", manifest.TrainerSettings["splitFractions"]);
    }

    [Fact]
    public async Task Train_ReferenceArchitectureWithFlipAverage_ExportsAParityCheckedGraphThatAveragesTheMirror()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, output, "--architecture", "reference", "--flip-average"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.Equal("ReferenceCnn", manifest.TrainerSettings["model"]);
        Assert.Equal("true", manifest.TrainerSettings["flipAverage"]);
        Assert.Contains("passed parity", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_ShiftAndZoomGiven_ManifestRecordsTheAugmentationTrainedWith()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, output, "--shift", "0.05", "--zoom", "0.2", "--erase", "0.25", "--widths", "8,16,32,64"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.Contains("shift ±0.05, zoom ±0.2 (both axes)", manifest.TrainerSettings["augmentation"], StringComparison.Ordinal);
        Assert.Contains("noise erase p 0.25", manifest.TrainerSettings["augmentation"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_TwoMembers_ManifestNamesThePackedEnsembleAndItsExportPassesParity()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, output, "--members", "2", "--widths", "8,16,32,64"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.Contains("8-16-32-64 x1, 2 members", manifest.TrainerSettings["model"], StringComparison.Ordinal);
        Assert.Contains("passed parity", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--members", "0", "members")]
    [InlineData("--widths", "32,x", "--widths")]
    [InlineData("--weight-decay", "-1", "weight")]
    [InlineData("--class-balance", "2", "class balance")]
    [InlineData("--zoom", "1", "zoom range")]
    [InlineData("--shift", "-0.1", "shift range")]
    [InlineData("--shift", "0.6", "shift range")]
    [InlineData("--erase", "1.5", "erase probability")]
    [InlineData("--architecture", "resnet", "resnet")]
    public async Task Train_BadRecipeOption_ExitsWithUsageCodeAndNamesIt(string option, string value, string named)
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "run"), option, value));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Train_TooFewStepsForTheSchedule_ExitsWithUsageCodeBeforeTraining()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "run"), "--val-fraction", "0.25", "--test-fraction", "0.25"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("at least 3 optimiser steps", run.ErrorLine, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_PreprocessingVersion1_RecordedInManifestAndServedWithIt()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, output, "--preprocessing-version", "1"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        Assert.Equal(PreprocessingSpec.FullDecodeVersion, manifest.Preprocessing.Version);
        using Shared.Inference.OnnxClassifier classifier = Shared.Inference.OnnxClassifier.Load(await File.ReadAllBytesAsync(Path.Combine(output, "model.onnx")), manifest);
        Assert.Equal(PreprocessingSpec.FullDecodeVersion, classifier.Preprocessor.Spec.Version);
    }

    [Fact]
    public async Task Train_UnknownPreprocessingVersion_ExitsWithUsageCode()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "run"), "--preprocessing-version", "3"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'3'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_CorruptImageInData_SkipsItAndReportsItInOutputAndManifest()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);
        await File.WriteAllTextAsync(Path.Combine(data, "black_dress", "broken.jpg"), "not a jpeg");

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, output));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("black_dress/broken.jpg", run.Output, StringComparison.Ordinal);
        Assert.Contains("skipped files: 1", run.Output, StringComparison.Ordinal);
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(Path.Combine(output, "manifest.json")), "manifest");
        SkippedFile skipped = Assert.Single(manifest.Dataset!.Skipped);
        Assert.Equal("black_dress/broken.jpg", skipped.Path);
        Assert.Contains("broken.jpg", await File.ReadAllTextAsync(Path.Combine(output, "report", ReportWriter.HtmlFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_MissingFolder_ExitsWithDataCode()
    {
        using var folder = new TemporaryFolder();
        string missing = Path.Combine(folder.Path, "nope");

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(missing, Path.Combine(folder.Path, "run")));

        Assert.Equal(ExitCodes.Data, run.ExitCode);
        Assert.Contains(missing, run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("does not exist", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_EmptyClassFolder_ExitsWithDataCodeNamingIt()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data);
        Directory.CreateDirectory(Path.Combine(data, "blue_pants"));

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "run")));

        Assert.Equal(ExitCodes.Data, run.ExitCode);
        Assert.Contains("'blue_pants'", run.ErrorLine, StringComparison.Ordinal);
        Assert.Contains("empty", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_BadFolderName_ExitsWithDataCodeNamingIt()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data");
        TinyDataSet.Write(data);
        Directory.Move(Path.Combine(data, "blue_shirt"), Path.Combine(data, "shirts"));

        CliRun run = await CliRun.RunAsync(null, TinyDataSet.TrainArgs(data, Path.Combine(folder.Path, "run")));

        Assert.Equal(ExitCodes.Data, run.ExitCode);
        Assert.Contains("'shirts'", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_BothDataAndContainer_ExitsWithUsageCode()
    {
        CliRun run = await CliRun.RunAsync(null, "train", "--data", "x", "--container", "training", "--output", "y");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("either --data", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_PublishToUnreachableStorage_FailsBeforeTrainingWithStorageCode()
    {
        using var folder = new TemporaryFolder();
        string data = Path.Combine(folder.Path, "data"), output = Path.Combine(folder.Path, "run");
        TinyDataSet.Write(data);

        CliRun run = await CliRun.RunAsync(null, [.. TinyDataSet.TrainArgs(data, output, "--publish"), "--storage", UnreachableStorage.ConnectionString]);

        Assert.Equal(ExitCodes.Storage, run.ExitCode);
        Assert.Contains("Cannot reach storage at http://127.0.0.1:1/devstoreaccount1", run.ErrorLine, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "model.onnx")));
    }
}
