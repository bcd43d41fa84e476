namespace FashionServerless.Infra.Tests.Template;

/// <summary>A module output that an expression reads: <c>reference('symbol').outputs.Output.value</c> of the module deployed as <see cref="Module"/>.</summary>
public sealed record ModuleOutput(string Module, string Output);
