namespace FashionServerless.Trainer.Training;

/// <summary>Micro and macro F1 of multi-label scores at per-label thresholds (a score at or above its threshold is a positive).</summary>
internal static class MultiLabelF1
{
    public static (double Micro, double Macro) Compute(float[][] scores, float[][] targets, IReadOnlyList<float> thresholds)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (scores.Length != targets.Length)
        {
            throw new ArgumentException($"{scores.Length} score rows but {targets.Length} target rows.");
        }

        int labels = thresholds.Count;
        long totalTp = 0, totalFp = 0, totalFn = 0;
        double macro = 0;
        for (int label = 0; label < labels; label++)
        {
            (int tp, int fp, int fn) = Count(scores, targets, label, thresholds[label]);
            totalTp += tp;
            totalFp += fp;
            totalFn += fn;
            macro += F1(tp, fp, fn);
        }

        return (F1(totalTp, totalFp, totalFn), labels == 0 ? 0 : macro / labels);
    }

    /// <summary>True positives, false positives and false negatives of one label.</summary>
    public static (int Tp, int Fp, int Fn) Count(float[][] scores, float[][] targets, int label, float threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int row = 0; row < scores.Length; row++)
        {
            bool predicted = scores[row][label] >= threshold;
            bool actual = targets[row][label] >= 0.5f;
            tp += predicted && actual ? 1 : 0;
            fp += predicted && !actual ? 1 : 0;
            fn += !predicted && actual ? 1 : 0;
        }

        return (tp, fp, fn);
    }

    /// <summary>2TP / (2TP + FP + FN); 0 when there is nothing to find and nothing was predicted, as scikit-learn reports.</summary>
    public static double F1(long tp, long fp, long fn) => tp + fp + fn == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
}
