using FashionServerless.Trainer.Data;

namespace FashionServerless.Trainer.Tests.Data;

public sealed class DatasetFingerprintTests
{
    [Fact]
    public void Compute_SameImagesInAnyOrder_SameFingerprint()
    {
        (string, string, string)[] images = [("black_dress", "a.jpg", "01"), ("blue_shirt", "b.jpg", "02"), ("black_dress", "c.jpg", "03")];

        Assert.Equal(DatasetFingerprint.Compute(images), DatasetFingerprint.Compute(images.Reverse()));
    }

    [Theory]
    [InlineData("blue_dress", "a.jpg", "01")]
    [InlineData("black_dress", "z.jpg", "01")]
    [InlineData("black_dress", "a.jpg", "ff")]
    public void Compute_ClassNameOrContentDiffers_FingerprintDiffers(string classFolder, string fileName, string hash)
    {
        Assert.NotEqual(DatasetFingerprint.Compute([("black_dress", "a.jpg", "01")]), DatasetFingerprint.Compute([(classFolder, fileName, hash)]));
    }
}
