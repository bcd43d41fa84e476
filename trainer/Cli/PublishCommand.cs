using System.CommandLine;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>publish</c>: uploads a trained model folder to the registry as a new immutable version (not promoted).</summary>
internal static class PublishCommand
{
    public static Command Create(CliSettings settings)
    {
        var modelDir = new Option<string>("--model-dir") { Description = "Folder with model.onnx, manifest.json and optionally report/ (a train --output folder).", Required = true };
        var command = new Command("publish", "Publish a trained model folder to the registry (models container). Use 'promote' to make it current.")
        {
            modelDir,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            ModelDirectory model = await ModelDirectory.ReadAsync(parse.GetRequiredValue(modelDir), cancellationToken);
            Dictionary<string, BinaryData> report = await model.ReadReportFilesAsync(cancellationToken);
            await context.Registry.PublishAsync(model.Manifest, new BinaryData(model.OnnxModel), report, cancellationToken);
            context.Result($"Published {model.Manifest.Version} ({model.OnnxModel.Length} bytes, {report.Count} report files) to container '{context.Layout.Models}'.");
            context.Event("published", new { version = model.Manifest.Version, sha256 = model.Manifest.Sha256, reportFiles = report.Count });
            return ExitCodes.Success;
        });
        return command;
    }
}
