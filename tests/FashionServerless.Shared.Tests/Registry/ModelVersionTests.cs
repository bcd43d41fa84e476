using FashionServerless.Shared.Registry;

namespace FashionServerless.Shared.Tests.Registry;

public sealed class ModelVersionTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewId_Time_IsUtcTimestampAndEightHexDigits()
    {
        string id = ModelVersion.NewId(new DateTimeOffset(2026, 11, 28, 13, 0, 0, TimeSpan.FromHours(1)));

        Assert.Matches("^20261128T120000Z-[0-9a-f]{8}$", id);
        Assert.True(ModelVersion.IsValid(id));
        Assert.Equal(Noon, ModelVersion.GetTimestamp(id));
    }

    [Fact]
    public void NewId_SameTime_GivesDistinctIds()
    {
        string[] ids = [.. Enumerable.Range(0, 100).Select(_ => ModelVersion.NewId(Noon))];

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void NewId_LaterTime_SortsAfterEarlierOrdinally()
    {
        string earlier = ModelVersion.NewId(Noon);
        string later = ModelVersion.NewId(Noon.AddSeconds(1));

        Assert.True(string.CompareOrdinal(later, earlier) > 0);
    }

    [Fact]
    public void FromHash_SameModelAndTime_GivesSameIdFromHashPrefix()
    {
        string sha = ModelHash.Sha256("model"u8);

        Assert.Equal($"20261128T120000Z-{sha[..8]}", ModelVersion.FromHash(Noon, sha));
        Assert.Equal(ModelVersion.FromHash(Noon, sha), ModelVersion.FromHash(Noon, sha));
    }

    [Fact]
    public void FromHash_NotAHash_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>(() => ModelVersion.FromHash(Noon, "abc"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("../20261128T120000Z-3f2a9c1d")]
    [InlineData("20261128T120000Z-3F2A9C1D")]
    [InlineData("20261128T120000Z-3f2a9c1")]
    [InlineData("20261128T120000-3f2a9c1d")]
    [InlineData("current.json")]
    public void Validate_NotAVersionId_ThrowsArgumentWithExample(string version)
    {
        Assert.False(ModelVersion.IsValid(version));
        var ex = Assert.Throws<ArgumentException>(() => ModelVersion.Validate(version, nameof(version)));
        Assert.Contains("20261128T120000Z-3f2a9c1d", ex.Message, StringComparison.Ordinal);
    }
}
