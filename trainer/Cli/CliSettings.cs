using FashionServerless.Shared.Storage;

namespace FashionServerless.Trainer.Cli;

/// <summary>What the process gives the command line: its console streams, and the container names in use.</summary>
/// <param name="Output">Results and progress.</param>
/// <param name="Error">The one-line failure messages.</param>
/// <param name="Layout">Container names; the process binds them from <c>FashionServerless__Blobs__*</c>.</param>
/// <param name="Interactive">Whether live progress bars may redraw the output line.</param>
internal sealed record CliSettings(TextWriter Output, TextWriter Error, BlobLayoutOptions Layout, bool Interactive);
