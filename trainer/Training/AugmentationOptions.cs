namespace FashionServerless.Trainer.Training;

/// <summary>
/// Random geometric changes applied to each training batch. Label-safe by design: one zoom factor for both axes keeps
/// a garment's height/width ratio (what tells shorts from pants and dresses once images are padded), rotations are
/// small so a padded garment's hems stay in the frame, and what moves in from outside is white, the padding colour.
/// </summary>
internal sealed record AugmentationOptions
{
    public static AugmentationOptions Default { get; } = new();

    public static AugmentationOptions Disabled { get; } = new() { Enabled = false };

    public bool Enabled { get; init; } = true;

    /// <summary>Rotation drawn uniformly from ±this many degrees.</summary>
    public double MaxRotationDegrees { get; init; } = 10;

    /// <summary>Horizontal and vertical shift drawn uniformly from ±this fraction of the image size.</summary>
    public double MaxShift { get; init; } = 0.1;

    /// <summary>One zoom factor for both axes, drawn uniformly from 1 ± this.</summary>
    public double MaxZoom { get; init; } = 0.1;

    /// <summary>Mirror left to right with probability one half.</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>
    /// Probability that an image gets one rectangle (2-20 % of its area, aspect 0.3-3.3) replaced by noise. Noise rather
    /// than white so an erased hem does not look like the end of a garment: shorter pants must not look like shorts.
    /// </summary>
    public double EraseProbability { get; init; }

    public string Describe() => Enabled
        ? FormattableString.Invariant($"rotation ±{MaxRotationDegrees}°, shift ±{MaxShift}, zoom ±{MaxZoom} (both axes), hflip {HorizontalFlip}, white fill")
            + (EraseProbability > 0 ? FormattableString.Invariant($", noise erase p {EraseProbability}") : "")
        : "off";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRotationDegrees, nameof(MaxRotationDegrees));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRotationDegrees, 180, nameof(MaxRotationDegrees));
        if (MaxShift is < 0 or > 0.5)
        {
            throw new ArgumentException($"The shift range must be in [0, 0.5] of the input side: a larger shift moves the garment out of the frame; got {MaxShift}.");
        }

        if (MaxZoom is < 0 or >= 1)
        {
            throw new ArgumentException($"The zoom range must be in [0, 1): a zoom of 1 +/- it must stay positive; got {MaxZoom}.");
        }

        if (EraseProbability is < 0 or > 1 || double.IsNaN(EraseProbability))
        {
            throw new ArgumentException($"The erase probability must be in [0, 1]; got {EraseProbability}.");
        }
    }
}
