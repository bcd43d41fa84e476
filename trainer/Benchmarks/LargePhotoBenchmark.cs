using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Trainer.Benchmarks;

/// <summary>
/// Large photos under each preprocessing version: the catalogue photos as they are, then each requested size
/// synthesized from them (<see cref="LargePhotoSynthesizer"/>); decode + preprocess and the whole classification,
/// with CPU time per photo and the peak memory each variant needed. Versions run on the same ONNX model, each with its
/// own manifest spec, so only the decoding differs.
/// </summary>
internal static class LargePhotoBenchmark
{
    public static IReadOnlyList<LargePhotoFigure> Run(
        BenchmarkImageSet catalogue, byte[] onnxModel, ModelManifest manifest, IReadOnlyList<(int Width, int Height)> sizes, int photos,
        string? saveFolder, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(progress);
        var figures = new List<LargePhotoFigure>();
        var sets = new List<(int Width, int Height, byte[][] Encoded)> { (0, 0, [.. catalogue.Encoded.Select(e => e.ToArray())]) };
        foreach ((int width, int height) in sizes)
        {
            progress($"Synthesizing {photos} {width}x{height} JPEGs from the first photos ...");
            byte[][] large = [.. Enumerable.Range(0, photos).Select(i => LargePhotoSynthesizer.Enlarge(catalogue.Encoded[i % catalogue.Count], width, height, seed: i))];
            sets.Add((width, height, large));
            if (saveFolder is not null)
            {
                // For other decoders (djpeg -scale 1/8) to be timed on the very same bytes.
                Directory.CreateDirectory(saveFolder);
                File.WriteAllBytes(Path.Combine(saveFolder, $"large-{width}x{height}-0.jpg"), large[0]);
            }
        }

        foreach ((int width, int height, byte[][] encoded) in sets)
        {
            // Version 2 first: with the peak reset between variants the order does not matter, but where it cannot be
            // reset the smaller peak must come first to be seen at all.
            foreach (int version in PreprocessingSpec.SupportedVersions.OrderDescending())
            {
                cancellationToken.ThrowIfCancellationRequested();
                ModelManifest variant = manifest with { Preprocessing = manifest.Preprocessing with { Version = version } };
                using OnnxClassifier classifier = OnnxClassifier.Load(onnxModel, variant);
                progress($"Measuring {(width == 0 ? "the catalogue photos" : $"{width}x{height}")} with preprocessing version {version} ...");
                figures.Add(Measure(classifier, encoded, width, height, version, cancellationToken));
            }
        }

        return figures;
    }

    private static LargePhotoFigure Measure(OnnxClassifier classifier, byte[][] encoded, int width, int height, int version, CancellationToken cancellationToken)
    {
        int count = encoded.Length;
        int operations = Math.Max(count, 10);
        var timer = new OperationTimer(operations, null, Math.Min(count, 3));
        float[] destination = new float[classifier.ValuesPerImage];
        // One call first, so loading the decoder's native library is not counted as the decoding's memory; then pooled
        // buffers of earlier variants are released, as they would hide this one's need.
        classifier.Preprocessor.PreprocessInto(encoded[0], destination);
        SixLabors.ImageSharp.Memory.MemoryAllocator.Default.ReleaseRetainedResources();
        GC.Collect();
        bool reset = PeakMemory.TryReset();
        (long Peak, long Current)? before = PeakMemory.Read();
        TimedOperations preprocess = timer.Run(i => classifier.Preprocessor.PreprocessInto(encoded[i % count], destination), cancellationToken);
        (long Peak, long Current)? after = PeakMemory.Read();
        TimedOperations classify = timer.Run(i => classifier.ClassifyImage(encoded[i % count]), cancellationToken);
        long? growth = reset && before is not null && after is not null ? after.Value.Peak - before.Value.Current : null;
        string what = width == 0 ? "catalogue photos" : $"{width}x{height}";
        return new LargePhotoFigure(width, height, (long)encoded.Average(e => e.Length), version,
            BenchmarkFigure.FromTimed($"{what} preprocess v{version}", "image", 1, preprocess),
            BenchmarkFigure.FromTimed($"{what} classify v{version}", "image", 1, classify),
            growth);
    }
}
