using Microsoft.ML;

namespace MlNetNas;

/// <summary>Adds <c>Nas()</c> to <see cref="MLContext"/>, as ML.NET AutoML adds <c>Auto()</c>.</summary>
public static class MLContextExtensions
{
    /// <summary>The MlNetNas catalog of this context.</summary>
    public static NasCatalog Nas(this MLContext mlContext) => new(mlContext);
}
