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
    /// <summary>Registers a singleton <see cref="ModelRegistry"/> over the <see cref="BlobLayoutOptions.Models"/> container.</summary>
    /// <exception cref="InvalidOperationException"><see cref="StorageServiceCollectionExtensions.AddFashionStorage"/> has not run.</exception>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        StorageServiceCollectionExtensions.RequireStorage(services, nameof(AddModelRegistry));
        services.TryAddSingleton(sp => new ModelRegistry(
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<BlobLayoutOptions>>().Value,
            sp.GetService<ILogger<ModelRegistry>>()));
        return services;
    }
}
