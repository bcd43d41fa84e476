using Azure.Storage.Blobs;
using FashionServerless.Shared.Dashboard;
using FashionServerless.Shared.Evaluation;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FashionServerless.Shared.DependencyInjection;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers <see cref="UploadClassifier"/>, <see cref="UploadBackfill"/> and <see cref="PredictionRecordReader"/>, adding <see cref="ServingServiceCollectionExtensions.AddCurrentModel"/>.</summary>
    public static IServiceCollection AddUploadClassification(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCurrentModel();
        services.TryAddSingleton(sp => new UploadClassifier(
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<BlobLayoutOptions>>().Value,
            sp.GetRequiredService<CurrentModelProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<UploadClassifier>>()));
        services.TryAddSingleton(sp => new UploadBackfill(
            sp.GetRequiredService<UploadClassifier>(),
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<BlobLayoutOptions>>().Value,
            sp.GetRequiredService<CurrentModelProvider>()));
        services.TryAddSingleton(sp => new PredictionRecordReader(
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<BlobLayoutOptions>>().Value));
        return services;
    }

    /// <summary>
    /// Registers <see cref="ModelEvaluationService"/> and <see cref="DashboardPublisher"/>, with <see cref="EvaluationOptions"/> bound from <c>FashionServerless:Evaluation</c>
    /// (validated at start), adding <see cref="ServingServiceCollectionExtensions.AddCurrentModel"/>.
    /// </summary>
    public static IServiceCollection AddModelEvaluation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCurrentModel();
        services.AddOptions<EvaluationOptions>()
            .BindConfiguration(EvaluationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => new ModelEvaluationService(
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<BlobLayoutOptions>>().Value,
            sp.GetRequiredService<CurrentModelProvider>(),
            sp.GetRequiredService<IOptions<EvaluationOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ModelEvaluationService>>()));
        services.TryAddSingleton(sp => new DashboardPublisher(
            sp.GetRequiredService<BlobServiceClient>(),
            sp.GetRequiredService<IOptions<BlobLayoutOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
