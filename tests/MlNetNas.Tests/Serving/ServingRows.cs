using Microsoft.ML.Data;

namespace MlNetNas.Tests.Serving;

/// <summary>An iris row as an app holds it: the training file's feature columns by name.</summary>
public sealed class IrisRow
{
    [ColumnName("sepal_length")]
    public float SepalLength { get; set; }

    [ColumnName("sepal_width")]
    public float SepalWidth { get; set; }

    [ColumnName("petal_length")]
    public float PetalLength { get; set; }

    [ColumnName("petal_width")]
    public float PetalWidth { get; set; }
}

/// <summary>A breast_cancer row without its label.</summary>
public sealed class CancerRow
{
    [ColumnName("mean_radius")]
    public float MeanRadius { get; set; }

    [ColumnName("mean_texture")]
    public float MeanTexture { get; set; }

    [ColumnName("mean_perimeter")]
    public float MeanPerimeter { get; set; }

    [ColumnName("mean_area")]
    public float MeanArea { get; set; }

    [ColumnName("mean_smoothness")]
    public float MeanSmoothness { get; set; }

    [ColumnName("mean_compactness")]
    public float MeanCompactness { get; set; }

    [ColumnName("mean_concavity")]
    public float MeanConcavity { get; set; }

    [ColumnName("mean_concave_points")]
    public float MeanConcavePoints { get; set; }

    [ColumnName("mean_symmetry")]
    public float MeanSymmetry { get; set; }

    [ColumnName("mean_fractal_dimension")]
    public float MeanFractalDimension { get; set; }

    [ColumnName("radius_error")]
    public float RadiusError { get; set; }

    [ColumnName("texture_error")]
    public float TextureError { get; set; }

    [ColumnName("perimeter_error")]
    public float PerimeterError { get; set; }

    [ColumnName("area_error")]
    public float AreaError { get; set; }

    [ColumnName("smoothness_error")]
    public float SmoothnessError { get; set; }

    [ColumnName("compactness_error")]
    public float CompactnessError { get; set; }

    [ColumnName("concavity_error")]
    public float ConcavityError { get; set; }

    [ColumnName("concave_points_error")]
    public float ConcavePointsError { get; set; }

    [ColumnName("symmetry_error")]
    public float SymmetryError { get; set; }

    [ColumnName("fractal_dimension_error")]
    public float FractalDimensionError { get; set; }

    [ColumnName("worst_radius")]
    public float WorstRadius { get; set; }

    [ColumnName("worst_texture")]
    public float WorstTexture { get; set; }

    [ColumnName("worst_perimeter")]
    public float WorstPerimeter { get; set; }

    [ColumnName("worst_area")]
    public float WorstArea { get; set; }

    [ColumnName("worst_smoothness")]
    public float WorstSmoothness { get; set; }

    [ColumnName("worst_compactness")]
    public float WorstCompactness { get; set; }

    [ColumnName("worst_concavity")]
    public float WorstConcavity { get; set; }

    [ColumnName("worst_concave_points")]
    public float WorstConcavePoints { get; set; }

    [ColumnName("worst_symmetry")]
    public float WorstSymmetry { get; set; }

    [ColumnName("worst_fractal_dimension")]
    public float WorstFractalDimension { get; set; }
}
