using Microsoft.ML;
using MlNetNas.Experiment;

namespace MlNetNas;

/// <summary>The entry point of MlNetNas on an <see cref="MLContext"/>: <c>mlContext.Nas()</c>.</summary>
public sealed class NasCatalog
{
    internal NasCatalog(MLContext mlContext)
    {
        Context = mlContext;
        Trainers = new NasTrainersCatalog(mlContext);
    }

    /// <summary>The ML.NET context this catalog works in.</summary>
    public MLContext Context { get; }

    /// <summary>Trainers that train one neural architecture inside any ML.NET pipeline.</summary>
    public NasTrainersCatalog Trainers { get; }

    /// <summary>Creates an AutoML experiment in which NAS candidates compete with classic ML.NET trainers.</summary>
    public NasExperiment CreateExperiment() => new(Context);
}
