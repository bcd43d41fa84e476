using System.Text.Json.Nodes;
using FashionServerless.Infra.Tests.Template;

namespace FashionServerless.Infra.Tests.App;

/// <summary>infra/app/upload-events*.bicep: uploads reach the Flex Consumption blob trigger through Event Grid.</summary>
[Collection(MainTemplateDefinition.Name)]
public sealed class UploadEventsTests(MainTemplateFixture fixture)
{
    [Fact]
    public void SystemTopic_Source_IsThePipelineStorageAccount()
    {
        TemplateResource topic = Assert.Single(fixture.Template.Deployed("Microsoft.EventGrid/systemTopics"));

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.Resolved("properties.topicType")!.GetValue<string>());
        Assert.Equal(
            new ModuleOutput("pipeline-storage", "name"),
            fixture.Template.OutputReadBy(fixture.Template.Module("upload-events").ModuleParameter("storageAccountName")));
    }

    [Fact]
    public void Subscription_Filter_OnlyBlobCreatedUnderUploads()
    {
        JsonNode filter = Subscription().Resolved("properties.filter")!;

        Assert.Equal(["Microsoft.Storage.BlobCreated"], filter["includedEventTypes"]!.AsArray().Select(type => type!.GetValue<string>()));
        Assert.Equal("/blobServices/default/containers/uploads/", filter["subjectBeginsWith"]!.GetValue<string>());
        Assert.Null(filter["subjectEndsWith"]);
    }

    [Fact]
    public void Subscription_Endpoint_IsTheBlobsExtensionWebhookOfClassifyUpload()
    {
        TemplateResource subscription = Subscription();
        string url = subscription.Json["properties"]!["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>();

        Assert.Equal("WebHook", subscription.Resolved("properties.destination.endpointType")!.GetValue<string>());
        Assert.StartsWith("[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.{1}&code={2}'", url, StringComparison.Ordinal);
        Assert.Contains(".systemKeys.blobs_extension)]", url, StringComparison.Ordinal);
        Assert.Equal("ClassifyUpload", fixture.Template.Module("upload-events-subscription").ModuleParameter("functionName")!.GetValue<string>());
        Assert.Equal(new ModuleOutput("functions", "name"), fixture.Template.OutputReadBy(fixture.Template.Module("upload-events-subscription").ModuleParameter("functionAppName")));
    }

    [Fact]
    public void Subscription_Deployment_OnlyWhenTheFlagIsSetAndOffByDefault()
    {
        // The webhook key exists only after the code is deployed: the first provision must not create the subscription.
        TemplateResource module = fixture.Template.Module("upload-events-subscription");

        Assert.Equal("[parameters('deployEventGridSubscription')]", module.Json["condition"]?.GetValue<string>());
        Assert.False(fixture.Template.Root.Template["parameters"]!["deployEventGridSubscription"]!["defaultValue"]!.GetValue<bool>());
    }

    [Fact]
    public void Subscription_UndeliverableEvents_DeadLetteredWithTheTopicIdentity()
    {
        JsonNode deadLetter = Subscription().Resolved("properties.deadLetterWithResourceIdentity")!;

        Assert.Equal("SystemAssigned", deadLetter["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("upload-events-deadletter", deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]!.GetValue<string>());
        TemplateResource writer = fixture.Template.Deployed("Microsoft.Authorization/roleAssignments").Single(resource => resource.Scope.Deployment?.Name == "upload-events");
        Assert.Contains("blobServices/containers', parameters('storageAccountName'), 'default', parameters('deadLetterContainerName'))", writer.Json["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(BuiltInRoles.StorageBlobDataContributor, writer.Resolved("properties.roleDefinitionId")!.ToJsonString(), StringComparison.Ordinal);
    }

    private TemplateResource Subscription() => Assert.Single(fixture.Template.Deployed("Microsoft.EventGrid/systemTopics/eventSubscriptions"));
}
