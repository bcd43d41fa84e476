using FashionServerless.Trainer.Cli;
using Microsoft.Extensions.Configuration;

namespace FashionServerless.Trainer;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        IConfiguration configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var settings = new CliSettings(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected, configuration);
        return await TrainerCli.RunAsync(args, settings);
    }
}
