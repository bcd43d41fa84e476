using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.App;

/// <summary>infra/app/retraining-job.bicep: the scheduled Container Apps job that runs fashion-trainer.</summary>
[Collection(MainTemplateDefinition.Name)]
public sealed class RetrainingJobTests(MainTemplateFixture fixture)
{
    [Fact]
    public void Job_Trigger_ScheduleFromTheRetrainingScheduleParameter()
    {
        TemplateResource job = Job();
        string cron = job.Json["properties"]!["configuration"]!["scheduleTriggerConfig"]!["cronExpression"]!.GetValue<string>();

        Assert.Equal("Schedule", job.Resolved("properties.configuration.triggerType")!.GetValue<string>());
        Assert.Equal("retrainingSchedule", job.Scope.RootParameterBehind(cron));
        Assert.Equal("0 2 * * 0", job.Resolved("properties.configuration.scheduleTriggerConfig.cronExpression")!.GetValue<string>());
        Assert.Equal(1, job.Resolved("properties.configuration.scheduleTriggerConfig.parallelism")!.GetValue<int>());
    }

    [Theory]
    [InlineData("replicaTimeout", "trainerReplicaTimeoutSeconds")]
    [InlineData("replicaRetryLimit", "trainerReplicaRetryLimit")]
    public void Job_Limits_BoundToMainParameters(string property, string parameter)
    {
        TemplateResource job = Job();

        Assert.Equal(parameter, job.Scope.RootParameterBehind(job.Json["properties"]!["configuration"]![property]!.GetValue<string>()));
    }

    [Fact]
    public void Job_Resources_BoundToMainParameters()
    {
        TemplateResource module = fixture.Template.Module("retraining");

        Assert.Equal("2.0", module.ModuleParameter("cpu")!.GetValue<string>());
        Assert.Equal("4Gi", module.ModuleParameter("memory")!.GetValue<string>());
        Assert.Equal("[json(parameters('cpu'))]", Container(Job())["resources"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public void Job_Environment_StorageUriAndClientIdOfTheTrainerIdentity()
    {
        JsonArray env = Job().Resolved("properties.template.containers")!.AsArray()[0]!["env"]!.AsArray();
        JsonNode? Value(string name) => env.Single(variable => variable!["name"]!.GetValue<string>() == name)!["value"];

        Assert.Equal(new ModuleOutput("pipeline-storage", "blobEndpoint"), fixture.Template.OutputReadBy(Value("FASHIONSERVERLESS_STORAGE")));
        Assert.Equal(new ModuleOutput("trainer-identity", "clientId"), fixture.Template.OutputReadBy(Value("AZURE_CLIENT_ID")));
        Assert.DoesNotContain(env, variable => variable!["secretRef"] is not null);
    }

    [Fact]
    public void Job_Arguments_DefaultToTrainFromBlobAndPublish()
    {
        JsonNode args = fixture.Template.Root.Template["parameters"]!["trainerArgs"]!["defaultValue"]!;

        Assert.Equal(["train", "--container", "training", "--output", "/tmp/run", "--publish"], args.AsArray().Select(arg => arg!.GetValue<string>()));
        Assert.Equal("[parameters('trainerArgs')]", fixture.Template.Module("retraining").Json["properties"]!["parameters"]!["args"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void Job_Registry_PulledWithTheJobIdentityHoldingAcrPull()
    {
        TemplateResource job = Job();
        JsonNode registry = Assert.Single(job.Resolved("properties.configuration.registries")!.AsArray())!;
        TemplateResource pull = fixture.Template.Deployed("Microsoft.Authorization/roleAssignments").Single(resource => resource.Scope.Deployment?.Name == "retraining-registry-pull");

        Assert.Equal(new ModuleOutput("trainer-identity", "id"), fixture.Template.OutputReadBy(registry["identity"]));
        Assert.Null(registry["passwordSecretRef"]);
        Assert.Equal("UserAssigned", job.Resolved("identity.type")!.GetValue<string>());
        Assert.EndsWith($"/{BuiltInRoles.AcrPull}", pull.Resolved("properties.roleDefinitionId")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(new ModuleOutput("trainer-identity", "principalId"), fixture.Template.OutputReadBy(pull.Resolved("properties.principalId")));
    }

    [Fact]
    public void Registry_AdminUser_Disabled()
    {
        TemplateResource registry = Assert.Single(fixture.Template.Deployed("Microsoft.ContainerRegistry/registries"));

        Assert.False(registry.Resolved("properties.adminUserEnabled")!.GetValue<bool>());
    }

    private TemplateResource Job() => Assert.Single(fixture.Template.Deployed("Microsoft.App/jobs"));

    private static JsonNode Container(TemplateResource job) => job.Json["properties"]!["template"]!["containers"]![0]!;
}
