using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.App;

/// <summary>The app settings of infra/app/functions.bicep: the contract with functions/ and identity-only storage access.</summary>
[Collection(MainTemplateDefinition.Name)]
public sealed class FunctionsAppSettingsTests(MainTemplateFixture fixture)
{
    public static TheoryData<string, string, string> IdentityEndpoints => new()
    {
        { "AzureWebJobsStorage__blobServiceUri", "host-storage", "blobEndpoint" },
        { "AzureWebJobsStorage__queueServiceUri", "host-storage", "queueEndpoint" },
        { "AzureWebJobsStorage__tableServiceUri", "host-storage", "tableEndpoint" },
        { "AzureWebJobsStorage__clientId", "functions-identity", "clientId" },
        { "PipelineStorage__blobServiceUri", "pipeline-storage", "blobEndpoint" },
        { "PipelineStorage__queueServiceUri", "pipeline-storage", "queueEndpoint" },
        { "PipelineStorage__clientId", "functions-identity", "clientId" },
        { "APPLICATIONINSIGHTS_CONNECTION_STRING", "monitoring", "applicationInsightsConnectionString" },
    };

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("PipelineStorage")]
    public void Connection_Credential_IsManagedIdentity(string connection)
    {
        Assert.Equal("managedidentity", Settings()[$"{connection}__credential"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(IdentityEndpoints))]
    public void Connection_Setting_ReadsTheRightModuleOutput(string setting, string module, string output)
    {
        Assert.Equal(new ModuleOutput(module, output), fixture.Template.OutputReadBy(Settings()[setting]));
    }

    [Fact]
    public void Settings_Storage_NoConnectionStringOrKeyAnywhere()
    {
        JsonObject settings = Settings();

        // A plain "AzureWebJobsStorage"/"PipelineStorage" value would be a connection string (with a key).
        Assert.DoesNotContain("AzureWebJobsStorage", settings.Select(pair => pair.Key));
        Assert.DoesNotContain("PipelineStorage", settings.Select(pair => pair.Key));
        Assert.DoesNotContain(settings, pair => pair.Key.EndsWith("__accountKey", StringComparison.OrdinalIgnoreCase));
        foreach ((string key, JsonNode? value) in settings)
        {
            string text = value?.ToJsonString() ?? string.Empty;
            Assert.False(text.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase), $"{key} carries an account key.");
            Assert.False(text.Contains("SharedAccessSignature", StringComparison.OrdinalIgnoreCase), $"{key} carries a SAS.");
            Assert.False(text.Contains("DefaultEndpointsProtocol", StringComparison.OrdinalIgnoreCase), $"{key} is a storage connection string.");
            Assert.False(text.Contains("InstrumentationKey", StringComparison.OrdinalIgnoreCase), $"{key} is an instrumentation key.");
            Assert.False(text.Contains("list", StringComparison.Ordinal) && text.Contains("Keys(", StringComparison.Ordinal), $"{key} reads keys.");
        }
    }

    [Fact]
    public void Settings_FlexConsumption_NoPlatformManagedSettings()
    {
        // Flex Consumption rejects these: the runtime comes from functionAppConfig.
        JsonObject settings = Settings();

        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Select(pair => pair.Key));
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Select(pair => pair.Key));
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings.Select(pair => pair.Key));
    }

    [Fact]
    public void Settings_ApplicationInsights_AuthenticatesWithTheFunctionIdentity()
    {
        string authentication = Settings()["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]!.GetValue<string>();
        TemplateResource functionsModule = fixture.Template.Module("functions");

        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", authentication);
        Assert.Equal(new ModuleOutput("functions-identity", "clientId"), fixture.Template.OutputReadBy(functionsModule.ModuleParameter("identityClientId")));
    }

    [Theory]
    [InlineData("EvaluationSchedule", "0 0 3 * * *")]
    [InlineData("FashionServerless__Model__ReloadIntervalSeconds", "30")]
    [InlineData("FashionServerless__Blobs__Uploads", "uploads")]
    [InlineData("FashionServerless__Blobs__Predictions", "predictions")]
    [InlineData("FashionServerless__Blobs__Models", "models")]
    [InlineData("FashionServerless__Blobs__Training", "training")]
    [InlineData("FashionServerless__Blobs__Evaluation", "evaluation")]
    [InlineData("FashionServerless__Blobs__Metrics", "metrics")]
    public void Settings_PipelineSetting_HasDocumentedDefault(string setting, string expected)
    {
        Assert.Equal(expected, Settings()[setting]?.GetValue<string>());
    }

    [Fact]
    public void ApplicationInsights_LocalAuth_Disabled()
    {
        TemplateResource insights = Assert.Single(fixture.Template.Deployed("Microsoft.Insights/components"));

        Assert.True(insights.Resolved("properties.DisableLocalAuth")!.GetValue<bool>());
        Assert.NotNull(insights.Resolved("properties.WorkspaceResourceId"));
    }

    private JsonObject Settings()
    {
        TemplateResource config = Assert.Single(fixture.Template.Deployed("Microsoft.Web/sites/config"));
        Assert.EndsWith("'appsettings')]", config.Name, StringComparison.Ordinal);
        return config.Resolved("properties") as JsonObject ?? throw new InvalidOperationException("The app settings did not resolve to an object.");
    }
}
