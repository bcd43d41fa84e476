using FashionServerless.Shared.Dashboard;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.DependencyInjection;

/// <summary>
/// The pipeline's services over the storage <see cref="StorageServiceCollectionExtensions.AddFashionStorage"/> registers:
/// each one a singleton, its options bound from <c>FashionServerless:*</c> and validated when the host starts. Each method
/// adds what it builds on, and calling one twice changes nothing.
/// </summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="ModelRegistry"/> over the <see cref="BlobLayoutOptions.Models"/> container.</summary>
    /// <exception cref="InvalidOperationException"><see cref="StorageServiceCollectionExtensions.AddFashionStorage"/> has not run.</exception>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        StorageServiceCollectionExtensions.RequireStorage(services, nameof(AddModelRegistry));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ModelRegistry>(sp, Layout(sp)));
        return services;
    }

    /// <summary>Registers the <see cref="CurrentModelProvider"/> with <see cref="CurrentModelOptions"/> (<c>FashionServerless:Model</c>).</summary>
    public static IServiceCollection AddCurrentModel(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddModelRegistry();
        services.AddOptions<CurrentModelOptions>().BindConfiguration(CurrentModelOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<CurrentModelProvider>(sp));
        return services;
    }

    /// <summary>
    /// Registers <see cref="UploadClassifier"/>, <see cref="UploadBackfill"/>, <see cref="PredictionRecordReader"/>, the
    /// <see cref="TrafficLog"/> the live-traffic summary reads and the <see cref="ServingWarmup"/> a serving host runs at start.
    /// </summary>
    public static IServiceCollection AddUploadClassification(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCurrentModel();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<TrafficLog>(sp, Layout(sp)));
        // Constructor injection for the rest of its parameters, so the classifier receives the traffic log as soon as it asks for it.
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<UploadClassifier>(sp, Layout(sp)));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<UploadBackfill>(sp, Layout(sp)));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<PredictionRecordReader>(sp, Layout(sp)));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ServingWarmup>(sp));
        return services;
    }

    /// <summary>Registers <see cref="ModelEvaluationService"/> with <see cref="EvaluationOptions"/> (<c>FashionServerless:Evaluation</c>) and the <see cref="DashboardPublisher"/> the timer renders after it.</summary>
    public static IServiceCollection AddModelEvaluation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCurrentModel();
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<ModelEvaluationService>(sp, Layout(sp)));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<DashboardPublisher>(sp, Layout(sp)));
        return services;
    }

    // The services take the layout's value: container names are fixed for a host's life.
    private static BlobLayoutOptions Layout(IServiceProvider services) => services.GetRequiredService<IOptions<BlobLayoutOptions>>().Value;
}
