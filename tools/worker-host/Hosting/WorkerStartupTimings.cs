namespace FashionServerless.WorkerHost.Hosting;

/// <summary>How long the worker took to start, each measured from starting its process.</summary>
/// <param name="Connected">Until its <c>StartStream</c> arrived.</param>
/// <param name="Initialized">Until its <c>WorkerInitResponse</c> arrived.</param>
/// <param name="Loaded">Until the last <c>FunctionLoadResponse</c> arrived: ready for invocations.</param>
public sealed record WorkerStartupTimings(TimeSpan Connected, TimeSpan Initialized, TimeSpan Loaded);
