using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary>A copy of the container layout with one container renamed by a command's option.</summary>
internal static class LayoutOverride
{
    public static BlobLayoutOptions With(BlobLayoutOptions layout, string? uploads = null, string? predictions = null, string? evaluation = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return new BlobLayoutOptions
        {
            Uploads = uploads ?? layout.Uploads,
            Predictions = predictions ?? layout.Predictions,
            Models = layout.Models,
            Training = layout.Training,
            Evaluation = evaluation ?? layout.Evaluation,
            Metrics = layout.Metrics,
        };
    }
}
