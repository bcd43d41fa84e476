namespace FashionServerless.Infra.Tests.Template;

/// <summary>One line of Bicep compiler or linter output: <c>file(line,col) : Warning code: message</c>.</summary>
public sealed record BicepDiagnostic(string Location, string Level, string Code, string Message)
{
    public override string ToString() => $"{Location} : {Level} {Code}: {Message}";
}
