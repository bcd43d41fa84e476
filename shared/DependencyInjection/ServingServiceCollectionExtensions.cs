using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.DependencyInjection;

public static class ServingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the singleton <see cref="CurrentModelProvider"/> with <see cref="CurrentModelOptions"/> bound from
    /// <c>FashionServerless:Model</c> (validated at start), adding <see cref="RegistryServiceCollectionExtensions.AddModelRegistry"/>.
    /// </summary>
    public static IServiceCollection AddCurrentModel(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddModelRegistry();
        services.AddOptions<CurrentModelOptions>()
            .BindConfiguration(CurrentModelOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new CurrentModelProvider(
            sp.GetRequiredService<ModelRegistry>(),
            sp.GetRequiredService<IOptions<CurrentModelOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<CurrentModelProvider>>()));
        return services;
    }
}
