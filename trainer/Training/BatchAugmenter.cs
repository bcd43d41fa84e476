using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// Augments a whole batch in one warp: each image gets its own random rotation, zoom, shift and mirror as one affine
/// matrix, and <c>affine_grid</c> + <c>grid_sample</c> resample all images at once. Pixels pulled in from outside are
/// white (the padding colour of <c>--resize pad</c> and the photos' background): the warp runs on the inverted image
/// with zero fill and inverts back. Random numbers come from the augmenter's own generator, so the same seed gives the
/// same batches.
/// </summary>
internal sealed class BatchAugmenter : IDisposable
{
    private const double MinErasedArea = 0.02, MaxErasedArea = 0.2, MaxErasedAspect = 3.3;

    private readonly AugmentationOptions _options;
    private readonly Generator _generator;

    public BatchAugmenter(AugmentationOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _generator = new Generator(unchecked((ulong)seed));
    }

    /// <summary>Returns an augmented copy of <paramref name="batch"/> (<c>[B,C,H,W]</c> in [0,1]), or a view of it when augmentation is off.</summary>
    public Tensor Apply(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.dim() != 4)
        {
            throw new ArgumentException($"Expected a [B,C,H,W] batch; got [{string.Join(",", batch.shape)}].", nameof(batch));
        }

        if (!_options.Enabled)
        {
            return batch.alias();
        }

        using DisposeScope scope = NewDisposeScope();
        Tensor theta = AffineMatrices(batch.shape[0]).to(batch.device);
        Tensor grid = affine_grid(theta, batch.shape, align_corners: false);
        Tensor inverted = 1 - batch;
        Tensor warped = grid_sample(inverted, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
        Tensor result = 1 - warped;
        if (_options.EraseProbability > 0)
        {
            result = Erase(result);
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Replaces one random rectangle per chosen image with uniform noise. The rectangles are masks built by comparing
    /// each pixel's row and column with per-image bounds, so the whole batch is erased in a few tensor operations.
    /// </summary>
    private Tensor Erase(Tensor images)
    {
        long count = images.shape[0], height = images.shape[2], width = images.shape[3];
        Tensor area = (rand(count, generator: _generator) * (MaxErasedArea - MinErasedArea)) + MinErasedArea;
        Tensor aspect = ((rand(count, generator: _generator) * (2 * Math.Log(MaxErasedAspect))) - Math.Log(MaxErasedAspect)).exp();
        Tensor boxHeight = ((area * aspect).sqrt() * height).clamp_max(height);
        Tensor boxWidth = ((area / aspect).sqrt() * width).clamp_max(width);
        Tensor top = rand(count, generator: _generator) * (height - boxHeight);
        Tensor left = rand(count, generator: _generator) * (width - boxWidth);
        Tensor chosen = rand(count, generator: _generator).lt(_options.EraseProbability);

        Tensor rows = arange(height, dtype: ScalarType.Float32).view(1, height, 1);
        Tensor columns = arange(width, dtype: ScalarType.Float32).view(1, 1, width);
        Tensor inRows = rows.ge(top.view(-1, 1, 1)).logical_and(rows.lt((top + boxHeight).view(-1, 1, 1)));
        Tensor inColumns = columns.ge(left.view(-1, 1, 1)).logical_and(columns.lt((left + boxWidth).view(-1, 1, 1)));
        Tensor mask = inRows.logical_and(inColumns).logical_and(chosen.view(-1, 1, 1)).unsqueeze(1).to(images.device);
        Tensor noise = rand(images.shape, generator: _generator).to(images.device);
        return where(mask, noise, images);
    }

    /// <summary>
    /// Per-image <c>[2,3]</c> matrices mapping output to input coordinates in [-1,1] space: rotation times one zoom
    /// factor (x negated to mirror), plus a shift (a fraction f of the size is 2f in this space).
    /// </summary>
    private Tensor AffineMatrices(long count)
    {
        Tensor angle = Uniform(count) * (_options.MaxRotationDegrees * Math.PI / 180);
        Tensor zoom = 1 + (Uniform(count) * _options.MaxZoom);
        Tensor shiftX = Uniform(count) * (2 * _options.MaxShift);
        Tensor shiftY = Uniform(count) * (2 * _options.MaxShift);
        Tensor mirror = rand(count, generator: _generator).lt(_options.HorizontalFlip ? 0.5 : 0).to_type(ScalarType.Float32) * -2 + 1;
        Tensor cos = angle.cos() * zoom, sin = angle.sin() * zoom;
        Tensor firstRow = stack([cos * mirror, -sin, shiftX], dim: 1);
        Tensor secondRow = stack([sin * mirror, cos, shiftY], dim: 1);
        return stack([firstRow, secondRow], dim: 1);
    }

    /// <summary>Uniform in [-1, 1).</summary>
    private Tensor Uniform(long count) => (rand(count, generator: _generator) * 2) - 1;

    public void Dispose() => _generator.Dispose();
}
