using System.Text.RegularExpressions;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests;

/// <summary>
/// The template reads exactly one key: the Functions host's blobs_extension system key, for the Event Grid webhook URL
/// (there is no identity-based alternative for that endpoint). Storage, Log Analytics and the registry keys are never read.
/// </summary>
[Collection(MainTemplateDefinition.Name)]
public sealed partial class KeyUsageTests(MainTemplateFixture fixture)
{
    [Fact]
    public void Template_ListFunctions_OnlyTheFunctionHostBlobsExtensionKey()
    {
        string json = fixture.Template.Json;
        var calls = ListCall().Matches(json).Select(match => json[match.Index..].Split('"')[0]).ToList();

        string call = Assert.Single(calls);
        Assert.StartsWith("listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), ", call, StringComparison.Ordinal);
        Assert.EndsWith(").systemKeys.blobs_extension)]", call, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_Text_NoKeysOrConnectionStringsWithSecrets()
    {
        string json = fixture.Template.Json;

        Assert.DoesNotContain("AccountKey", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DefaultEndpointsProtocol", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("primarySharedKey", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listCredentials", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ContainerAppsEnvironment_Logs_NoWorkspaceSharedKey()
    {
        TemplateResource environment = Assert.Single(fixture.Template.Deployed("Microsoft.App/managedEnvironments"));

        Assert.Equal("azure-monitor", environment.Resolved("properties.appLogsConfiguration.destination")!.GetValue<string>());
        Assert.Null(environment.Json["properties"]!["appLogsConfiguration"]!["logAnalyticsConfiguration"]);
        TemplateResource diagnostics = Assert.Single(fixture.Template.Deployed("Microsoft.Insights/diagnosticSettings"));
        Assert.Equal(new ModuleOutput("monitoring", "logAnalyticsWorkspaceId"), fixture.Template.OutputReadBy(diagnostics.Resolved("properties.workspaceId")));
    }

    // Every ARM list* function: listKeys, listSecrets, listConnectionStrings, listAccountSas, ...
    [GeneratedRegex(@"\blist[A-Z]\w*\(")]
    private static partial Regex ListCall();
}
