using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.Storage;

/// <summary>
/// Each container has one job: a shared name would, for instance, make every prediction record a new upload that
/// the blob trigger classifies again.
/// </summary>
internal sealed class BlobLayoutOptionsValidator : IValidateOptions<BlobLayoutOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobLayoutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (string Setting, string Container)[] containers =
        [
            (nameof(options.Uploads), options.Uploads),
            (nameof(options.Predictions), options.Predictions),
            (nameof(options.Models), options.Models),
            (nameof(options.Training), options.Training),
            (nameof(options.Evaluation), options.Evaluation),
            (nameof(options.Metrics), options.Metrics),
        ];
        string[] clashes = [.. containers
            .GroupBy(c => c.Container, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(", ", g.Select(c => c.Setting))} all name container '{g.Key}'")];
        return clashes.Length == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{BlobLayoutOptions.SectionName}: each container needs its own name; {string.Join("; ", clashes)}.");
    }
}
