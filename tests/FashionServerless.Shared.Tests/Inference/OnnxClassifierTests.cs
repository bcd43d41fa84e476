using System.Collections.Concurrent;
using FashionServerless.Shared.Decisions;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Testing.Images;
using FashionServerless.Testing.Models;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Inference;

public sealed class OnnxClassifierTests
{
    private static readonly Dictionary<string, float> KnownScores = new()
    {
        ["black"] = 0.9f, ["blue"] = 0.2f, ["dress"] = 0.3f, ["pants"] = 0.7f, ["shirt"] = 0.65f, ["shoes"] = 0.1f, ["shorts"] = 0.05f,
    };

    private static readonly PreprocessingSpec Small = PreprocessingSpec.Default with { Width = 16, Height = 16 };

    [Fact]
    public void Classify_KnownScores_AppliesThresholdsAndGroupsInLabelOrder()
    {
        // shirt scores 0.65 but needs 0.7; blue needs only 0.15, so 0.2 passes.
        using TestModel model = TestModels.CreateConstant(KnownScores, thresholds: new Dictionary<string, float> { ["shirt"] = 0.7f, ["blue"] = 0.15f }, preprocessing: Small);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);

        Prediction prediction = classifier.Classify(new float[classifier.ValuesPerImage]);

        Assert.Equal(["black", "blue", "dress", "pants", "shirt", "shoes", "shorts"], prediction.Scores.Keys);
        foreach ((string label, float score) in KnownScores)
        {
            Assert.Equal(score, prediction.Scores[label], 1e-5f);
        }

