namespace FashionServerless.Shared.Storage;

/// <summary>Names of the settings that locate the pipeline's storage account, shared by the functions, the trainer and infra/.</summary>
public static class StorageSettings
{
    /// <summary>
    /// The connection both hosts read. Locally <c>PipelineStorage=UseDevelopmentStorage=true</c>; in Azure the identity-based
    /// form <c>PipelineStorage__blobServiceUri</c>, <c>PipelineStorage__queueServiceUri</c>, <c>PipelineStorage__credential=managedidentity</c>,
    /// <c>PipelineStorage__clientId</c> (<c>PipelineStorage__serviceUri</c> works too).
    /// </summary>
    public const string ConnectionName = "PipelineStorage";

    /// <summary>
    /// The trainer's storage: a connection string, or a blob service URI (<c>https://account.blob.core.windows.net</c>)
    /// reached with <c>DefaultAzureCredential</c> (managed identity in the Container Apps job). Default: Azurite.
    /// </summary>
    public const string TrainerEnvironmentVariable = "FASHIONSERVERLESS_STORAGE";

    /// <summary>Azurite's well-known development storage.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";
}
