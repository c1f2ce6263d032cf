using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetNas.Data;
using MlNetNas.Experiment;
using MlNetNas.Reporting;
using MlNetNas.Trainers;

namespace MlNetNas.Onnx.Pipeline;

/// <summary>
/// Scores rows of raw columns with a pipeline.onnx in ONNX Runtime, all rows in one call (one <c>[N, 1]</c> tensor per
/// column): the batched path that permutation importance and the export check use. One session, reused.
/// </summary>
public sealed class PipelineOnnxScorer : IDisposable
{
    private readonly InferenceSession session;
    private readonly DataFileLayout layout;

    /// <summary>A scorer of <paramref name="pipeline"/>, reading rows laid out as <paramref name="layout"/>.</summary>
    public PipelineOnnxScorer(byte[] pipeline, DataFileLayout layout)
    {
        session = new InferenceSession(pipeline);
        this.layout = layout;
    }

    /// <summary>The predicted labels (empty for regression) and the values of output <paramref name="scoreOutput"/>, row-major.</summary>
    public (string[] Labels, float[] Scores) Run(IDataView rows, string scoreOutput = "Score")
    {
        // Every input column in one pass over the rows (a file of thousands of columns would otherwise be read as often).
        var columns = layout.LoadedColumns.Where(c => session.InputNames.Contains(c.Name)).Select(c => (Layout: c, Column: rows.Schema[c.Name])).ToArray();
        var numbers = columns.Select(_ => new List<float>()).ToArray();
        var texts = columns.Select(_ => new List<string>()).ToArray();
        using (var cursor = rows.GetRowCursor(columns.Select(c => c.Column)))
        {
            var readers = columns.Select((c, i) =>
            {
                if (c.Layout.Purpose == ColumnPurpose.Numeric)
                {
                    var get = cursor.GetGetter<float>(c.Column);
                    return (Action)(() =>
                    {
                        float value = 0;
                        get(ref value);
                        numbers[i].Add(value);
                    });
                }

                var getText = cursor.GetGetter<ReadOnlyMemory<char>>(c.Column);
                return () =>
                {
                    var text = default(ReadOnlyMemory<char>);
                    getText(ref text);
                    texts[i].Add(text.ToString());
                };
            }).ToArray();
            while (cursor.MoveNext())
            {
                foreach (var read in readers)
                {
                    read();
                }
            }
        }

        var inputs = columns.Select((c, i) => c.Layout.Purpose == ColumnPurpose.Numeric
            ? NamedOnnxValue.CreateFromTensor(c.Layout.Name, new DenseTensor<float>(numbers[i].ToArray(), [numbers[i].Count, 1]))
            : NamedOnnxValue.CreateFromTensor(c.Layout.Name, new DenseTensor<string>(texts[i].ToArray(), [texts[i].Count, 1]))).ToList();
        using var results = session.Run(inputs);
        string[] labels = results.FirstOrDefault(r => r.Name == "PredictedLabel") is { } l ? [.. l.AsTensor<string>()] : [];
        return (labels, [.. results.Single(r => r.Name == scoreOutput).AsTensor<float>()]);
    }

    /// <summary>
    /// The rows' predictions in the shape <see cref="TestPredictions.Score"/> gives from the model.zip: the label column's
    /// values, the predicted labels, and the positive class's probability (binary), the second class's (two classes),
    /// the predicted class's (multiclass) or the value (regression).
    /// </summary>
    public TestPredictions Predict(IDataView rows, NasTask task, IReadOnlyList<string> classNames)
    {
        string[] truth = TestPredictions.Texts(rows, task.LabelColumnName);
        switch (task.Kind)
        {
            case NasTaskKind.BinaryClassification:
            {
                var (labels, probabilities) = Run(rows, "Probability");
                return new TestPredictions(truth, labels, [.. probabilities.Select(p => (double)p)], classNames);
            }

            case NasTaskKind.MulticlassClassification:
            {
                var (labels, scores) = Run(rows);
                int width = classNames.Count;
                double[] score = [.. Enumerable.Range(0, truth.Length).Select(r => width == 2 ? scores[(r * width) + 1] : (double)scores.AsSpan(r * width, width).ToArray().Max())];
                return new TestPredictions(truth, labels, score, classNames);
            }

            default:
                return new TestPredictions(truth, [], [.. Run(rows).Scores.Select(v => (double)v)], classNames);
        }
    }

    /// <inheritdoc />
    public void Dispose() => session.Dispose();
}
