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

    // Measured (README "Results"): the default run on the 4,228 photos, 45 epochs, took 36 min 46 s on 2 cores in all
    // (48.4 s an epoch, 87 images/s), peak RSS 2.4 GB.
    private const double MeasuredSecondsPerEpochOnTwoCores = 4228 / 87.4;
    private const double MeasuredPeakMemoryGiB = 2.5e9 / (1L << 30);
    private const double OverheadSeconds = 5 * 60; // download and decode the photos, export, parity check, publish

    [Fact]
    public void Job_Resources_FourVcpuAndEightGiBOnTheConsumptionProfile()
    {
        TemplateResource module = fixture.Template.Module("retraining");
        double cpu = double.Parse(module.ModuleParameter("cpu")!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        string memory = module.ModuleParameter("memory")!.GetValue<string>();

        Assert.Equal(4.0, cpu);
        Assert.Equal("8Gi", memory);
        // The Consumption profile pairs 2 GiB with each vCPU, up to 4 vCPU.
        Assert.Equal(cpu * 2, double.Parse(memory[..^2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(double.Parse(memory[..^2], System.Globalization.CultureInfo.InvariantCulture) >= 3 * MeasuredPeakMemoryGiB, "Less than 3x the measured training peak.");
        Assert.Equal("[json(parameters('cpu'))]", Container(Job())["resources"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public void Job_Timeout_SeveralTimesTheRunOnTwoCores()
    {
        TemplateResource module = fixture.Template.Module("retraining");
        int epochCap = EpochCap();
        int timeout = module.ModuleParameter("replicaTimeoutSeconds")!.GetValue<int>();

        // 4 vCPU are assumed no faster than this machine's 2 cores (a vCPU can be a hyperthread), so the run is
        // sized as if on 2 cores: 45 epochs x 48 s + 5 min = 41 min; the 3 h timeout leaves 4.4x.
        double cappedRunSeconds = (epochCap * MeasuredSecondsPerEpochOnTwoCores) + OverheadSeconds;
        Assert.Equal(10800, timeout);
        Assert.True(timeout >= 2.5 * cappedRunSeconds, $"A {timeout} s timeout is tight for a run of up to {cappedRunSeconds:0} s.");
        // The job trains the default recipe: its one-cycle schedule spans exactly these epochs (docs/experiments.md).
        Assert.Equal(45, epochCap);
    }

    [Fact]
    public void Job_Retries_NoneBecauseARerunRepeatsTheWholeTraining()
    {
        Assert.Equal(0, fixture.Template.Module("retraining").ModuleParameter("replicaRetryLimit")!.GetValue<int>());
    }

    [Fact]
    public void Job_WorkloadProfile_ConsumptionProfileOfAWorkloadProfilesEnvironment()
    {
        TemplateResource environment = Assert.Single(fixture.Template.Deployed("Microsoft.App/managedEnvironments"));
        JsonNode profile = Assert.Single(environment.Resolved("properties.workloadProfiles")!.AsArray())!;
        TemplateResource jobModule = fixture.Template.Module("retraining-job");

        Assert.Equal("Consumption", profile["workloadProfileType"]!.GetValue<string>());
        Assert.Equal("[parameters('workloadProfileName')]", Job().Json["properties"]!["workloadProfileName"]!.GetValue<string>());
        Assert.Equal(
            new ModuleOutput("retraining-environment", "consumptionWorkloadProfileName"),
            CompiledTemplate.OutputReadBy(jobModule.Properties["parameters"]!["workloadProfileName"]!["value"], jobModule.Scope));
        Assert.Equal(profile["name"]!.GetValue<string>(), environment.Scope.Resolve(environment.Scope.Template["outputs"]!["consumptionWorkloadProfileName"]!["value"])!.GetValue<string>());
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
    public void Job_Arguments_TrainFromBlobPublishWithTheRecipesEpochs()
    {
        JsonNode args = fixture.Template.Root.Resolve(fixture.Template.Root.Template["parameters"]!["trainerArgs"]!["defaultValue"])!;

        Assert.Equal(["train", "--container", "training", "--output", "/tmp/run", "--publish", "--epochs", "45"], args.AsArray().Select(arg => arg!.GetValue<string>()));
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

    private int EpochCap()
    {
        var args = fixture.Template.Root.Resolve(fixture.Template.Root.Template["parameters"]!["trainerArgs"]!["defaultValue"])!.AsArray()
            .Select(arg => arg!.GetValue<string>()).ToList();
        return int.Parse(args[args.IndexOf("--epochs") + 1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private TemplateResource Job() => Assert.Single(fixture.Template.Deployed("Microsoft.App/jobs"));

    private static JsonNode Container(TemplateResource job) => job.Json["properties"]!["template"]!["containers"]![0]!;
}
