namespace MlNetNas.Tests.Architectures;

/// <summary>Compares floats as equal within an absolute tolerance (for Assert.Equal over sequences).</summary>
internal sealed class FloatTolerance(double tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;
}
