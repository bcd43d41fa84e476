using TorchSharp;

namespace FashionServerless.Trainer.Training;

/// <summary>Chooses where training runs, once per run.</summary>
internal static class TrainingDevice
{
    /// <summary>The named device, or CUDA when available and none is named, else the CPU.</summary>
    /// <exception cref="ArgumentException">CUDA was asked for but is not available.</exception>
    public static torch.Device Resolve(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }

        var device = new torch.Device(name);
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
        {
            throw new ArgumentException($"Device '{name}' was requested but CUDA is not available in this build or on this machine.", nameof(name));
        }

        return device;
    }
}
