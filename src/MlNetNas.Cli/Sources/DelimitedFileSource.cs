using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Experiment.Candidates;

namespace MlNetNas.Cli.Sources;

/// <summary>A delimited data file read by column inference; the experiment searches its preprocessing (the tabular commands).</summary>
internal class DelimitedFileSource(MLContext ml, DataFileSchema schema) : ITrainingSource
{
    /// <summary>The inferred schema.</summary>
    public DataFileSchema Schema { get; } = schema;

    /// <inheritdoc />
    public IDataView Train { get; } = schema.Load(ml);

    /// <inheritdoc />
    public string LabelColumn => Schema.LabelColumn;

    /// <inheritdoc />
    public IReadOnlyList<string> Warnings => Schema.Warnings;

    /// <inheritdoc />
    public virtual string Summary => $"{Schema.Path}: {Schema.RowCount} rows, label '{Schema.LabelColumn}', "
        + $"{Schema.ColumnsOf(ColumnPurpose.Numeric).Count} numeric, {Schema.ColumnsOf(ColumnPurpose.Categorical).Count} categorical, "
        + $"{Schema.ColumnsOf(ColumnPurpose.Text).Count} text, {Schema.ColumnsOf(ColumnPurpose.Ignore).Count} ignored columns"
        + (Schema.Task == DataTask.Classification ? $", {Schema.ClassLabels.Count} classes" : string.Empty)
        + (Schema.DecimalMarker == ',' ? $"; cells separated by '{Schema.Separator}', numbers with a decimal comma (e.g. 5,1)" : string.Empty);

    /// <inheritdoc />
    public IDataLoader<IMultiStreamSource> CreateLoader(MLContext context) => Schema.CreateLoader(context);

    /// <inheritdoc />
    public DataFileLayout? Layout => Schema.Layout;

    /// <inheritdoc />
    public IDataView LoadLike(MLContext context, string path, ICollection<string> warnings) => Schema.Layout.LoadByName(context, path, requireLabel: true, warnings);

    /// <summary>The trainers this file gets in place of the command's (which <see cref="Configure"/> is given): the command's with "text" added for a file with text columns; null: the command's.</summary>
    public IReadOnlyList<string>? TrainerNames { get; init; }

    /// <inheritdoc />
    public virtual void Configure(NasExperiment experiment, IReadOnlyList<string> trainers)
    {
        string[] text = [.. Schema.ColumnsOf(ColumnPurpose.Text).Select(c => c.Name)];
        experiment.SetPreprocessingSpace(Schema).SetTrainers((TrainerNames ?? trainers).Select(n => n == "text" ? new TextNasCandidate(text) : CandidateTrainers.Create(n)).ToArray());
    }
}
