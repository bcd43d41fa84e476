namespace FashionServerless.Trainer.Benchmarks;

/// <summary>One photo size under one preprocessing version.</summary>
/// <param name="Width">Photo width.</param>
/// <param name="Height">Photo height.</param>
/// <param name="MeanEncodedBytes">Mean JPEG size of the synthesized photos.</param>
/// <param name="PreprocessingVersion">1: ImageSharp at full size; 2: libjpeg-turbo at reduced size.</param>
/// <param name="Preprocess">Decode + preprocess, one photo at a time.</param>
/// <param name="Classify">Decode + preprocess + inference (<c>ClassifyImage</c>).</param>
/// <param name="PeakMemoryGrowthBytes">How far the process's peak resident memory rose above its resident size while this ran; null where it cannot be read.</param>
internal sealed record LargePhotoFigure(
    int Width, int Height, long MeanEncodedBytes, int PreprocessingVersion, BenchmarkFigure Preprocess, BenchmarkFigure Classify, long? PeakMemoryGrowthBytes);
