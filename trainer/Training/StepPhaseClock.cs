using System.Diagnostics;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// Where an optimisation step's time goes, summed over the steps it watched: gathering the batch, augmenting (and
/// mixing) it, the forward pass with the loss, the backward pass, and the optimiser's update with the schedule.
/// CPU tensors compute when an operation is called, so timestamps between the calls split the work exactly.
/// </summary>
internal sealed class StepPhaseClock
{
    public const int Phases = 5;

    public static IReadOnlyList<string> PhaseNames { get; } = ["gather batch", "augment", "forward + loss", "backward", "optimiser update"];

    private readonly long[] _ticks = new long[Phases];
    private long _last;

    public int Steps { get; private set; }

    /// <summary>Seconds spent in each phase over all steps watched.</summary>
    public IReadOnlyList<double> Seconds => [.. _ticks.Select(t => t / (double)Stopwatch.Frequency)];

    internal void Start() => _last = Stopwatch.GetTimestamp();

    internal void Lap(int phase)
    {
        long now = Stopwatch.GetTimestamp();
        _ticks[phase] += now - _last;
        _last = now;
        if (phase == Phases - 1)
        {
            Steps++;
        }
    }
}
