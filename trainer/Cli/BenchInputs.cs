using System.CommandLine;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Benchmarks;
using FashionServerless.Trainer.Data;

namespace FashionServerless.Trainer.Cli;

/// <summary>
/// What every <c>bench</c> mode measures on: photos read from <c>--data</c> into memory, and a model (<c>--model</c>, or an
/// untrained reference CNN exported to a temporary folder, whose graph and cost are a trained one's) with the
/// preprocessing its manifest names. Dispose it to delete the temporary model.
/// </summary>
internal sealed class BenchInputs : IDisposable
{
    private readonly UntrainedReferenceModel? _untrained;

    private BenchInputs(BenchmarkImageSet images, byte[] onnxModel, ModelManifest manifest, BenchmarkModel facts, UntrainedReferenceModel? untrained)
    {
        Images = images;
        OnnxModel = onnxModel;
        Manifest = manifest;
        Facts = facts;
        _untrained = untrained;
    }

    public BenchmarkImageSet Images { get; }

    public byte[] OnnxModel { get; }

    public ModelManifest Manifest { get; }

    public BenchmarkModel Facts { get; }

    public static Option<string> DataOption() => new("--data") { Description = "A folder of <colour>_<garment>/ image folders to measure on.", Required = true };

    public static Option<string?> ModelOption() => new("--model")
    {
        Description = "A model.onnx (manifest.json beside it) or its folder. Default: a freshly initialised reference CNN exported to a temp folder.",
    };

    public static Option<int?> PreprocessingVersionOption() => new("--preprocessing-version")
    {
        Description = "Preprocessing version for the untrained model (default: what train writes, 2); a --model always runs with its manifest's.",
    };

    /// <exception cref="CliFailure">The folder, the model or the version is unusable.</exception>
    public static async Task<BenchInputs> LoadAsync(CliContext context, string dataFolder, string? modelPath, int? preprocessingVersion, int maxImages,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string folder = Path.GetFullPath(dataFolder);
        if (!Directory.Exists(folder))
        {
            throw new CliFailure(ExitCodes.Data, $"The data folder '{folder}' does not exist; give --data a folder of <colour>_<garment> image folders.");
        }

        ModelDirectory? given = modelPath is null ? null : await ModelDirectory.ReadAsync(modelPath, cancellationToken);
        if (given is not null && preprocessingVersion is not null)
        {
            throw new CliFailure(ExitCodes.Usage, "--preprocessing-version only applies without --model: a model always runs with the version its manifest names.");
        }

        PreprocessingSpec spec = given?.Manifest.Preprocessing
            ?? PreprocessingSpec.Default with { Version = preprocessingVersion ?? PreprocessingSpec.NewModelVersion };
        if (!spec.IsVersionSupported)
        {
            throw new CliFailure(given is null ? ExitCodes.Usage : ExitCodes.Model,
                $"Preprocessing version {spec.Version} is not supported (supported: {string.Join(", ", PreprocessingSpec.SupportedVersions)}).");
        }

        context.Info($"Reading up to {maxImages} images from {folder} ...");
        BenchmarkImageSet images = await BenchmarkImageSet.LoadAsync(new FolderImageSource(folder), new ImagePreprocessor(spec), maxImages, cancellationToken);
        UntrainedReferenceModel? untrained = given is null ? UntrainedReferenceModel.Export(images.Schema, spec) : null;
        byte[] onnx = given?.OnnxModel ?? untrained!.OnnxModel;
        ModelManifest manifest = given?.Manifest ?? untrained!.Manifest;
        double gflopPerImage = ModelComputeCost.GflopPerImage(onnx, manifest);
        BenchmarkModel facts = given is not null
            ? new BenchmarkModel(Path.Combine(given.Folder, ModelDirectory.ModelFileName), manifest.Version, spec, Untrained: false, gflopPerImage)
            : new BenchmarkModel($"untrained reference CNN exported to {untrained!.Folder} (no --model given; deleted afterwards)", manifest.Version, spec, Untrained: true, gflopPerImage);
        context.Info($"Model: {facts.Source}");
        return new BenchInputs(images, onnx, manifest, facts, untrained);
    }

    public BenchmarkData Data => new(Images.Description, Images.Count, Images.EncodedBytes, Images.Skipped);

    public void Dispose() => _untrained?.Dispose();
}
