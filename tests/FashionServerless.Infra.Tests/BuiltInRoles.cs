namespace FashionServerless.Infra.Tests;

/// <summary>Built-in Azure role GUIDs, written out independently of infra/ so a changed GUID there fails the tests.</summary>
internal static class BuiltInRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string AcrPull = "7f951dff-4ed5-480d-a2ed-9fdc8c6f2ee9";
}
