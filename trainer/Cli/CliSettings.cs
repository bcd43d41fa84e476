using Microsoft.Extensions.Configuration;

namespace FashionServerless.Trainer.Cli;

/// <summary>What the process gives the command line: its console streams and its settings.</summary>
/// <param name="Output">Results and progress.</param>
/// <param name="Error">The one-line failure messages.</param>
/// <param name="Interactive">Whether live progress bars may redraw the output line.</param>
/// <param name="Configuration">
/// The settings every command's host is built from: the environment variables (<c>FashionServerless__*</c>,
/// <c>FASHIONSERVERLESS_STORAGE</c>, <c>PipelineStorage</c>), as the function app reads its app settings.
/// </param>
internal sealed record CliSettings(TextWriter Output, TextWriter Error, bool Interactive, IConfiguration Configuration);