        Assert.Equal(["black", "blue", "pants"], prediction.Labels);
        Assert.Equal(["colour", "garment"], prediction.Groups.Keys);
        Assert.Equal("black", prediction.Groups["colour"].Label);
        Assert.Equal(0.9f, prediction.Groups["colour"].Score, 1e-5f);
        Assert.Equal("pants", prediction.Groups["garment"].Label);
        Assert.Equal(model.Manifest.Version, prediction.ModelVersion);
        Assert.Equal(model.Manifest.Sha256, prediction.ModelSha256);
    }

    [Fact]
    public void Classify_GroupArgmaxModel_OneColourAndOneGarmentWhateverTheThresholdsWouldSay()
    {
        // shirt (0.65) also clears 0.5, but only the best garment may be named.
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small, decision: new DecisionRule { Rule = DecisionRuleKind.GroupArgmax });
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);

        Prediction prediction = classifier.Classify(new float[classifier.ValuesPerImage]);

        Assert.Equal(["black", "pants"], prediction.Labels);
        Assert.False(prediction.IsUncertain);
    }

    [Fact]
    public void Classify_BestGarmentBelowItsFloor_IsUncertainAndNamesOnlyTheColour()
    {
        var floors = new Dictionary<string, float> { ["colour"] = 0.5f, ["garment"] = 0.8f };
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small, decision: new DecisionRule { Floors = floors });
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);

        Prediction prediction = classifier.Classify(new float[classifier.ValuesPerImage]);

        Assert.True(prediction.IsUncertain);
        Assert.Equal(["black"], prediction.Labels);
        Assert.True(prediction.Groups["garment"].Uncertain);
        Assert.Equal("pants", prediction.Groups["garment"].Label);
        Assert.False(prediction.Groups["colour"].Uncertain);
    }

    [Fact]
    public void Load_FloorForAGroupTheModelDoesNotHave_ThrowsInvalidManifest()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small,
            decision: new DecisionRule { Floors = new Dictionary<string, float> { ["pattern"] = 0.5f } });

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(model.OnnxBytes, model.Manifest));

        Assert.Equal(ModelLoadFailure.InvalidManifest, error.Failure);
        Assert.Contains("'pattern'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_PredictionAsJson_KeepsLabelOrderAndStamp()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);

        string json = ManifestJson.Serialize(classifier.Classify(new float[classifier.ValuesPerImage]));

        Assert.Matches("(?s)\"black\".*\"blue\".*\"dress\".*\"pants\".*\"shirt\".*\"shoes\".*\"shorts\"", json);
        Assert.Contains($"\"modelSha256\": \"{model.Manifest.Sha256}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"garment\": {", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadFileAsync_ModelAndManifestFromDisk_ClassifiesLikeBytes()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(await File.ReadAllBytesAsync(model.ManifestPath), "manifest.json");

        using OnnxClassifier classifier = await OnnxClassifier.LoadFileAsync(model.ModelPath, manifest);

        Prediction prediction = classifier.Classify(new float[classifier.ValuesPerImage]);
        Assert.Equal(["black", "pants", "shirt"], prediction.Labels);
    }

    [Fact]
    public void Load_InputNameDiffersFromManifest_ThrowsInterfaceMismatch()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        ModelManifest manifest = model.Manifest with { Onnx = model.Manifest.Onnx with { InputName = "pixels" } };

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(model.OnnxBytes, manifest));

        Assert.Equal(ModelLoadFailure.InterfaceMismatch, error.Failure);
        Assert.Contains("'pixels'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InputSizeDiffersFromManifest_ThrowsInterfaceMismatch()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        ModelManifest manifest = model.Manifest with { Preprocessing = Small with { Width = 32 } };

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(model.OnnxBytes, manifest));

        Assert.Equal(ModelLoadFailure.InterfaceMismatch, error.Failure);
        Assert.Contains("[batch,3,16,16]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManifestHasMoreLabelsThanOutputs_ThrowsInterfaceMismatch()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        ModelManifest manifest = model.Manifest with
        {
            Labels = [.. model.Manifest.Labels, "red"],
            Thresholds = new Dictionary<string, float>(model.Manifest.Thresholds) { ["red"] = 0.5f },
        };

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(model.OnnxBytes, manifest));

        Assert.Equal(ModelLoadFailure.InterfaceMismatch, error.Failure);
        Assert.Contains("output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BytesDifferFromManifestHash_ThrowsIntegrityMismatch()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        byte[] tampered = [.. model.OnnxBytes];
        tampered[^1] ^= 0xFF;

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(tampered, model.Manifest));

        Assert.Equal(ModelLoadFailure.IntegrityMismatch, error.Failure);
        Assert.Contains(model.Manifest.Sha256, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CorruptBytesWithMatchingHash_ThrowsInvalidModel()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        byte[] corrupt = model.OnnxBytes[..(model.OnnxBytes.Length / 3)];
        ModelManifest manifest = model.Manifest with { Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(corrupt)) };

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(corrupt, manifest));

        Assert.Equal(ModelLoadFailure.InvalidModel, error.Failure);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void Load_LabelWithoutThreshold_ThrowsInvalidManifest()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        ModelManifest manifest = model.Manifest with
        {
            Thresholds = model.Manifest.Thresholds.Where(t => t.Key != "shoes").ToDictionary(t => t.Key, t => t.Value),
        };

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(model.OnnxBytes, manifest));

        Assert.Equal(ModelLoadFailure.InvalidManifest, error.Failure);
        Assert.Contains("'shoes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassifyBatch_ReferenceModel_EqualsSingleClassifications()
    {
        using TestModel model = TestModels.CreateSeededConvNet(seed: 3, inputSize: 32);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);
        float[] images = RandomImages(5, classifier.ValuesPerImage, seed: 4);

        IReadOnlyList<Prediction> batch = classifier.ClassifyBatch(images, 5);

        Assert.Equal(5, batch.Count);
        for (int i = 0; i < 5; i++)
        {
            Prediction single = classifier.Classify(images.AsSpan(i * classifier.ValuesPerImage, classifier.ValuesPerImage));
            Assert.Equal(single.Labels, batch[i].Labels);
            Assert.Equal(single.Groups, batch[i].Groups.ToDictionary());
            Assert.All(single.Scores, s => Assert.Equal(s.Value, batch[i].Scores[s.Key], 1e-6f));
        }

        // Different images must give different scores, or the comparison above proves nothing.
        Assert.NotEqual(batch[0].Scores["black"], batch[1].Scores["black"]);
    }

    [Fact]
    public void Classify_ManyThreadsAtOnce_GiveTheSequentialResults()
    {
        using TestModel model = TestModels.CreateSeededConvNet(seed: 5, inputSize: 32);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);
        const int Images = 48;
        float[] images = RandomImages(Images, classifier.ValuesPerImage, seed: 6);
        float[][] sequential = [.. Enumerable.Range(0, Images).Select(i => Scores(classifier, images, i))];

        var concurrent = new ConcurrentDictionary<int, float[]>();
        Parallel.For(0, Images * 4, new ParallelOptions { MaxDegreeOfParallelism = 8 }, call =>
        {
            int image = call % Images;
            float[] scores = Scores(classifier, images, image);
            concurrent.AddOrUpdate(image, scores, (_, previous) => previous.SequenceEqual(scores) ? previous : throw new InvalidOperationException($"image {image} scored differently"));
        });

        Assert.Equal(Images, concurrent.Count);
        for (int i = 0; i < Images; i++)
        {
            Assert.Equal(sequential[i], concurrent[i]);
        }
    }

    [Fact]
    public async Task ClassifyImage_EncodedPhoto_UsesTheManifestPreprocessing()
    {
        using TestModel model = TestModels.CreateSeededConvNet(seed: 7, inputSize: 32);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);
        byte[] photo = TestImages.NoisePng(80, 50, seed: 8);
        float[] expected = [.. classifier.Classify(new ImagePreprocessor(model.Manifest.Preprocessing).Preprocess(photo)).Scores.Values];

        Prediction fromBytes = classifier.ClassifyImage(photo);
        using var stream = new MemoryStream(photo);
        Prediction fromStream = await classifier.ClassifyImageAsync(stream);

        Assert.Equal(model.Manifest.Preprocessing, classifier.Preprocessor.Spec);
        Assert.Equal(expected, fromBytes.Scores.Values);
        Assert.Equal(expected, fromStream.Scores.Values);
    }

    [Theory]
    [InlineData(PreprocessingSpec.FullDecodeVersion)]
    [InlineData(PreprocessingSpec.ScaledJpegVersion)]
    public void ClassifyImage_LargeJpeg_UsesThePreprocessingVersionTheManifestNames(int version)
    {
        using TestModel model = TestModels.CreateSeededConvNet(seed: 7, inputSize: 32);
        ModelManifest manifest = model.Manifest with { Preprocessing = model.Manifest.Preprocessing with { Version = version } };
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, manifest);
        byte[] photo = TestImages.NoiseJpeg(640, 480, seed: 9);
        float[] own = new ImagePreprocessor(manifest.Preprocessing).Preprocess(photo);
        float[] other = new ImagePreprocessor(manifest.Preprocessing with { Version = 3 - version }).Preprocess(photo);

        Prediction prediction = classifier.ClassifyImage(photo);

        // The two versions give different pixels for this photo, so equal scores show which one ran.
        Assert.NotEqual(own, other);
        Assert.Equal(version, classifier.Preprocessor.Spec.Version);
        Assert.Equal(classifier.Classify(own).Scores.Values, prediction.Scores.Values);
        Assert.NotEqual(classifier.Classify(other).Scores.Values, prediction.Scores.Values);
    }

    [Fact]
    public void Load_PreprocessingVersionUnknownToThisBuild_ThrowsUnsupportedPreprocessing()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        ModelManifest manifest = model.Manifest with { Preprocessing = Small with { Version = 3 } };

        var error = Assert.Throws<ModelLoadException>(() => OnnxClassifier.Load(model.OnnxBytes, manifest));

        Assert.Equal(ModelLoadFailure.UnsupportedPreprocessing, error.Failure);
        Assert.Contains("preprocessing version 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("supported: 1, 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassifyImage_Tiff_ThrowsUnsupportedFormat()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);

        var error = Assert.Throws<ImageRejectedException>(() => classifier.ClassifyImage(TestImages.Tiff(20, 20, new Rgb24(0, 0, 255))));

        Assert.Equal(ImageRejectionReason.UnsupportedFormat, error.Reason);
    }

    [Fact]
    public void Classify_WrongNumberOfValues_ThrowsArgumentException()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        using OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);

        Assert.Throws<ArgumentException>(() => classifier.Classify(new float[classifier.ValuesPerImage - 1]));
        Assert.Throws<ArgumentException>(() => classifier.ClassifyBatch(new float[classifier.ValuesPerImage * 2], 3));
    }

    [Fact]
    public void ClassifyBatch_AfterDispose_ThrowsObjectDisposedException()
    {
        using TestModel model = TestModels.CreateConstant(KnownScores, preprocessing: Small);
        OnnxClassifier classifier = OnnxClassifier.Load(model.OnnxBytes, model.Manifest);
        classifier.Dispose();

        Assert.Throws<ObjectDisposedException>(() => classifier.ClassifyBatch(new float[classifier.ValuesPerImage], 1));
    }

    private static float[] Scores(OnnxClassifier classifier, float[] images, int index) =>
        [.. classifier.Classify(images.AsSpan(index * classifier.ValuesPerImage, classifier.ValuesPerImage)).Scores.Values];

    private static float[] RandomImages(int count, int valuesPerImage, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * valuesPerImage];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextSingle();
        }

        return values;
    }
}
