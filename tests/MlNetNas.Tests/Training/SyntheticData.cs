using MlNetNas.Training;

namespace MlNetNas.Tests.Training;

/// <summary>Small seeded problems with a known answer.</summary>
internal static class SyntheticData
{
    /// <summary>Three Gaussian blobs in <paramref name="width"/> dimensions; targets are class indices.</summary>
    public static TrainingData Blobs(int rows, int width, int seed, int classes = 3)
    {
        var rng = new Random(seed);
        var features = new float[rows * width];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = r % classes;
            targets[r] = c;
            for (int j = 0; j < width; j++)
            {
                double center = j % classes == c ? 2.5 : 0;
                features[(r * width) + j] = (float)(center + Gaussian(rng));
            }
        }

        return new TrainingData(features, width, targets);
    }

    /// <summary>y = 3·x0 − 2·x1 + 10 + small noise.</summary>
    public static TrainingData Linear(int rows, int width, int seed)
    {
        var rng = new Random(seed);
        var features = new float[rows * width];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < width; j++)
            {
                features[(r * width) + j] = (float)Gaussian(rng);
            }

            targets[r] = (float)((3 * features[r * width]) - (2 * features[(r * width) + 1]) + 10 + (0.05 * Gaussian(rng)));
        }

        return new TrainingData(features, width, targets);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
