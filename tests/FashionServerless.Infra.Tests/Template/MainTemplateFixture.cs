namespace FashionServerless.Infra.Tests.Template;

/// <summary>Builds and lints infra/main.bicep once for every test in <see cref="MainTemplateDefinition"/> (each CLI run takes seconds).</summary>
public sealed class MainTemplateFixture
{
    private readonly Lazy<CompiledTemplate> _template;

    public MainTemplateFixture()
    {
        Build = BicepCli.Run("build", RepositoryPaths.MainBicep, "--stdout");
        Lint = BicepCli.Run("lint", RepositoryPaths.MainBicep);
        _template = new Lazy<CompiledTemplate>(() => Build.ExitCode == 0
            ? new CompiledTemplate(Build.StandardOutput)
            : throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):\n{Build.StandardError}"));
    }

    public BicepRun Build { get; }

    public BicepRun Lint { get; }

    public CompiledTemplate Template => _template.Value;
}
