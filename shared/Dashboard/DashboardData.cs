using FashionServerless.Shared.Evaluation;

namespace FashionServerless.Shared.Dashboard;

/// <summary>Everything the dashboard page shows; written beside it as <c>dashboard/data.json</c>.</summary>
public sealed record DashboardData
{
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Every evaluation run found, oldest first (at most <see cref="DashboardReader.MaxRuns"/>).</summary>
    public required IReadOnlyList<DashboardRun> Runs { get; init; }

    /// <summary>The newest report: label rates and drift, rejections by reason, live accuracy per model version. Null before the first run.</summary>
    public EvaluationReport? Latest { get; init; }

    /// <summary>The newest rejected uploads, newest first.</summary>
    public required IReadOnlyList<RecentRejection> RecentRejections { get; init; }
}
