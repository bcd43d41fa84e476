using FashionServerless.Shared.Decisions;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FashionServerless.Shared.DependencyInjection;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Predictions;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Shared.Storage;
using FashionServerless.Testing.Azurite;
using FashionServerless.Testing.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FashionServerless.Functions.Tests;

/// <summary>
/// The functions' services wired as the host wires them (the same AddFashionPipeline, configuration from settings), over a real
/// Azurite with containers of its own and a reload interval of 0, so a promotion is seen on the next call.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly List<TestModel> _models = [];
    private readonly IHost _host;

    private PipelineHarness(AzuriteFixture azurite, BlobLayoutOptions layout, IHost host)
    {
        _host = host;
        Layout = layout;
        Blobs = azurite.BlobServiceClient;
        Registry = Services.GetRequiredService<ModelRegistry>();
    }

    public BlobLayoutOptions Layout { get; }

    public IServiceProvider Services => _host.Services;

    public BlobServiceClient Blobs { get; }

    public ModelRegistry Registry { get; }

    public BlobContainerClient Uploads => Blobs.GetBlobContainerClient(Layout.Uploads);

    public BlobContainerClient Predictions => Blobs.GetBlobContainerClient(Layout.Predictions);

    public BlobContainerClient Metrics => Blobs.GetBlobContainerClient(Layout.Metrics);

    public BlobContainerClient Evaluation => Blobs.GetBlobContainerClient(Layout.Evaluation);

    /// <param name="time">The clock the services read (registered before theirs, which only fill a gap); the system clock if null.</param>
    public static async Task<PipelineHarness> StartAsync(AzuriteFixture azurite, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        BlobLayoutOptions layout = await azurite.CreateLayoutAsync();
        var configuration = new Dictionary<string, string?>(azurite.ConfigurationFor(layout))
        {
            ["FashionServerless:Model:ReloadIntervalSeconds"] = "0",
            ["FashionServerless:Model:IntraOpThreads"] = "1",
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddLogging();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        // The function app's own registration (functions/Program.cs).
        builder.AddFashionPipeline();
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true }));
        IHost host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        return new PipelineHarness(azurite, layout, host);
    }

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    public CurrentModelProvider Models => Services.GetRequiredService<CurrentModelProvider>();

    /// <summary>A model that gives every image the same scores; disposed with the harness.</summary>
    /// <param name="scores">Every label's score.</param>
    /// <param name="decision">The manifest's decision rule; null for a manifest that predates the rule (thresholds 0.5).</param>
    public TestModel ConstantModel(IReadOnlyDictionary<string, float> scores, DecisionRule? decision = null)
    {
        TestModel model = TestModels.CreateConstant(scores, decision: decision);
        _models.Add(model);
        return model;
    }

    public async Task<ModelManifest> PublishAndPromoteAsync(TestModel model, ModelManifest? manifest = null)
    {
        manifest ??= model.Manifest;
        await Registry.PublishAsync(manifest, BinaryData.FromBytes(model.OnnxBytes));
        await Registry.PromoteAsync(manifest.Version);
        return manifest;
    }

    public async Task<BlobClient> UploadAsync(string name, byte[] content)
    {
        BlobClient blob = Uploads.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return blob;
    }

    public async Task<PredictionRecord?> ReadRecordAsync(string uploadName) =>
        await Services.GetRequiredService<PredictionRecordReader>().ReadAsync(uploadName);

    public async Task<BlobProperties> RecordPropertiesAsync(string uploadName) =>
        (await Predictions.GetBlobClient(PredictionBlobNames.RecordFor(uploadName)).GetPropertiesAsync()).Value;

    public async ValueTask DisposeAsync()
    {
        _host.Dispose();
        foreach (TestModel model in _models)
        {
            model.Dispose();
        }
    }
}
