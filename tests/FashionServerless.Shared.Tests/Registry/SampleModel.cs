using System.Security.Cryptography;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Tests.Manifest;

namespace FashionServerless.Shared.Tests.Registry;

/// <summary>Random bytes standing in for model.onnx (the registry checks hashes, not ONNX) and a matching manifest.</summary>
internal sealed record SampleModel(ModelManifest Manifest, byte[] Onnx)
{
    public string Version => Manifest.Version;

    public static SampleModel Create(DateTimeOffset createdAt)
    {
        byte[] onnx = RandomNumberGenerator.GetBytes(4096);
        string sha256 = ModelHash.Sha256(onnx);
        return new SampleModel(SampleManifests.Create(ModelVersion.NewId(createdAt), sha256, createdAt), onnx);
    }

    public static SampleModel Create(int minutesAfterStart = 0) =>
        Create(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero).AddMinutes(minutesAfterStart));
}
