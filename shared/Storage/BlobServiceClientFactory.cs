using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace FashionServerless.Shared.Storage;

/// <summary>
/// Builds the <see cref="BlobServiceClient"/> from the two ways the pipeline names its storage: a connection string
/// (Azurite's <c>UseDevelopmentStorage=true</c> included) or a blob service URI reached with an Entra ID credential.
/// </summary>
public static class BlobServiceClientFactory
{
    private const string Expected =
        "expected a storage connection string (UseDevelopmentStorage=true, or DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...) "
        + "or a blob service URI (https://<account>.blob.core.windows.net)";

    /// <summary>Parses <paramref name="connectionStringOrServiceUri"/>: an http(s) URI or a connection string.</summary>
    /// <param name="connectionStringOrServiceUri">The setting's value.</param>
    /// <param name="credential">For a URI without a SAS: the credential; default <see cref="DefaultAzureCredential"/>.</param>
    /// <exception cref="ArgumentException">The value is neither; the message never echoes it, as it may hold a key.</exception>
    public static BlobServiceClient Create(string connectionStringOrServiceUri, TokenCredential? credential = null) =>
        Create(connectionStringOrServiceUri, credential, "The storage setting");

    /// <summary>The trainer's storage: <see cref="StorageSettings.TrainerEnvironmentVariable"/>, else Azurite's development storage.</summary>
    /// <exception cref="ArgumentException">The variable is set to something that is neither a connection string nor a URI.</exception>
    public static BlobServiceClient FromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(StorageSettings.TrainerEnvironmentVariable);
        return string.IsNullOrWhiteSpace(value)
            ? new BlobServiceClient(StorageSettings.DevelopmentStorage)
            : Create(value, credential: null, $"Environment variable {StorageSettings.TrainerEnvironmentVariable}");
    }

    /// <summary>
    /// A Functions-style connection setting: <c>&lt;name&gt;</c> holding a connection string, or the identity-based section
    /// <c>&lt;name&gt;__blobServiceUri</c> (or <c>__serviceUri</c>) with optional <c>__credential=managedidentity</c> and <c>__clientId</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is missing or malformed.</exception>
    public static BlobServiceClient FromConfiguration(IConfiguration configuration, string connectionName = StorageSettings.ConnectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(connectionName);
        try
        {
            if (!string.IsNullOrWhiteSpace(section.Value))
            {
                return Create(section.Value, credential: null, $"Setting '{connectionName}'");
            }

            string? uri = section["blobServiceUri"] ?? section["serviceUri"];
            if (!string.IsNullOrWhiteSpace(uri))
            {
                return Create(uri, CredentialFor(section), $"Setting '{connectionName}:blobServiceUri'");
            }
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }

        throw new InvalidOperationException(
            $"Storage connection '{connectionName}' is not configured: set '{connectionName}' to a connection string "
            + $"(locally {StorageSettings.DevelopmentStorage}) or '{connectionName}__blobServiceUri' to the blob service URI.");
    }

    private static BlobServiceClient Create(string value, TokenCredential? credential, string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(value));
        string trimmed = value.Trim();
        if (trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
            {
                throw new ArgumentException($"{source} is not a valid blob service URI; {Expected}.", nameof(value));
            }

            // A SAS in the query authorizes by itself; anything else needs a token.
            return uri.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase)
                ? new BlobServiceClient(uri)
                : new BlobServiceClient(uri, credential ?? new DefaultAzureCredential());
        }

        if (!trimmed.Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{source} is neither a connection string nor a URI; {Expected}.", nameof(value));
        }

        try
        {
            return new BlobServiceClient(trimmed);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            // The SDK's message may quote the connection string, which holds the account key: do not pass it on.
            throw new ArgumentException($"{source} is not a usable storage connection string; {Expected}.", nameof(value));
        }
    }

    private static TokenCredential CredentialFor(IConfigurationSection section)
    {
        string? clientId = section["clientId"];
        bool managedIdentity = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase);
        if (managedIdentity)
        {
            return new ManagedIdentityCredential(string.IsNullOrWhiteSpace(clientId)
                ? ManagedIdentityId.SystemAssigned
                : ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
