using System.Globalization;
using System.Text;
using MlNetNas.Reporting.Charts;

namespace MlNetNas.Reporting;

/// <summary>The winner on the test set: a confusion matrix and per-class precision and recall, or a residual plot for regression.</summary>
internal static class TestSection
{
    private const int MaxPoints = 3000;

    public static string ToHtml(TestPredictions test, string? source)
    {
        var html = new StringBuilder($"<h2>Test set{(source is null ? string.Empty : $" ({Svg.Text(source)})")}</h2>");
        if (test.IsClassification)
        {
            var (classes, counts) = test.ConfusionMatrix();
            long right = 0, total = 0;
            for (int i = 0; i < classes.Count; i++)
            {
                for (int j = 0; j < classes.Count; j++)
                {
                    total += counts[i, j];
                    right += i == j ? counts[i, j] : 0;
                }
            }

            html.Append(string.Create(CultureInfo.InvariantCulture, $"<p>{total} labelled rows, accuracy {(total == 0 ? double.NaN : right / (double)total):F4}.</p>"));
            html.Append("<div class=\"row\"><div>").Append(ConfusionMatrixChart.ToSvg(classes, counts)).Append("</div><div>");
            html.Append("<table id=\"per-class\"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>rows</th></tr></thead><tbody>");
            foreach (var c in test.PerClass())
            {
                html.Append(string.Create(CultureInfo.InvariantCulture, $"<tr><td>{Svg.Text(c.Class)}</td><td>{Format(c.Precision)}</td><td>{Format(c.Recall)}</td><td>{c.Support}</td></tr>"));
            }

            return html.Append("</tbody></table></div></div>").ToString();
        }

        var residuals = test.Residuals();
        // Every k-th row beyond a few thousand points: the page must stay light, and the shape of the cloud does not change.
        int stride = Math.Max(1, (int)Math.Ceiling(residuals.Count / (double)MaxPoints));
        var drawn = residuals.Where((_, i) => i % stride == 0).Select(r => (r.Predicted, r.Residual)).ToArray();
        var chart = new XyChart("residuals", "Residuals on the test set (label − prediction)" + (stride > 1 ? $", every {stride}th row" : string.Empty), "prediction", "residual", 720, 360)
            .Scatter("rows", drawn, "#4e79a7")
            .Guide(0, "no error");
        double rmse = residuals.Count == 0 ? double.NaN : Math.Sqrt(residuals.Average(r => r.Residual * r.Residual));
        html.Append(string.Create(CultureInfo.InvariantCulture, $"<p>{residuals.Count} labelled rows, RMSE {rmse:F4}.</p>"));
        return html.Append(chart.ToSvg()).ToString();
    }

    private static string Format(double value) => double.IsNaN(value) ? "–" : value.ToString("F3", CultureInfo.InvariantCulture);
}
