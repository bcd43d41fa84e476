namespace FashionServerless.Trainer.Training;

/// <summary>Random geometric changes applied to each training batch, as in the reference study.</summary>
internal sealed record AugmentationOptions
{
    public static AugmentationOptions Default { get; } = new();

    public static AugmentationOptions Disabled { get; } = new() { Enabled = false };

    public bool Enabled { get; init; } = true;

    /// <summary>Rotation drawn uniformly from ±this many degrees.</summary>
    public double MaxRotationDegrees { get; init; } = 45;

    /// <summary>Horizontal and vertical shift drawn uniformly from ±this fraction of the image size.</summary>
    public double MaxShift { get; init; } = 0.1;

    /// <summary>Zoom factor per axis drawn uniformly from 1 ± this.</summary>
    public double MaxZoom { get; init; } = 0.2;

    /// <summary>Mirror left to right with probability one half.</summary>
    public bool HorizontalFlip { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRotationDegrees, nameof(MaxRotationDegrees));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxShift, nameof(MaxShift));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxZoom, nameof(MaxZoom));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(MaxZoom, 1, nameof(MaxZoom));
    }
}
