using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>The machine the figures were taken on; figures mean little without it.</summary>
internal sealed record MachineFacts(int ProcessorCount, string OperatingSystem, string Architecture, string DotNet, string OnnxRuntime, string TorchSharp)
{
    public static MachineFacts Current() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString(),
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown");
}
