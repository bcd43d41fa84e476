using FashionServerless.Functions;
using FashionServerless.Shared.DependencyInjection;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddFunctionsTelemetry();
builder.Services.AddFashionStorage();
builder.Services.AddUploadClassification();
builder.Services.AddModelEvaluation();
builder.Build().Run();
