using Azure.Storage.Blobs;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.DependencyInjection;

public static class StorageServiceCollectionExtensions
{
    private const string Expected =
        "expected a connection string (UseDevelopmentStorage=true, or DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...) "
        + "or a blob service URI (https://<account>.blob.core.windows.net)";

    /// <summary>
    /// Binds <see cref="BlobLayoutOptions"/> from <c>FashionServerless:Blobs</c> (validated at start: container name rules,
    /// distinct names) and registers the singleton <see cref="BlobServiceClient"/> with <c>Microsoft.Extensions.Azure</c>
    /// from the connection setting <paramref name="connectionName"/>: a connection string, or <c>__blobServiceUri</c>
    /// (or <c>__serviceUri</c>) with optional <c>__credential=managedidentity</c> and <c>__clientId</c>.
    /// Calling it again changes nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is a URI with a SAS token.</exception>
    public static IServiceCollection AddFashionStorage(this IServiceCollection services, IConfiguration configuration, string connectionName = StorageSettings.ConnectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (IsRegistered(services))
        {
            return services;
        }

        services.AddSingleton<FashionStorageRegistration>();
        services.AddOptions<BlobLayoutOptions>()
            .BindConfiguration(BlobLayoutOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobLayoutOptions>, BlobLayoutOptionsValidator>());
        IConfiguration? connection = StorageConnectionSection.For(configuration, connectionName);
        // Registered before the library's own, so resolving the client names the setting when it is missing or unusable.
        services.TryAddSingleton(sp => CreateClient(sp, connection, connectionName));
        if (connection is not null)
        {
            services.AddAzureClients(clients => clients.AddBlobServiceClient(connection).WithName(connectionName));
        }

        return services;
    }

    /// <summary>Whether <see cref="AddFashionStorage"/> ran on <paramref name="services"/>.</summary>
    internal static bool IsRegistered(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(FashionStorageRegistration));

    /// <exception cref="InvalidOperationException">Unless <see cref="AddFashionStorage"/> ran: the services built on storage need it first.</exception>
    internal static void RequireStorage(IServiceCollection services, string caller)
    {
        if (!IsRegistered(services))
        {
            throw new InvalidOperationException($"{caller} needs the pipeline's storage: call AddFashionStorage(configuration) first (or AddFashionPipeline on the host builder).");
        }
    }

    private static BlobServiceClient CreateClient(IServiceProvider services, IConfiguration? connection, string connectionName)
    {
        if (connection is null)
        {
            throw new InvalidOperationException(
                $"Storage connection '{connectionName}' is not configured: set '{connectionName}' to a connection string "
                + $"(locally {StorageSettings.DevelopmentStorage}) or '{connectionName}__blobServiceUri' to the blob service URI.");
        }

        try
        {
            return services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(connectionName);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The SDK's message may quote the connection string, which holds the account key: only its kind is passed on.
            throw new InvalidOperationException($"Storage connection '{connectionName}' is not usable ({ex.GetBaseException().GetType().Name}); {Expected}.");
        }
    }

    /// <summary>Marks the collection as configured, so a second call does not bind and validate twice.</summary>
    private sealed class FashionStorageRegistration;
}
