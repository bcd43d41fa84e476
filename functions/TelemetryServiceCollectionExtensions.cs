using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Functions;

internal static class TelemetryServiceCollectionExtensions
{
    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// Application Insights for the worker (traces, dependencies, exceptions), correlated with the host's invocations.
    /// Its logger provider ships with a Warning-only default rule; removing it lets host.json/appsettings levels decide,
    /// so the Information-level decisions (classified, duplicate, model reloaded, evaluation written) reach Azure; what is
    /// still buffered when the worker stops is flushed (<see cref="TelemetryFlush"/>).
    /// </summary>
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services)
    {
        services.AddApplicationInsightsTelemetryWorkerService();
        services.ConfigureFunctionsApplicationInsights();
        services.AddHostedService<TelemetryFlush>();
        services.Configure<LoggerFilterOptions>(options =>
        {
            LoggerFilterRule? warningOnly = options.Rules.FirstOrDefault(rule => rule.ProviderName == ApplicationInsightsLoggerProvider);
            if (warningOnly is not null)
            {
                options.Rules.Remove(warningOnly);
            }
        });
        return services;
    }
}
