using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FashionServerless.Functions.Tests;

/// <summary>Which worker gets Application Insights: only one with somewhere to send it.</summary>
public sealed class TelemetryServiceCollectionExtensionsTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:1/";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void AddFunctionsTelemetry_NoConnectionString_RegistersNoTelemetryClientAndNoFlush(string? connectionString)
    {
        ServiceCollection services = Services();

        services.AddFunctionsTelemetry(Configuration(connectionString));

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(TelemetryClient));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(TelemetryFlush));
    }

    [Fact]
    public void AddFunctionsTelemetry_ConnectionStringSet_RegistersTheClientAndItsFlushAtStop()
    {
        ServiceCollection services = Services();

        services.AddFunctionsTelemetry(Configuration(ConnectionString));

        Assert.Contains(services, d => d.ServiceType == typeof(TelemetryClient));
        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(TelemetryFlush));
    }

    private static ServiceCollection Services() => [];

    private static IConfiguration Configuration(string? connectionString) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [TelemetryServiceCollectionExtensions.ConnectionStringSetting] = connectionString })
            .Build();
}
