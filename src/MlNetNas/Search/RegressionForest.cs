namespace MlNetNas.Search;

/// <summary>
/// A random forest of regression trees (Breiman, 2001), the surrogate of SMAC-style tuners: each tree is grown on a
/// bootstrap sample, splitting on the best of a random subset of features by squared error. The spread of the trees'
/// predictions is the model's uncertainty.
/// </summary>
internal sealed class RegressionForest
{
    private readonly Tree[] _trees;

    private RegressionForest(Tree[] trees)
    {
        _trees = trees;
    }

    /// <summary>Grows <paramref name="treeCount"/> trees on rows <paramref name="x"/> with targets <paramref name="y"/>.</summary>
    public static RegressionForest Fit(
        IReadOnlyList<double[]> x, IReadOnlyList<double> y, Random random, int treeCount = 24, double featureFraction = 0.8, int minSplit = 3)
    {
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException($"A forest needs as many targets as rows, at least one; got {x.Count} rows and {y.Count} targets.", nameof(y));
        }

        var width = x[0].Length;
        var tryFeatures = Math.Max(1, (int)Math.Ceiling(width * featureFraction));
        var trees = new Tree[treeCount];
        for (var t = 0; t < treeCount; t++)
        {
            var sample = new int[x.Count];
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = random.Next(x.Count);
            }

            var tree = new Tree();
            tree.Grow(x, y, sample, random, tryFeatures, minSplit);
            trees[t] = tree;
        }

        return new RegressionForest(trees);
    }

    /// <summary>The mean and variance of the trees' predictions at <paramref name="row"/>.</summary>
    public (double Mean, double Variance) Predict(double[] row)
    {
        double sum = 0, sumSquares = 0;
        foreach (var tree in _trees)
        {
            var p = tree.Predict(row);
            sum += p;
            sumSquares += p * p;
        }

        var mean = sum / _trees.Length;
        return (mean, Math.Max(0, (sumSquares / _trees.Length) - (mean * mean)));
    }

    /// <summary>A binary tree in flat arrays: node i splits on feature <c>_feature[i]</c> at <c>_threshold[i]</c>, or is a leaf (feature -1).</summary>
    private sealed class Tree
    {
        private readonly List<int> _feature = [];
        private readonly List<double> _threshold = [];
        private readonly List<int> _left = [];
        private readonly List<int> _right = [];
        private readonly List<double> _value = [];

        public void Grow(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] rows, Random random, int tryFeatures, int minSplit)
        {
            var features = Enumerable.Range(0, x[0].Length).ToArray();
            Build(x, y, rows, random, features, tryFeatures, minSplit);
        }

        public double Predict(double[] row)
        {
            var node = 0;
            while (_feature[node] >= 0)
            {
                node = row[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
            }

            return _value[node];
        }

        private int Build(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] rows, Random random, int[] features, int tryFeatures, int minSplit)
        {
            var node = _feature.Count;
            var mean = rows.Average(r => y[r]);
            _feature.Add(-1);
            _threshold.Add(0);
            _left.Add(-1);
            _right.Add(-1);
            _value.Add(mean);
            if (rows.Length < minSplit)
            {
                return node;
            }

            // Partial Fisher–Yates: the first tryFeatures entries become a random subset.
            for (var i = 0; i < tryFeatures; i++)
            {
                var j = i + random.Next(features.Length - i);
                (features[i], features[j]) = (features[j], features[i]);
            }

            var bestGain = 1e-12;
            var bestFeature = -1;
            var bestThreshold = 0.0;
            var totalSum = rows.Sum(r => y[r]);
            var totalSquares = rows.Sum(r => y[r] * y[r]);
            var parentError = totalSquares - (totalSum * totalSum / rows.Length);
            var order = new int[rows.Length];
            for (var f = 0; f < tryFeatures; f++)
            {
                var feature = features[f];
                Array.Copy(rows, order, rows.Length);
                Array.Sort(order, (a, b) => x[a][feature].CompareTo(x[b][feature]));
                double leftSum = 0, leftSquares = 0;
                for (var i = 0; i < order.Length - 1; i++)
                {
                    var v = y[order[i]];
                    leftSum += v;
                    leftSquares += v * v;
                    var here = x[order[i]][feature];
                    var next = x[order[i + 1]][feature];
                    if (here == next)
                    {
                        continue;
                    }

                    var leftCount = i + 1;
                    var rightCount = order.Length - leftCount;
                    var rightSum = totalSum - leftSum;
                    var error = leftSquares - (leftSum * leftSum / leftCount) + (totalSquares - leftSquares) - (rightSum * rightSum / rightCount);
                    var gain = parentError - error;
                    if (gain > bestGain)
                    {
                        bestGain = gain;
                        bestFeature = feature;
                        // A random point between the two values, as in extra-trees, smooths the forest's response.
                        bestThreshold = here + ((next - here) * (0.25 + (0.5 * random.NextDouble())));
                    }
                }
            }

            if (bestFeature < 0)
            {
                return node;
            }

            var left = rows.Where(r => x[r][bestFeature] <= bestThreshold).ToArray();
            var right = rows.Where(r => x[r][bestFeature] > bestThreshold).ToArray();
            _feature[node] = bestFeature;
            _threshold[node] = bestThreshold;
            var l = Build(x, y, left, random, features, tryFeatures, minSplit);
            var r = Build(x, y, right, random, features, tryFeatures, minSplit);
            _left[node] = l;
            _right[node] = r;
            return node;
        }
    }
}
