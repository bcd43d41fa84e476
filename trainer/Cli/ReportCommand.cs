using System.CommandLine;
using FashionServerless.Shared.Dashboard;

namespace FashionServerless.Trainer.Cli;

/// <summary><c>report</c>: renders the dashboard page into storage now, as the timer does after each evaluation.</summary>
internal static class ReportCommand
{
    public static Command Create(CliSettings settings)
    {
        var output = new Option<string?>("--output") { Description = "Also save the page to this local file (data.json is written next to it)." };
        var command = new Command("report",
            "Render the dashboard (metrics per model version over time, live vs labelled-set accuracy, label rates and drift, the last rejections) "
            + "to metrics/dashboard/index.html, with its figures in metrics/dashboard/data.json.")
        {
            output,
        };
        CommandAction.Set(command, settings, async (context, parse, cancellationToken) =>
        {
            DashboardPublication page = await new DashboardPublisher(context.Storage, context.Layout).PublishAsync(cancellationToken);
            context.Result($"Dashboard: {context.Layout.Metrics}/{DashboardPublisher.PageBlobName} ({page.Data.Runs.Count} evaluation runs, {page.Data.RecentRejections.Count} recent rejections)");
            context.Result($"URL: {page.PageUri}");
            if (parse.GetValue(output) is string path)
            {
                string full = Path.GetFullPath(path);
                string? directory = Path.GetDirectoryName(full);
                if (directory is not null)
                {
                    Directory.CreateDirectory(directory);
                }

                await File.WriteAllTextAsync(full, page.Html, cancellationToken);
                await File.WriteAllBytesAsync(Path.Combine(directory ?? ".", "data.json"), Shared.Manifest.ManifestJson.SerializeToUtf8Bytes(page.Data), cancellationToken);
                context.Result($"Saved: {full}");
            }

            context.Event("dashboard", new { uri = page.PageUri, runs = page.Data.Runs.Count, rejections = page.Data.RecentRejections.Count });
            return ExitCodes.Success;
        });
        return command;
    }
}
