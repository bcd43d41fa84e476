using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;

namespace FashionServerless.Functions.Tests.Protocol;

/// <summary>The app settings a worker under test gets, as the host would pass them: environment-variable names.</summary>
internal static class WorkerSettings
{
    /// <summary>
    /// Storage on the shared Azurite with <paramref name="layout"/>'s containers, a model check on every call (so a
    /// promotion is seen at once), and no Application Insights connection string from the environment.
    /// </summary>
    public static Dictionary<string, string?> For(AzuriteFixture azurite, BlobLayoutOptions layout)
    {
        var settings = azurite.ConfigurationFor(layout).ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["FashionServerless__Model__ReloadIntervalSeconds"] = "0";
        settings["EvaluationSchedule"] = "0 0 3 * * *";
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = null;
        return settings;
    }
}
