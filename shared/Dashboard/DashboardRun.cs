namespace FashionServerless.Shared.Dashboard;

/// <summary>One evaluation run's headline figures: the labelled set and live reviewed traffic side by side.</summary>
/// <param name="ModelVersion">The version evaluated.</param>
/// <param name="CompletedAt">When the run ended.</param>
/// <param name="LabelledImages">Images of the labelled set scored.</param>
/// <param name="LabelledMicroF1">Micro-F1 on the labelled set; null when nothing was scored.</param>
/// <param name="LabelledMacroF1">Macro-F1 on the labelled set.</param>
/// <param name="LabelledExactMatch">Exact match on the labelled set.</param>
/// <param name="LiveReviews">Reviewed uploads the evaluated version predicted.</param>
/// <param name="LiveMicroF1">Micro-F1 of the evaluated version on reviewed uploads; null without reviews.</param>
/// <param name="LiveMacroF1">Macro-F1 on reviewed uploads.</param>
/// <param name="LiveExactMatch">Exact match on reviewed uploads.</param>
/// <param name="TrafficRecords">Prediction records in the run's traffic window.</param>
/// <param name="RejectionRate">Rejected share of them.</param>
public sealed record DashboardRun(
    string ModelVersion,
    DateTimeOffset CompletedAt,
    long LabelledImages,
    double? LabelledMicroF1,
    double? LabelledMacroF1,
    double? LabelledExactMatch,
    long LiveReviews,
    double? LiveMicroF1,
    double? LiveMacroF1,
    double? LiveExactMatch,
    long TrafficRecords,
    double RejectionRate);
