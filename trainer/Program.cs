using System.ComponentModel.DataAnnotations;
using FashionServerless.Shared.Storage;
using FashionServerless.Trainer.Cli;
using Microsoft.Extensions.Configuration;

namespace FashionServerless.Trainer;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var layout = new BlobLayoutOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(BlobLayoutOptions.SectionName).Bind(layout);
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(layout, new ValidationContext(layout), problems, validateAllProperties: true))
        {
            await Console.Error.WriteLineAsync($"error: container names from {BlobLayoutOptions.SectionName}: {problems[0].ErrorMessage}");
            return ExitCodes.Usage;
        }

        var settings = new CliSettings(Console.Out, Console.Error, layout, Interactive: !Console.IsOutputRedirected);
        return await TrainerCli.RunAsync(args, settings);
    }
}
