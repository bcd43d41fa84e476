using FashionServerless.Shared.DependencyInjection;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Storage;
using FashionServerless.Shared.Tests.Registry;
using FashionServerless.Testing.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FashionServerless.Shared.Tests.DependencyInjection;

public sealed class PipelineServiceCollectionExtensionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task AddModelRegistry_ConfiguredLayout_RegistryPublishesToConfiguredModelsContainer()
    {
        BlobLayoutOptions layout = azurite.UniqueLayout();
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(azurite.ConfigurationFor(layout));
        builder.Services.AddFashionStorage(builder.Configuration).AddModelRegistry();
        using IHost host = builder.Build();
        await host.StartAsync();
        ModelRegistry registry = host.Services.GetRequiredService<ModelRegistry>();
        SampleModel model = SampleModel.Create();

        await registry.PublishAsync(model.Manifest, new BinaryData(model.Onnx));
        await registry.PromoteAsync(model.Version);

        Assert.Same(registry, host.Services.GetRequiredService<ModelRegistry>());
        Assert.Equal(layout.Models, registry.Container.Name);
        var direct = new ModelRegistry(azurite.BlobServiceClient, layout);
        Assert.Equal(model.Version, (await direct.GetCurrentAsync())!.Version);
        await host.StopAsync();
    }
}
