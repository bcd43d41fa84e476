using System.Diagnostics;
using FashionServerless.Trainer.Export;
using Onnx;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// The machine's practical float32 limit, measured in the same run as the figures compared with it: a square matrix
/// multiply through ONNX Runtime (MLAS, the kernels inference runs on) and through TorchSharp (libtorch's BLAS, what
/// training runs on), each on every processor. The larger is the limit.
/// </summary>
internal static class MatrixMultiplyLimit
{
    public static ComputeLimit Measure(int size, int repetitions, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        int threads = Environment.ProcessorCount;
        double gflop = 2.0 * size * size * size / 1e9;
        (double ortWall, double ortCpu) = OnnxRuntimeSeconds(size, threads, repetitions, cancellationToken);
        (double torchWall, double torchCpu) = TorchSharpSeconds(size, threads, repetitions, cancellationToken);
        return new ComputeLimit(size, threads, gflop / ortWall, gflop / torchWall)
        {
            OnnxRuntimeGflopPerCpuSecond = gflop / ortCpu,
            TorchSharpGflopPerCpuSecond = gflop / torchCpu,
        };
    }

    private static (double Wall, double Cpu) OnnxRuntimeSeconds(int size, int threads, int repetitions, CancellationToken cancellationToken)
    {
        var graph = new OnnxGraphBuilder("matmul");
        const int Float = (int)TensorProto.Types.DataType.Float;
        graph.AddInput("a", Float, OnnxGraphBuilder.Fixed(size), OnnxGraphBuilder.Fixed(size));
        graph.AddInput("b", Float, OnnxGraphBuilder.Fixed(size), OnnxGraphBuilder.Fixed(size));
        graph.AddNode("MatMul", "c", ["a", "b"]);
        graph.AddOutput("c", Float, OnnxGraphBuilder.Fixed(size), OnnxGraphBuilder.Fixed(size));
        var model = new ModelProto { IrVersion = 8, Graph = graph.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });

        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        // As the classifier runs (OnnxClassifierOptions.AllowSpinning off), so CPU-time figures compare like with like.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        using var session = new InferenceSession(model.ToByteArray(), options);
        float[] a = Filled(size * size, 1), b = Filled(size * size, 2), c = new float[size * size];
        using OrtValue inputA = OrtValue.CreateTensorValueFromMemory(a, [size, size]);
        using OrtValue inputB = OrtValue.CreateTensorValueFromMemory(b, [size, size]);
        using OrtValue output = OrtValue.CreateTensorValueFromMemory(c, [size, size]);
        using var runOptions = new RunOptions();
        return Best(repetitions, () => session.Run(runOptions, ["a", "b"], [inputA, inputB], ["c"], [output]), cancellationToken);
    }

    private static (double Wall, double Cpu) TorchSharpSeconds(int size, int threads, int repetitions, CancellationToken cancellationToken)
    {
        torch.set_num_threads(threads);
        using torch.Tensor a = torch.rand(size, size, generator: new torch.Generator(1));
        using torch.Tensor b = torch.rand(size, size, generator: new torch.Generator(2));
        return Best(repetitions, () =>
        {
            using torch.Tensor c = torch.mm(a, b);
        }, cancellationToken);
    }

    /// <summary>
    /// The fastest of the timed runs after one warm-up (the limit is what the machine can do, not an average of
    /// interruptions), and the process CPU seconds per run.
    /// </summary>
    private static (double Wall, double Cpu) Best(int repetitions, Action run, CancellationToken cancellationToken)
    {
        run();
        double best = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        for (int i = 0; i < repetitions; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long started = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        process.Refresh();
        return (best, (process.TotalProcessorTime - cpuBefore).TotalSeconds / repetitions);
    }

    private static float[] Filled(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }
}
