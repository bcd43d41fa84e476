using Azure.Storage.Blobs;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.DependencyInjection;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="ModelRegistry"/> over the <see cref="BlobLayoutOptions.Models"/> container,
    /// adding <see cref="StorageServiceCollectionExtensions.AddFashionStorage"/> if it is not there yet.
    /// </summary>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddFashionStorage();
        services.TryAddSingleton(sp => new ModelRegistry(
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<BlobLayoutOptions>>().Value,
            sp.GetService<ILogger<ModelRegistry>>()));
        return services;
    }
}
