namespace FashionServerless.Infra.Tests.Template;

/// <summary>The outcome of one Bicep CLI invocation.</summary>
public sealed record BicepRun(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<BicepDiagnostic> Diagnostics);
