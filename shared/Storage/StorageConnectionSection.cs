using Microsoft.Extensions.Configuration;

namespace FashionServerless.Shared.Storage;

/// <summary>
/// Presents a Functions-style connection setting in the shape <c>Microsoft.Extensions.Azure</c> reads: a connection
/// string as the setting's value, or <c>serviceUri</c> with optional <c>credential</c> and <c>clientId</c>. Functions and
/// infra name the endpoint <c>blobServiceUri</c>, and the trainer accepts a bare URI as the value; both become
/// <c>serviceUri</c>, which the library signs in to with <c>DefaultAzureCredential</c> unless <c>credential</c> says otherwise.
/// </summary>
internal static class StorageConnectionSection
{
    public const string ServiceUriKey = "serviceUri";
    public const string BlobServiceUriKey = "blobServiceUri";

    /// <summary>The configuration for the client, or null when the setting is absent.</summary>
    /// <exception cref="InvalidOperationException">The endpoint is a URI carrying a SAS token, which a signed-in client cannot use.</exception>
    public static IConfiguration? For(IConfiguration configuration, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(connectionName);
        string? value = section.Value;
        if (!string.IsNullOrWhiteSpace(value) && !IsServiceUri(value))
        {
            return section;
        }

        string? uri = !string.IsNullOrWhiteSpace(value) ? value : FirstSet(section[ServiceUriKey], section[BlobServiceUriKey]);
        if (uri is null)
        {
            return null;
        }

        if (uri.Contains("sig=", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The storage connection '{connectionName}' is a URI with a SAS token; give a connection string, or the blob service URI without a token (it signs in with Entra ID).");
        }

        Dictionary<string, string?> values = section.GetChildren()
            .Where(child => child.Value is not null && child.Key is not (ServiceUriKey or BlobServiceUriKey))
            .ToDictionary(child => child.Key, child => child.Value, StringComparer.OrdinalIgnoreCase);
        values[ServiceUriKey] = uri.Trim();
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static bool IsServiceUri(string value)
    {
        string trimmed = value.Trim();
        return trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
