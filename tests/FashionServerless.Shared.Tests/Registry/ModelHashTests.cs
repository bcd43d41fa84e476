using System.Text;
using FashionServerless.Shared.Registry;

namespace FashionServerless.Shared.Tests.Registry;

public sealed class ModelHashTests
{
    // SHA-256("abc") from FIPS 180-2, appendix B.1.
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Sha256_KnownInput_GivesLowerCaseHexDigest()
    {
        Assert.Equal(AbcSha256, ModelHash.Sha256("abc"u8));
    }

    [Fact]
    public async Task Sha256Async_Stream_EqualsSpanDigest()
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes("abc"));

        Assert.Equal(AbcSha256, await ModelHash.Sha256Async(stream));
    }

    [Fact]
    public void Matches_DifferentCase_IsSameHash()
    {
        Assert.True(ModelHash.Matches(AbcSha256.ToUpperInvariant(), AbcSha256));
        Assert.False(ModelHash.Matches(AbcSha256, ModelHash.Sha256("abd"u8)));
    }
}
