using FashionServerless.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Tests.Training;

public sealed class BatchAugmenterTests
{
    private static Tensor Batch()
    {
        using var generator = new Generator(123);
        return rand([6, 3, 32, 32], generator: generator);
    }

    [Fact]
    public void Apply_Enabled_KeepsShapeAndChangesImages()
    {
        using Tensor batch = Batch();
        using var augmenter = new BatchAugmenter(AugmentationOptions.Default, seed: 1);

        using Tensor augmented = augmenter.Apply(batch);

        Assert.Equal(batch.shape, augmented.shape);
        Assert.Equal(ScalarType.Float32, augmented.dtype);
        Assert.True((augmented - batch).abs().max().item<float>() > 0.1f);
    }

    [Fact]
    public void Apply_Disabled_ReturnsTheSameValues()
    {
        using Tensor batch = Batch();
        using var augmenter = new BatchAugmenter(AugmentationOptions.Disabled, seed: 1);

        using Tensor augmented = augmenter.Apply(batch);

        Assert.True(augmented.eq(batch).all().item<bool>());
    }

    [Fact]
    public void Apply_NoRotationShiftZoomOrFlip_IsTheIdentityWarp()
    {
        using Tensor batch = Batch();
        var still = new AugmentationOptions { MaxRotationDegrees = 0, MaxShift = 0, MaxZoom = 0, HorizontalFlip = false };
        using var augmenter = new BatchAugmenter(still, seed: 1);

        using Tensor augmented = augmenter.Apply(batch);

        Assert.True(augmented.allclose(batch, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Apply_FlipOnly_MirrorsSomeImagesLeftToRightAndLeavesTheOthers()
    {
        using Tensor batch = Batch();
        var flipOnly = new AugmentationOptions { MaxRotationDegrees = 0, MaxShift = 0, MaxZoom = 0, HorizontalFlip = true };
        using var augmenter = new BatchAugmenter(flipOnly, seed: 5);

        using Tensor augmented = augmenter.Apply(batch);

        int mirrored = 0, unchanged = 0;
        for (int i = 0; i < 6; i++)
        {
            using Tensor original = batch[i];
            using Tensor result = augmented[i];
            using Tensor flipped = original.flip(2);
            mirrored += result.allclose(flipped, rtol: 0, atol: 1e-5) ? 1 : 0;
            unchanged += result.allclose(original, rtol: 0, atol: 1e-5) ? 1 : 0;
        }

        Assert.Equal(6, mirrored + unchanged);
        Assert.InRange(mirrored, 1, 5);
    }

    [Fact]
    public void Apply_SameSeed_SameOutput_OtherSeed_OtherOutput()
    {
        using Tensor batch = Batch();
        using var first = new BatchAugmenter(AugmentationOptions.Default, seed: 9);
        using var second = new BatchAugmenter(AugmentationOptions.Default, seed: 9);
        using var third = new BatchAugmenter(AugmentationOptions.Default, seed: 10);

        using Tensor a = first.Apply(batch);
        using Tensor b = second.Apply(batch);
        using Tensor c = third.Apply(batch);

        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.allclose(c));
    }

    [Fact]
    public void Apply_WhiteImage_StaysWhiteBecauseWhatMovesInIsWhite()
    {
        using Tensor white = ones(4, 3, 24, 24);
        using var augmenter = new BatchAugmenter(AugmentationOptions.Default, seed: 3);

        using Tensor augmented = augmenter.Apply(white);

        Assert.True(augmented.min().item<float>() > 0.999f);
    }

    [Fact]
    public void Apply_ShiftedBlackImage_FillsTheUncoveredSideWithWhiteNotTheBorder()
    {
        // Border fill would smear the black edge pixels across the gap; the padding colour is white.
        using Tensor black = zeros(8, 3, 32, 32);
        var shiftOnly = new AugmentationOptions { MaxRotationDegrees = 0, MaxShift = 0.25, MaxZoom = 0, HorizontalFlip = false };
        using var augmenter = new BatchAugmenter(shiftOnly, seed: 4);

        using Tensor augmented = augmenter.Apply(black);

        Assert.True(augmented.max().item<float>() > 0.99f, "no white entered the frame");
        Assert.True(augmented.min().item<float>() < 0.01f, "the image itself should stay black");
    }

    [Fact]
    public void Apply_ZoomOnly_ScalesBothAxesByTheSameFactor()
    {
        // A centred black square: after a zoom its width and height stay equal, so a garment's height/width ratio survives.
        using Tensor batch = ones(16, 3, 64, 64);
        using (no_grad())
        {
            batch[.., .., 16..48, 16..48] = zeros(1);
        }

        var zoomOnly = new AugmentationOptions { MaxRotationDegrees = 0, MaxShift = 0, MaxZoom = 0.3, HorizontalFlip = false };
        using var augmenter = new BatchAugmenter(zoomOnly, seed: 8);

        using Tensor augmented = augmenter.Apply(batch);

        for (int i = 0; i < 16; i++)
        {
            using Tensor dark = augmented[i, 0].lt(0.5f);
            long height = dark.any(1).sum().item<long>();
            long width = dark.any(0).sum().item<long>();
            Assert.InRange(Math.Abs(height - width), 0, 1);
        }
    }

    [Fact]
    public void Apply_EraseAlways_ReplacesOneRectangleOfEachImageAndNothingElse()
    {
        using Tensor white = ones(32, 3, 48, 48);
        var eraseOnly = new AugmentationOptions { MaxRotationDegrees = 0, MaxShift = 0, MaxZoom = 0, HorizontalFlip = false, EraseProbability = 1 };
        using var augmenter = new BatchAugmenter(eraseOnly, seed: 6);

        using Tensor augmented = augmenter.Apply(white);

        for (int i = 0; i < 32; i++)
        {
            // Noise is below 0.999 almost everywhere, so the changed pixels outline the erased box.
            using Tensor changed = augmented[i].lt(0.999f).any(0);
            long rows = changed.any(1).sum().item<long>(), columns = changed.any(0).sum().item<long>();
            double area = changed.sum().item<long>() / (48.0 * 48.0);
            Assert.InRange(area, 0.01, 0.22);
            Assert.InRange(changed.sum().item<long>(), (long)(rows * columns * 0.97), rows * columns);
        }
    }

    [Fact]
    public void Apply_EraseProbabilityZero_GivesExactlyTheWarpWithoutErasing()
    {
        using Tensor batch = Batch();
        using var plain = new BatchAugmenter(AugmentationOptions.Default, seed: 2);
        using var zeroErase = new BatchAugmenter(AugmentationOptions.Default with { EraseProbability = 0 }, seed: 2);
        using var someErase = new BatchAugmenter(AugmentationOptions.Default with { EraseProbability = 0.5 }, seed: 2);

        using Tensor a = plain.Apply(batch);
        using Tensor b = zeroErase.Apply(batch);
        using Tensor c = someErase.Apply(batch);

        Assert.True(a.eq(b).all().item<bool>());
        Assert.False(a.eq(c).all().item<bool>());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void Constructor_EraseProbabilityOutsideZeroToOne_ThrowsNamingIt(double probability)
    {
        var options = AugmentationOptions.Default with { EraseProbability = probability };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new BatchAugmenter(options, seed: 1));

        Assert.Contains("erase probability", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_NotABatchOfImages_Throws()
    {
        using Tensor flat = zeros(3, 24, 24);
        using var augmenter = new BatchAugmenter(AugmentationOptions.Default, seed: 3);

        Assert.Throws<ArgumentException>(() => augmenter.Apply(flat));
    }
}
