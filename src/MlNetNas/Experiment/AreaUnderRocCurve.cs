namespace MlNetNas.Experiment;

/// <summary>The area under the ROC curve from scores and 0/1 truths (Mann–Whitney U with tied ranks averaged).</summary>
public static class AreaUnderRocCurve
{
    /// <summary>The AUC; NaN when only one class is present.</summary>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positives)
    {
        if (scores.Count != positives.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {positives.Count} labels.");
        }

        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        int start = 0;
        while (start < order.Length)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            double averageRank = ((start + end) / 2.0) + 1;
            for (int i = start; i <= end; i++)
            {
                if (positives[order[i]])
                {
                    rankSum += averageRank;
                }
            }

            start = end + 1;
        }

        long positive = positives.Count(p => p);
        long negative = positives.Count - positive;
        return positive == 0 || negative == 0
            ? double.NaN
            : (rankSum - (positive * (positive + 1) / 2.0)) / (positive * (double)negative);
    }
}
