namespace FashionServerless.Shared.Metrics;

/// <summary>One label's binary confusion counts over a set of samples, as scikit-learn's multilabel_confusion_matrix gives them.</summary>
public sealed record LabelCounts(string Label, long TrueNegatives, long FalsePositives, long FalseNegatives, long TruePositives)
{
    /// <summary>How many samples the counts cover.</summary>
    public long Total => TrueNegatives + FalsePositives + FalseNegatives + TruePositives;

    /// <summary>Samples that truly carry the label.</summary>
    public long Support => TruePositives + FalseNegatives;
}
