using System.CommandLine;
using Azure.Storage.Blobs;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Registry;
using FashionServerless.Trainer.Publishing;
using Microsoft.Extensions.Options;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>promote</c>: makes a published version current, through the same gate as <c>train --publish</c>.</summary>
internal static class PromoteCommand
{
    public static Command Create(CliSettings settings)
    {
        var version = new Argument<string>("version") { Description = "The published version id, e.g. 20261128T120000Z-3f2a9c1d." };
        var force = new Option<bool>("--force") { Description = "Promote even when the version scores below the current model." };
        var evaluationContainer = new Option<string?>("--evaluation-container")
        {
            Description = "Labelled container both models are scored on (default: the evaluation container, FashionServerless__Blobs__Evaluation).",
        };
        var command = new Command("promote",
            "Make a published version current if its macro-F1 on the evaluation container is at least the current model's (both scored now); --force overrides. A refusal exits 0.")
        {
            version, force, evaluationContainer,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            string id = parse.GetRequiredValue(version);
            if (!ModelVersion.IsValid(id))
            {
                throw new CliFailure(ExitCodes.Usage, $"'{id}' is not a model version id (expected e.g. 20261128T120000Z-3f2a9c1d); see 'fashion-trainer list'.");
            }

            ModelRegistry registry = context.Registry;
            ModelPackage package = await registry.DownloadModelAsync(id, cancellationToken);
            string containerName = parse.GetValue(evaluationContainer) ?? context.Layout.Evaluation;
            bool forced = parse.GetValue(force);
            var gate = new PromotionGate(registry, context.Get<IOptions<EvaluationOptions>>().Value);
            GateOutcome? outcome = null;
            using (OnnxClassifier candidate = OnnxClassifier.Load(package.OnnxModel, package.Manifest))
            {
                BlobContainerClient container = context.Storage.GetBlobContainerClient(containerName);
                if (await container.ExistsAsync(cancellationToken))
                {
                    outcome = await gate.TryDecideAsync(candidate, new BlobEvaluationImageSource(container), forced, cancellationToken);
                }
            }

            if (outcome is null)
            {
                CurrentModel? current = await registry.GetCurrentAsync(cancellationToken);
                if (current is not null && !forced)
                {
                    throw new CliFailure(ExitCodes.Data,
                        $"The evaluation container '{containerName}' has no labelled images {id} can be scored on, so the gate cannot compare it with {current.Version}; upload some or use --force.");
                }

                CurrentModel promoted = current is null ? await registry.PromoteAsync(id, expectedPointerETag: null, cancellationToken) : await registry.PromoteAsync(id, current.ETag, cancellationToken);
                context.Result($"Promoted {promoted.Version} without a comparison ({(current is null ? "no model was current" : "--force, no evaluation images")}).");
                context.Event("promotion", new { version = id, promoted = true, forced, reason = "no evaluation images" });
                return ExitCodes.Success;
            }

            context.Event("promotion", outcome.Decision);
            if (!outcome.Decision.Promoted)
            {
                context.Result($"Not promoted: {outcome.Decision.Reason}");
                return ExitCodes.Success;
            }

            CurrentModel now = await registry.PromoteAsync(id, outcome.PointerETag, cancellationToken);
            context.Result($"Promoted {now.Version}: {outcome.Decision.Reason}");
            return ExitCodes.Success;
        });
        return command;
    }
}
