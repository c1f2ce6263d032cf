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

    /// <summary>
    /// Grey <paramref name="side"/>×<paramref name="side"/> pictures of three textures, noisy and randomly shifted:
    /// horizontal stripes (class 0), vertical stripes (1) and a checkerboard (2). A convolution sees them; position does not matter.
    /// </summary>
    public static TrainingData Stripes(int rows, int side, int seed)
    {
        var rng = new Random(seed);
        var features = new float[rows * side * side];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = r % 3;
            int shift = rng.Next(2);
            targets[r] = c;
            for (int y = 0; y < side; y++)
            {
                for (int x = 0; x < side; x++)
                {
                    int on = c switch { 0 => y + shift, 1 => x + shift, _ => x + y + shift } % 2;
                    features[(r * side * side) + (y * side) + x] = (float)(on + (0.3 * Gaussian(rng)));
                }
            }
        }

        return new TrainingData(features, side * side, targets);
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
