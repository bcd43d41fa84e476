namespace FashionServerless.Trainer.Export;

/// <summary>The ONNX export does not compute what the TorchSharp model computes; the export must not be published.</summary>
internal sealed class ExportParityException : Exception
{
    public ExportParityException(string inputKind, double maxAbsDifference, double tolerance, int sample, int output)
        : base($"ONNX export failed the parity check on {inputKind}: max |ONNX Runtime - TorchSharp| = {maxAbsDifference:G3} " +
               $"(sample {sample}, output {output}) exceeds the tolerance {tolerance:G3}.")
    {
        InputKind = inputKind;
        MaxAbsDifference = maxAbsDifference;
        Tolerance = tolerance;
    }

    public ExportParityException(string message, Exception innerException)
        : base(message, innerException)
    {
        InputKind = "";
        MaxAbsDifference = double.NaN;
        Tolerance = double.NaN;
    }

    /// <summary><c>random tensors</c> or <c>images</c>; empty when ONNX Runtime could not run the export at all.</summary>
    public string InputKind { get; }

    /// <summary>The measured difference, or NaN when ONNX Runtime could not run the export at all.</summary>
    public double MaxAbsDifference { get; }

    public double Tolerance { get; }
}
