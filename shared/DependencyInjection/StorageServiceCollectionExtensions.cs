using Azure.Storage.Blobs;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.DependencyInjection;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="BlobLayoutOptions"/> from <c>FashionServerless:Blobs</c> (validated at start: container name rules,
    /// distinct names) and registers a singleton <see cref="BlobServiceClient"/> for the Functions-style connection
    /// setting <paramref name="connectionName"/> (see <see cref="BlobServiceClientFactory.FromConfiguration"/>).
    /// Calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddFashionStorage(this IServiceCollection services, string connectionName = StorageSettings.ConnectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(FashionStorageRegistration)))
        {
            return services;
        }

        services.AddSingleton<FashionStorageRegistration>();
        services.AddOptions<BlobLayoutOptions>()
            .BindConfiguration(BlobLayoutOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobLayoutOptions>, BlobLayoutOptionsValidator>());
        services.TryAddSingleton(sp => BlobServiceClientFactory.FromConfiguration(sp.GetRequiredService<IConfiguration>(), connectionName));
        return services;
    }

    /// <summary>Marks the collection as configured, so a second call does not bind and validate twice.</summary>
    private sealed class FashionStorageRegistration;
}
