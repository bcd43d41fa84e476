using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Functions;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>The app setting Azure Functions and the Application Insights SDK read the ingestion endpoint from.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    private const string ApplicationInsightsLoggerProvider = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";

    /// <summary>
    /// Application Insights for the worker (traces, dependencies, exceptions), correlated with the host's invocations.
    /// Its logger provider ships with a Warning-only default rule; removing it lets host.json/appsettings levels decide,
    /// so the Information-level decisions (classified, duplicate, model reloaded, evaluation written) reach Azure; what is
    /// still buffered when the worker stops is flushed (<see cref="TelemetryFlush"/>).
    /// Only where <see cref="ConnectionStringSetting"/> names an endpoint (every Azure deployment sets it): without one
    /// the SDK would collect telemetry it can never send, and its set-up is about a fifth of a local worker's start-up.
    /// </summary>
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            return services;
        }

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
