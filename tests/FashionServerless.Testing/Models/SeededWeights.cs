using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Testing.Models;

/// <summary>
/// Fills a module's parameters and BatchNorm statistics from <see cref="Random"/>, not from TorchSharp's global
/// generator, so the same seed gives the same bytes even while other tests create modules in parallel.
/// </summary>
internal static class SeededWeights
{
    public static void Apply(nn.Module module, int seed)
    {
        var random = new Random(seed);
        using IDisposable noGrad = no_grad();
        foreach ((string name, Tensor parameter) in module.named_parameters().OrderBy(p => p.name, StringComparer.Ordinal))
        {
            long fanIn = parameter.shape.Skip(1).Aggregate(1L, (product, dim) => product * dim);
            // Conv/Linear weights as kaiming-uniform(a=sqrt 5) draws them; 1-D BatchNorm scales near one; biases small.
            (float low, float high) = parameter.dim() > 1
                ? (-1f / MathF.Sqrt(fanIn), 1f / MathF.Sqrt(fanIn))
                : name.EndsWith(".weight", StringComparison.Ordinal) ? (0.8f, 1.2f) : (-0.1f, 0.1f);
            Fill(parameter, random, low, high);
        }

        // Non-trivial running statistics, so an export that ignored them would not pass for one that uses them.
        foreach ((string name, Tensor buffer) in module.named_buffers().OrderBy(b => b.name, StringComparer.Ordinal))
        {
            if (name.EndsWith("running_mean", StringComparison.Ordinal))
            {
                Fill(buffer, random, -0.2f, 0.2f);
            }
            else if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                Fill(buffer, random, 0.5f, 1.5f);
            }
        }
    }

    private static void Fill(Tensor target, Random random, float low, float high)
    {
        var values = new float[target.numel()];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = low + ((high - low) * random.NextSingle());
        }

        using Tensor source = tensor(values, target.shape);
        target.copy_(source);
    }
}
