using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Trainer.Cli;

/// <summary>Loads the model a command names: a local file, a registry version, or (by default) the current one.</summary>
internal static class ModelSelection
{
    public static async Task<OnnxClassifier> LoadAsync(CliContext context, string? modelPath, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (modelPath is not null && version is not null)
        {
            throw new CliFailure(ExitCodes.Usage, "Give either --model or --version, not both.");
        }

        if (modelPath is not null)
        {
            ModelDirectory local = await ModelDirectory.ReadAsync(modelPath, cancellationToken);
            return OnnxClassifier.Load(local.OnnxModel, local.Manifest);
        }

        ModelRegistry registry = context.Registry;
        if (version is not null)
        {
            if (!ModelVersion.IsValid(version))
            {
                throw new CliFailure(ExitCodes.Usage, $"'{version}' is not a model version id (expected e.g. 20261128T120000Z-3f2a9c1d).");
            }

            ModelPackage package = await registry.DownloadModelAsync(version, cancellationToken);
            return OnnxClassifier.Load(package.OnnxModel, package.Manifest);
        }

        CurrentModelPackage current = await registry.DownloadCurrentAsync(cancellationToken)
            ?? throw new CliFailure(ExitCodes.Model, $"No model is current in container '{context.Layout.Models}' yet; give --model or --version, or promote one.");
        return OnnxClassifier.Load(current.Package.OnnxModel, current.Package.Manifest);
    }
}
