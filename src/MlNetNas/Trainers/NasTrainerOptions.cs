using MlNetNas.Architectures;
using MlNetNas.Architectures.Families;
using MlNetNas.Training;

namespace MlNetNas.Trainers;

/// <summary>Options of the NAS trainers: which columns to read, which architecture to train and how.</summary>
public sealed record NasTrainerOptions
{
    /// <summary>The label column (Boolean for binary, key for multiclass, Single for regression). Default "Label".</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The feature column: a known-size vector of Single. Default "Features".</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>The MLP to train when <see cref="Design"/> is not set. Default: two hidden layers (256, 128), ReLU.</summary>
    public MlpOptions Architecture { get; init; } = new();

    /// <summary>
    /// The architecture to train, of any family (e.g. <see cref="CellOptions"/> for images); null trains
    /// <see cref="Architecture"/>.
    /// </summary>
    public IArchitectureDesign? Design { get; init; }

    /// <summary>
    /// How the network reads the feature vector: null for a plain vector, or an image shape (e.g.
    /// <c>InputSpec.Image(1, 8, 8)</c>) whose planes the vector holds one after another, as ML.NET's
    /// <c>ExtractPixels</c> writes them.
    /// </summary>
    public InputSpec? Input { get; init; }

    /// <summary>Optimizer, schedule, epochs, early stopping, seed and device.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>
    /// The fraction of the rows given to <c>Fit</c> held out for early stopping when no
    /// <see cref="ValidationData"/> is set. Default 0.1.
    /// </summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Rows (already through the same preprocessing) to early-stop on instead of a held-out fraction.</summary>
    public Microsoft.ML.IDataView? ValidationData { get; init; }

    /// <summary>
    /// Train on the fit data and <see cref="ValidationData"/> together with no early stopping,
    /// keeping the last weights (stop it with the fit's epoch callback): the "refit on all data" step after a search has chosen the settings.
    /// </summary>
    public bool TrainOnValidationData { get; init; }
}
