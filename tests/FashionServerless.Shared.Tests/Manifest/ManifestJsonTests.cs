using System.Text;
using System.Text.Json.Nodes;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Shared.Tests.Manifest;

public sealed class ManifestJsonTests
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Deserialize_SerializedManifest_RoundTripsEverySection()
    {
        ModelManifest original = SampleManifests.Create("20261128T120000Z-3f2a9c1d", new string('b', 64), CreatedAt);

        byte[] json = ManifestJson.SerializeToUtf8Bytes(original);
        ModelManifest copy = ManifestJson.Deserialize<ModelManifest>(json, "manifest.json");

        Assert.Equal(ManifestJson.Serialize(original), ManifestJson.Serialize(copy));
        Assert.Equal(original.Labels, copy.Labels);
        Assert.Equal(original.Groups["garment"], copy.Groups["garment"]);
        Assert.Equal(ResizeMode.PadToSquare, copy.Preprocessing.ResizeMode);
        Assert.Equal(0.35f, copy.Thresholds["dress"]);
        Assert.Equal(original.Dataset!.Skipped, copy.Dataset!.Skipped);
        Assert.Equal(original.TestMetrics!.MacroF1, copy.TestMetrics!.MacroF1);
        Assert.Equal(original.Promotion, copy.Promotion);
        Assert.Equal(CreatedAt, copy.CreatedAt);
    }

    [Fact]
    public void Serialize_Manifest_UsesCamelCaseNamesAndResizeModeAsText()
    {
        ModelManifest manifest = SampleManifests.Create("20261128T120000Z-3f2a9c1d", new string('b', 64), CreatedAt);

        JsonNode json = JsonNode.Parse(ManifestJson.Serialize(manifest))!;

        Assert.Equal("20261128T120000Z-3f2a9c1d", (string?)json["version"]);
        Assert.Equal(new string('b', 64), (string?)json["sha256"]);
        Assert.Equal("PadToSquare", (string?)json["preprocessing"]!["resizeMode"]);
        Assert.Equal(17, (int?)json["onnx"]!["opset"]);
        Assert.Equal(ModelManifest.CurrentSchemaVersion, (int?)json["schemaVersion"]);
    }

    [Fact]
    public void Deserialize_ManifestWithoutPreprocessingVersion_MeansVersion1()
    {
        // Every manifest written before preprocessing versions existed: its model was trained on full-size ImageSharp decoding.
        JsonNode json = JsonNode.Parse(ManifestJson.Serialize(SampleManifests.Create("20261128T120000Z-3f2a9c1d", new string('b', 64), CreatedAt)))!;
        json["preprocessing"]!.AsObject().Remove("version");

        ModelManifest manifest = ManifestJson.Deserialize<ModelManifest>(Encoding.UTF8.GetBytes(json.ToJsonString()), "manifest.json");

        Assert.Equal(PreprocessingSpec.FullDecodeVersion, manifest.Preprocessing.Version);
    }

    [Fact]
    public void Serialize_ScaledJpegPreprocessing_RecordsVersion2()
    {
        ModelManifest manifest = SampleManifests.Create("20261128T120000Z-3f2a9c1d", new string('b', 64), CreatedAt);
        manifest = manifest with { Preprocessing = manifest.Preprocessing with { Version = PreprocessingSpec.ScaledJpegVersion } };

        JsonNode json = JsonNode.Parse(ManifestJson.Serialize(manifest))!;

        Assert.Equal(2, (int?)json["preprocessing"]!["version"]);
        Assert.Equal(2, ManifestJson.Deserialize<ModelManifest>(ManifestJson.SerializeToUtf8Bytes(manifest), "manifest.json").Preprocessing.Version);
    }

    [Fact]
    public void Deserialize_MalformedJson_ThrowsInvalidDataNamingTheDocument()
    {
        var ex = Assert.Throws<InvalidDataException>(
            () => ManifestJson.Deserialize<ModelManifest>(Encoding.UTF8.GetBytes("{\"version\": "), "models/x/manifest.json"));

        Assert.Contains("models/x/manifest.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_MissingRequiredMember_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(
            () => ManifestJson.Deserialize<ModelManifest>(Encoding.UTF8.GetBytes("{\"version\":\"v\"}"), "manifest.json"));
    }

    [Fact]
    public void Deserialize_JsonNull_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => ManifestJson.Deserialize<ModelManifest>("null"u8, "manifest.json"));
    }
}
