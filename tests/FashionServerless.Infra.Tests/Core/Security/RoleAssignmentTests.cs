using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.Core.Security;

/// <summary>
/// Least privilege: each identity gets exactly the listed data roles, container by container where possible.
/// Exact-set comparisons, so both a missing grant and an extra (broader) one fail.
/// </summary>
[Collection(MainTemplateDefinition.Name)]
public sealed class RoleAssignmentTests(MainTemplateFixture fixture)
{
    [Fact]
    public void FunctionIdentity_ContainerRoles_ReadInputsWriteResults()
    {
        Assert.Equal(
            [
                ("evaluation", BuiltInRoles.StorageBlobDataReader),
                ("metrics", BuiltInRoles.StorageBlobDataContributor),
                ("models", BuiltInRoles.StorageBlobDataReader),
                ("predictions", BuiltInRoles.StorageBlobDataContributor),
                ("uploads", BuiltInRoles.StorageBlobDataReader),
            ],
            ContainerGrants("functions-container-roles", expectedPrincipal: "functions-identity"));
    }

    [Fact]
    public void TrainerIdentity_ContainerRoles_ReadDataPublishModelsAndBackfill()
    {
        Assert.Equal(
            [
                ("evaluation", BuiltInRoles.StorageBlobDataReader),
                ("models", BuiltInRoles.StorageBlobDataContributor),
                ("predictions", BuiltInRoles.StorageBlobDataContributor),
                ("training", BuiltInRoles.StorageBlobDataReader),
                ("uploads", BuiltInRoles.StorageBlobDataReader),
            ],
            ContainerGrants("trainer-container-roles", expectedPrincipal: "trainer-identity"));
    }

