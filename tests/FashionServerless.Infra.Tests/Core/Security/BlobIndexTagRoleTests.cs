using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.Core.Security;

/// <summary>
/// Blob index tags need data actions no built-in role below Storage Blob Data Owner has; the template grants them
/// through custom roles with exactly those actions, on the uploads container only.
/// </summary>
[Collection(MainTemplateDefinition.Name)]
public sealed class BlobIndexTagRoleTests(MainTemplateFixture fixture)
{
    private const string TagsRead = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read";
    private const string TagsWrite = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write";
    private const string Filter = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/filter/action";

    [Fact]
    public void UploadTagWriter_FunctionAndTrainerIdentities_TagReadAndWriteOnUploadsOnly()
    {
        TemplateResource module = fixture.Template.Module("upload-tag-writer-role");

        Assert.Equal([TagsRead, TagsWrite], Strings(module.ModuleParameter("dataActions")).Order(StringComparer.Ordinal));
        Assert.Equal("uploads", Resolve(module.ModuleParameter("containerName")));
        Assert.Equal(new ModuleOutput("pipeline-storage", "name"), fixture.Template.OutputReadBy(module.ModuleParameter("storageAccountName")));
        JsonObject[] principals = [.. module.ModuleParameter("principals")!.AsArray().Select(p => p!.AsObject())];
        Assert.Equal(
            [new ModuleOutput("functions-identity", "principalId"), new ModuleOutput("trainer-identity", "principalId")],
            principals.Select(p => fixture.Template.OutputReadBy(p["principalId"])));
        Assert.All(principals, p => Assert.Equal("ServicePrincipal", p["principalType"]!.GetValue<string>()));
    }

    [Fact]
    public void UploadTagQuery_Deployer_FilterAndTagReadAsTheMappedPrincipalType()
    {
        TemplateResource module = fixture.Template.Module("upload-tag-query-role");

        Assert.Equal([Filter, TagsRead], Strings(module.ModuleParameter("dataActions")).Order(StringComparer.Ordinal));
        Assert.Equal("[not(empty(parameters('principalId')))]", module.Json["condition"]!.GetValue<string>());
        // As written, before the root parameters' defaults are resolved into it.
        JsonObject grantee = Assert.Single(module.Properties["parameters"]!["principals"]!["value"]!.AsArray())!.AsObject();
        Assert.Equal("[parameters('principalId')]", grantee["principalId"]!.GetValue<string>());
        Assert.Equal("[parameters('principalType')]", grantee["principalType"]!.GetValue<string>());
    }

    [Fact]
    public void TagRoleModule_Role_CustomDataActionsOnlyAssignableInTheResourceGroupAndAssignedOnTheContainer()
    {
        TemplateResource definition = fixture.Template.Deployed("Microsoft.Authorization/roleDefinitions")
            .Single(resource => resource.Scope.Deployment?.Name == "upload-tag-writer-role");
        TemplateResource assignment = fixture.Template.Deployed("Microsoft.Authorization/roleAssignments")
            .Single(resource => resource.Scope.Deployment?.Name == "upload-tag-writer-role");

        JsonObject permissions = Assert.Single(definition.Properties["permissions"]!.AsArray())!.AsObject();
        Assert.Empty(permissions["actions"]!.AsArray());
        Assert.Equal("[parameters('dataActions')]", permissions["dataActions"]!.GetValue<string>());
        Assert.Equal("CustomRole", definition.Properties["type"]!.GetValue<string>());
        Assert.Equal("[resourceGroup().id]", Assert.Single(definition.Properties["assignableScopes"]!.AsArray())!.GetValue<string>());
        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('containerName'))]",
            assignment.Json["scope"]!.GetValue<string>());
        Assert.Contains("Microsoft.Authorization/roleDefinitions", assignment.Json["properties"]!["roleDefinitionId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void PipelineStorage_Queues_ClassifiedCreatedUpFront()
    {
        Assert.Equal(["classified"], Strings(fixture.Template.Module("pipeline-storage").ModuleParameter("queues")));
    }

    private string Resolve(JsonNode? value) => fixture.Template.Root.Resolve(value)!.GetValue<string>();

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(item => item!.GetValue<string>())];
}
