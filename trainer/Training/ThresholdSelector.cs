namespace FashionServerless.Trainer.Training;

/// <summary>
/// Chooses each label's decision threshold on validation scores to maximise that label's F1. Candidates are 0.5
/// and the midpoints between consecutive distinct scores (with 0 and 1 as outer bounds), so a threshold never sits
/// on a validation score; among equally good thresholds the one closest to 0.5 wins.
/// </summary>
internal static class ThresholdSelector
{
    public const float Default = 0.5f;

    public static float[] Select(float[][] scores, float[][] targets, int labelCount)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(targets);
        return [.. Enumerable.Range(0, labelCount).Select(label => SelectOne(scores, targets, label))];
    }

    private static float SelectOne(float[][] scores, float[][] targets, int label)
    {
        if (!targets.Any(t => t[label] >= 0.5f))
        {
            // No positives to find: any threshold above every score is perfect; keep 0.5 when it already is.
            float highest = scores.Length == 0 ? 0 : scores.Max(s => s[label]);
            return highest < Default ? Default : (float)((highest + 1.0) / 2);
        }

        double[] distinct = [0.0, .. scores.Select(s => (double)s[label]).Distinct().Order(), 1.0];
        var candidates = new List<float> { Default };
        for (int i = 1; i < distinct.Length; i++)
        {
            candidates.Add((float)((distinct[i - 1] + distinct[i]) / 2));
        }

        float best = Default;
        double bestF1 = -1;
        foreach (float candidate in candidates)
        {
            (int tp, int fp, int fn) = Count(scores, targets, label, candidate);
            double f1 = F1(tp, fp, fn);
            bool better = f1 > bestF1 + 1e-12;
            bool tieButCloser = Math.Abs(f1 - bestF1) <= 1e-12 && Math.Abs(candidate - Default) < Math.Abs(best - Default);
            if (better || tieButCloser)
            {
                best = candidate;
                bestF1 = f1;
            }
        }

        return best;
    }

    private static (int Tp, int Fp, int Fn) Count(float[][] scores, float[][] targets, int label, float threshold)
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

    /// <summary>2TP / (2TP + FP + FN), as the shared metrics compute it.</summary>
    private static double F1(int tp, int fp, int fn) => tp + fp + fn == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
}
