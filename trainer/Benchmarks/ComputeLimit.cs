namespace FashionServerless.Trainer.Benchmarks;

/// <summary>A float32 <paramref name="Size"/>x<paramref name="Size"/> matrix multiply's speed on <paramref name="Threads"/> threads, in the bench's own run.</summary>
/// <param name="Size">Side of the square matrices.</param>
/// <param name="Threads">Threads each library used (every processor).</param>
/// <param name="OnnxRuntimeGflops">GFLOP/s of ONNX Runtime's MatMul (MLAS).</param>
/// <param name="TorchSharpGflops">GFLOP/s of TorchSharp's <c>mm</c> (libtorch's BLAS).</param>
internal sealed record ComputeLimit(int Size, int Threads, double OnnxRuntimeGflops, double TorchSharpGflops)
{
    /// <summary>ONNX Runtime's GFLOP per second of process CPU time (all threads): what one core delivers, busy machine or not.</summary>
    public double OnnxRuntimeGflopPerCpuSecond { get; init; }

    /// <summary>TorchSharp's GFLOP per second of process CPU time.</summary>
    public double TorchSharpGflopPerCpuSecond { get; init; }

    /// <summary>The limit figures are compared with: the faster library.</summary>
    public double Gflops => Math.Max(OnnxRuntimeGflops, TorchSharpGflops);

    /// <summary>The per-CPU-second limit CPU-time figures are compared with.</summary>
    public double GflopPerCpuSecond => Math.Max(OnnxRuntimeGflopPerCpuSecond, TorchSharpGflopPerCpuSecond);
}
