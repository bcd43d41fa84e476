using System.Globalization;
using System.Text.Json;
using FashionServerless.Shared.Manifest;
using FashionServerless.Trainer.Training;

namespace FashionServerless.Trainer.Cli.Train;

/// <summary>
/// Reports each epoch as it ends: a line for people, a JSON line in <c>training.jsonl</c> (and the <c>--json-log</c>)
/// for machines, and, on an interactive console, a live bar over the epoch in progress (after every optimiser step) that
/// the epoch's line replaces. Reports arrive synchronously on the training thread, so lines never interleave.
/// </summary>
internal sealed class TrainingProgress : IProgress<EpochMetrics>, IProgress<TrainingStep>, IDisposable
{
    private const int BarWidth = 30;
    private readonly CliContext _context;
    private readonly StreamWriter _trainingLog;
    private readonly List<EpochMetrics> _epochs = [];
    private int _barLength;

    public TrainingProgress(CliContext context, string trainingLogPath)
    {
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _trainingLog = new StreamWriter(trainingLogPath, append: false) { AutoFlush = true };
    }

    public IReadOnlyList<EpochMetrics> Epochs => _epochs;

    public void Report(EpochMetrics value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _epochs.Add(value);
        _trainingLog.WriteLine(JsonSerializer.Serialize(new { @event = "epoch", value }, ManifestJson.CompactOptions));
        _context.Event("epoch", value);
        ClearBar();
        _context.Info(FormatLine(value));
    }

    public void Report(TrainingStep value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!_context.Interactive)
        {
            return;
        }

        string bar = Bar(value);
        _context.Output.Write("\r" + bar.PadRight(_barLength));
        _context.Output.Flush();
        _barLength = bar.Length;
    }

    /// <summary>Removes the live bar so that ordinary output starts on a clean line.</summary>
    public void ClearBar()
    {
        if (_barLength > 0)
        {
            _context.Output.Write("\r" + new string(' ', _barLength) + "\r");
            _barLength = 0;
        }
    }

    public static string FormatLine(EpochMetrics e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string validation = e.Validation is { } v
            ? string.Create(CultureInfo.InvariantCulture, $"  val loss {v.Loss:0.0000}  val micro-F1 {v.MicroF1:0.0000}  macro-F1 {v.MacroF1:0.0000}  exact {v.ExactMatch:0.0000}")
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {e.Epoch,3}/{e.Epochs}  loss {e.TrainLoss:0.0000}{validation}  lr {e.LearningRate:0.0E+0}  {e.ImagesPerSecond,6:0.0} img/s  {e.Elapsed.TotalSeconds:0.0}s  "
            + $"ETA {e.EstimatedRemaining:hh\\:mm\\:ss}");
    }

    public static string Bar(TrainingStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        int filled = (int)Math.Round(BarWidth * step.ImagesDone / (double)Math.Max(step.ImagesTotal, 1));
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {step.Epoch,3}/{step.MaxEpochs} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {step.ImagesDone}/{step.ImagesTotal} images  loss {step.RunningLoss:0.0000}");
    }

    public void Dispose()
    {
        ClearBar();
        _trainingLog.Dispose();
    }
}
