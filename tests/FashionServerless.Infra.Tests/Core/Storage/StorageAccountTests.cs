using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.Core.Storage;

[Collection(MainTemplateDefinition.Name)]
public sealed class StorageAccountTests(MainTemplateFixture fixture)
{
    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";

    public static TheoryData<string> AccountModules => ["pipeline-storage", "host-storage"];

    [Fact]
    public void StorageAccounts_Count_IsPipelineAndHost()
    {
        Assert.Equal(2, fixture.Template.Deployed(StorageAccountType).Count);
    }

    [Theory]
    [MemberData(nameof(AccountModules))]
    public void StorageAccount_Security_SharedKeyPublicAccessAndOldTlsOff(string module)
    {
        TemplateResource account = AccountIn(module);

        Assert.False(account.Resolved("properties.allowSharedKeyAccess")!.GetValue<bool>());
        Assert.False(account.Resolved("properties.allowBlobPublicAccess")!.GetValue<bool>());
        Assert.Equal("TLS1_2", account.Resolved("properties.minimumTlsVersion")!.GetValue<string>());
        Assert.True(account.Resolved("properties.supportsHttpsTrafficOnly")!.GetValue<bool>());
        Assert.True(account.Resolved("properties.defaultToOAuthAuthentication")!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(AccountModules))]
    public void StorageAccount_Containers_AreNeverPublic(string module)
    {
        TemplateResource containers = fixture.Template.Deployed("Microsoft.Storage/storageAccounts/blobServices/containers")
            .Single(resource => resource.Scope.Deployment?.Name == module);

        Assert.Equal("None", containers.Resolved("properties.publicAccess")!.GetValue<string>());
    }

    [Fact]
    public void PipelineAccount_BlobService_VersioningAndSoftDeleteOn()
    {
        JsonNode properties = BlobServiceIn("pipeline-storage").Resolved("properties")!;

        Assert.True(properties["isVersioningEnabled"]!.GetValue<bool>());
        Assert.True(properties["deleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["deleteRetentionPolicy"]!["days"]!.GetValue<int>() >= 7);
        Assert.True(properties["containerDeleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
        Assert.True(properties["containerDeleteRetentionPolicy"]!["days"]!.GetValue<int>() >= 7);
    }

    [Fact]
    public void PipelineAccount_Lifecycle_DeletesOnlyPreviousVersionsAfterThirtyDays()
    {
        TemplateResource policy = ManagementPolicyIn("pipeline-storage");
        JsonNode rule = Assert.Single(policy.Resolved("properties.policy.rules")!.AsArray())!;
        JsonObject actions = (JsonObject)rule["definition"]!["actions"]!;

        Assert.True(policy.IsDeployedByDefault);
        Assert.True(rule["enabled"]!.GetValue<bool>());
        Assert.Equal(["blockBlob"], rule["definition"]!["filters"]!["blobTypes"]!.AsArray().Select(type => type!.GetValue<string>()));
        Assert.Null(rule["definition"]!["filters"]!["prefixMatch"]);
        // Previous versions only: a rule on baseBlob or snapshots would delete live data (records, models, the pointer).
        Assert.Equal(["version"], actions.Select(action => action.Key));
        Assert.Equal(["delete"], ((JsonObject)actions["version"]!).Select(action => action.Key));
        Assert.Equal(30, actions["version"]!["delete"]!["daysAfterCreationGreaterThan"]!.GetValue<int>());
        Assert.Equal(
            "previousVersionRetentionDays",
            policy.Scope.RootParameterBehind(policy.Json["properties"]!["policy"]!["rules"]![0]!["definition"]!["actions"]!["version"]!["delete"]!["daysAfterCreationGreaterThan"]!.GetValue<string>()));
        // Soft delete keeps what the rule deletes recoverable for a while longer.
        Assert.True(BlobServiceIn("pipeline-storage").Resolved("properties.deleteRetentionPolicy.enabled")!.GetValue<bool>());
    }

    [Fact]
    public void HostAccount_Lifecycle_NoneWithoutVersioning()
    {
        Assert.False(ManagementPolicyIn("host-storage").IsDeployedByDefault);
        Assert.False(BlobServiceIn("host-storage").Resolved("properties.isVersioningEnabled")!.GetValue<bool>());
    }

    [Fact]
    public void PipelineAccount_Containers_AllPipelineContainersCreated()
    {
        string[] containers = Strings(fixture.Template.Module("pipeline-storage").ModuleParameter("containers"));

        Assert.Equal(
            ["evaluation", "metrics", "models", "predictions", "training", "upload-events-deadletter", "uploads"],
            containers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HostAccount_Containers_OnlyTheDeploymentPackage()
    {
        string[] containers = Strings(fixture.Template.Module("host-storage").ModuleParameter("containers"));

        Assert.Equal(["app-package"], containers);
    }

    private TemplateResource AccountIn(string module) =>
        fixture.Template.Deployed(StorageAccountType).Single(resource => resource.Scope.Deployment?.Name == module);

    private TemplateResource ManagementPolicyIn(string module) =>
        fixture.Template.Deployed("Microsoft.Storage/storageAccounts/managementPolicies").Single(resource => resource.Scope.Deployment?.Name == module);

    private TemplateResource BlobServiceIn(string module) =>
        fixture.Template.Deployed("Microsoft.Storage/storageAccounts/blobServices").Single(resource => resource.Scope.Deployment?.Name == module);

    private static string[] Strings(JsonNode? node) => node!.AsArray().Select(item => item!.GetValue<string>()).ToArray();
}
