using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.Core.Monitor;

[Collection(MainTemplateDefinition.Name)]
public sealed class MonitoringTests(MainTemplateFixture fixture)
{
    [Fact]
    public void LogAnalytics_LocalAuth_Disabled()
    {
        // With local auth off the workspace's shared keys neither query nor ingest; the Container Apps environment
        // sends its logs through a diagnostic setting (KeyUsageTests) and App Insights authenticates with Entra ID.
        TemplateResource workspace = Assert.Single(fixture.Template.Deployed("Microsoft.OperationalInsights/workspaces"));

        Assert.True(workspace.Resolved("properties.features.disableLocalAuth")!.GetValue<bool>());
    }
}
