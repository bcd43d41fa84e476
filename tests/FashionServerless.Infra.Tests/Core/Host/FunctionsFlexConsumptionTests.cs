using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.Core.Host;

[Collection(MainTemplateDefinition.Name)]
public sealed class FunctionsFlexConsumptionTests(MainTemplateFixture fixture)
{
    [Fact]
    public void ServerFarm_Sku_IsFlexConsumptionFC1()
    {
        TemplateResource plan = Assert.Single(fixture.Template.Deployed("Microsoft.Web/serverfarms"));

        Assert.Equal("FC1", plan.Resolved("sku.name")!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan.Resolved("sku.tier")!.GetValue<string>());
        Assert.True(plan.Resolved("properties.reserved")!.GetValue<bool>());
    }

    [Fact]
    public void FunctionApp_Runtime_IsDotnetIsolated10()
    {
        JsonNode runtime = Site().Resolved("properties.functionAppConfig.runtime")!;

        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal("10.0", runtime["version"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_DeploymentStorage_ReadWithUserAssignedIdentity()
    {
        JsonNode storage = Site().Resolved("properties.functionAppConfig.deployment.storage")!;

        Assert.Equal("blobContainer", storage["type"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.GetValue<string>());
        Assert.Null(storage["authentication"]!["storageAccountConnectionStringName"]);
        // The package container is on the host account, not the pipeline account.
        Assert.Equal("[format('{0}{1}', parameters('deploymentStorageBlobEndpoint'), parameters('deploymentStorageContainerName'))]", storage["value"]!.GetValue<string>());
        TemplateResource module = fixture.Template.Module("functions-host");
        Assert.Equal(new ModuleOutput("host-storage", "blobEndpoint"), fixture.Template.OutputReadBy(module.ModuleParameter("deploymentStorageBlobEndpoint")));
        Assert.Equal("app-package", module.ModuleParameter("deploymentStorageContainerName")!.GetValue<string>());
        Assert.Equal(new ModuleOutput("functions-identity", "id"), fixture.Template.OutputReadBy(storage["authentication"]!["userAssignedIdentityResourceId"]));
    }

    [Fact]
    public void FunctionApp_ScaleAndConcurrency_SizedFromTheMeasuredServingCost()
    {
        TemplateResource site = Site();
        JsonNode scale = site.Resolved("properties.functionAppConfig.scaleAndConcurrency")!;

        // infra/README.md, "Sizing": 2048 MB (one vCPU) holds the ~400 MB serving peak plus four large photos in
        // flight; 40 instances keep the pipeline account under its request-rate target; one warm instance of the
        // blob group answers Event Grid's validation handshake and the first upload without a cold start.
        Assert.Equal(40, scale["maximumInstanceCount"]!.GetValue<int>());
        Assert.Equal(2048, scale["instanceMemoryMB"]!.GetValue<int>());
        JsonNode alwaysReady = Assert.Single(scale["alwaysReady"]!.AsArray())!;
        Assert.Equal("blob", alwaysReady["name"]!.GetValue<string>());
        Assert.Equal(1, alwaysReady["instanceCount"]!.GetValue<int>());
        JsonObject raw = (JsonObject)site.Json["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;
        Assert.Equal("functionMaximumInstanceCount", site.Scope.RootParameterBehind(raw["maximumInstanceCount"]!.GetValue<string>()));
        Assert.Equal("functionInstanceMemoryMB", site.Scope.RootParameterBehind(raw["instanceMemoryMB"]!.GetValue<string>()));
        Assert.Equal(
            "[parameters('functionAlwaysReadyInstances')]",
            fixture.Template.Module("functions").Properties["parameters"]!["blobAlwaysReadyInstances"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_BasicPublishingCredentials_ScmAndFtpDisallowed()
    {
        var policies = fixture.Template.Deployed("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.Equal(2, policies.Count);
        Assert.Equal(
            ["ftp", "scm"],
            policies.Select(policy => policy.Json["name"]!.GetValue<string>().Split('\'')[^2]).Order(StringComparer.Ordinal));
        Assert.All(policies, policy => Assert.False(policy.Resolved("properties.allow")!.GetValue<bool>()));
    }

    [Fact]
    public void FunctionApp_Transport_HttpsOnlyTls12AndUserAssignedIdentity()
    {
        TemplateResource site = Site();

        Assert.True(site.Resolved("properties.httpsOnly")!.GetValue<bool>());
        Assert.Equal("1.2", site.Resolved("properties.siteConfig.minTlsVersion")!.GetValue<string>());
        Assert.Equal("UserAssigned", site.Resolved("identity.type")!.GetValue<string>());
        Assert.Equal("functionapp,linux", site.Resolved("kind")!.GetValue<string>());
    }

    [Fact]
    public void FunctionApp_Tags_NameTheAzdService()
    {
        JsonNode tags = Site().Resolved("tags")!;

        Assert.Equal("functions", tags["azd-service-name"]?.GetValue<string>());
    }

    private TemplateResource Site() => Assert.Single(fixture.Template.Deployed("Microsoft.Web/sites"));
}
