using FashionServerless.Shared.Storage;
using Microsoft.Extensions.Hosting;

namespace FashionServerless.Shared.DependencyInjection;

/// <summary>The one registration both hosts are built from: the function app and the trainer's command line.</summary>
public static class PipelineHostBuilderExtensions
{
    /// <summary>
    /// Storage (the <see cref="StorageSettings.ConnectionName"/> connection and the container layout), the model registry
    /// and current model, upload classification and the scheduled evaluation, each with its options bound from
    /// <c>FashionServerless:*</c> and validated when the host starts.
    /// </summary>
    public static TBuilder AddFashionPipeline<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFashionStorage(builder.Configuration);
        builder.Services.AddUploadClassification();
        builder.Services.AddModelEvaluation();
        return builder;
    }
}
