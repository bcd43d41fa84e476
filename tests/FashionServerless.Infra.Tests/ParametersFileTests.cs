using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests;

/// <summary>infra/main.parameters.json: azd substitutes its environment into the parameters main.bicep needs.</summary>
[Collection(MainTemplateDefinition.Name)]
public sealed class ParametersFileTests(MainTemplateFixture fixture)
{
    private static readonly JsonObject Parameters =
        (JsonObject)JsonNode.Parse(File.ReadAllText(RepositoryPaths.InRepository("infra", "main.parameters.json")))!["parameters"]!;

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    [InlineData("principalType", "${AZURE_PRINCIPAL_TYPE=User}")]
    [InlineData("deployEventGridSubscription", "${DEPLOY_EVENTGRID_SUBSCRIPTION=false}")]
    [InlineData("trainerImage", "${TRAINER_IMAGE=}")]
    public void Parameter_Value_ComesFromTheAzdEnvironment(string name, string expected)
    {
        Assert.Equal(expected, Parameters[name]?["value"]?.GetValue<string>());
    }

    [Fact]
    public void Parameters_RequiredByMain_AllSupplied()
    {
        var required = ((JsonObject)fixture.Template.Root.Template["parameters"]!)
            .Where(parameter => !((JsonObject)parameter.Value!).ContainsKey("defaultValue"))
            .Select(parameter => parameter.Key);

        Assert.All(required, name => Assert.True(Parameters.ContainsKey(name), $"main.parameters.json does not supply '{name}'."));
    }

    [Fact]
    public void Parameters_Names_AllDeclaredByMain()
    {
        var declared = (JsonObject)fixture.Template.Root.Template["parameters"]!;

        Assert.All(Parameters.Select(parameter => parameter.Key), name => Assert.True(declared.ContainsKey(name), $"main.bicep declares no '{name}'."));
    }
}