    [Theory]
    [InlineData("functions-container-roles")]
    [InlineData("trainer-container-roles")]
    public void ContainerRoleModule_Assignments_ScopedToEachGrantedContainer(string module)
    {
        TemplateResource assignment = fixture.Template.Deployed("Microsoft.Authorization/roleAssignments").Single(resource => resource.Scope.Deployment?.Name == module);

        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('grants')[copyIndex()].containerName)]",
            assignment.Json["scope"]!.GetValue<string>());
        Assert.Equal(
            "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', parameters('grants')[copyIndex()].roleDefinitionId)]",
            assignment.Json["properties"]!["roleDefinitionId"]!.GetValue<string>());
        Assert.Equal("[length(parameters('grants'))]", assignment.Json["copy"]!["count"]!.GetValue<string>());
        Assert.Equal(new ModuleOutput("pipeline-storage", "name"), fixture.Template.OutputReadBy(fixture.Template.Module(module).ModuleParameter("storageAccountName")));
    }

    [Fact]
    public void FunctionIdentity_PipelineAccount_OnlyQueueDataContributorForThePoisonQueue()
    {
        Assert.Equal([BuiltInRoles.StorageQueueDataContributor], AccountRoles("functions-pipeline-queue-role", "pipeline-storage", "functions-identity"));
    }

    [Fact]
    public void FunctionIdentity_HostAccount_BlobOwnerQueueAndTableContributor()
    {
        Assert.Equal(
            new[] { BuiltInRoles.StorageBlobDataOwner, BuiltInRoles.StorageQueueDataContributor, BuiltInRoles.StorageTableDataContributor }.Order(StringComparer.Ordinal),
            AccountRoles("functions-host-storage-roles", "host-storage", "functions-identity").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AccountRoleModule_Assignments_ScopedToTheAccount()
    {
        TemplateResource assignment = fixture.Template.Deployed("Microsoft.Authorization/roleAssignments").Single(resource => resource.Scope.Deployment?.Name == "functions-host-storage-roles");

        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", assignment.Json["scope"]!.GetValue<string>());
    }

    [Fact]
    public void FunctionIdentity_ApplicationInsights_MonitoringMetricsPublisher()
    {
        TemplateResource assignment = fixture.Template.Deployed("Microsoft.Authorization/roleAssignments").Single(resource => resource.Scope.Deployment?.Name == "functions-telemetry-role");

        Assert.EndsWith($"/{BuiltInRoles.MonitoringMetricsPublisher}", assignment.Resolved("properties.roleDefinitionId")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(new ModuleOutput("functions-identity", "principalId"), fixture.Template.OutputReadBy(assignment.Resolved("properties.principalId")));
    }

    [Fact]
    public void BlobDataOwner_GrantedNowhereButTheHostAccount()
    {
        var owners = fixture.Template.Resources
            .Where(resource => resource.IsDeployment
                && resource.Scope.Resolve(resource.Properties["parameters"])!.ToJsonString().Contains(BuiltInRoles.StorageBlobDataOwner, StringComparison.Ordinal))
            .Select(resource => resource.Name);

        Assert.Equal(["functions-host-storage-roles"], owners);
    }

    [Fact]
    public void Deployer_PipelineAccount_BlobAndQueueContributorAsTheMappedPrincipalType()
    {
        TemplateResource module = fixture.Template.Module("developer-pipeline-role");
        TemplateResource assignment = fixture.Template.Deployed("Microsoft.Authorization/roleAssignments").Single(resource => resource.Scope.Deployment?.Name == "developer-pipeline-role");
        var rootParameters = (System.Text.Json.Nodes.JsonObject)fixture.Template.Root.Template["parameters"]!;

        // Blob data to upload photos and training data; queue data to peek at and clear the poison queue.
        Assert.Equal(
            new[] { BuiltInRoles.StorageBlobDataContributor, BuiltInRoles.StorageQueueDataContributor }.Order(StringComparer.Ordinal),
            module.ModuleParameter("roleDefinitionIds")!.AsArray().Select(role => role!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("[not(empty(parameters('principalId')))]", module.Json["condition"]!.GetValue<string>());
        // Running azd as a service principal needs principalType ServicePrincipal: it comes from the root parameter
        // (main.parameters.json maps AZURE_PRINCIPAL_TYPE), never a literal.
        Assert.Equal("[parameters('principalType')]", module.Properties["parameters"]!["principalType"]!["value"]!.GetValue<string>());
        Assert.Equal("principalType", assignment.Scope.RootParameterBehind(assignment.Json["properties"]!["principalType"]!.GetValue<string>()));
        Assert.Contains("ServicePrincipal", rootParameters["principalType"]!["allowedValues"]!.AsArray().Select(value => value!.GetValue<string>()));
        Assert.Equal("User", rootParameters["principalType"]!["defaultValue"]!.GetValue<string>());
    }

    private List<(string Container, string Role)> ContainerGrants(string module, string expectedPrincipal)
    {
        TemplateResource deployment = fixture.Template.Module(module);
        Assert.Equal(new ModuleOutput(expectedPrincipal, "principalId"), fixture.Template.OutputReadBy(deployment.ModuleParameter("principalId")));
        return deployment.ModuleParameter("grants")!.AsArray()
            .Select(grant => (grant!["containerName"]!.GetValue<string>(), grant["roleDefinitionId"]!.GetValue<string>()))
            .OrderBy(grant => grant.Item1, StringComparer.Ordinal)
            .ToList();
    }

    private List<string> AccountRoles(string module, string account, string expectedPrincipal)
    {
        TemplateResource deployment = fixture.Template.Module(module);
        Assert.Equal(new ModuleOutput(expectedPrincipal, "principalId"), fixture.Template.OutputReadBy(deployment.ModuleParameter("principalId")));
        Assert.Equal(new ModuleOutput(account, "name"), fixture.Template.OutputReadBy(deployment.ModuleParameter("storageAccountName")));
        return deployment.ModuleParameter("roleDefinitionIds")!.AsArray().Select(role => role!.GetValue<string>()).ToList();
    }
}
