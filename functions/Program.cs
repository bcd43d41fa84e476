using FashionServerless.Functions;
using FashionServerless.Shared.DependencyInjection;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddFunctionsTelemetry(builder.Configuration);
builder.AddFashionPipeline();
builder.Services.AddHostedService<ModelPreload>();
using IHost host = builder.Build();
host.VerifyPipelineStorage();
host.Run();
