using System.Text;

namespace MlNetNas.Reporting.Charts;

/// <summary>A confusion matrix as a heat map: rows are the true classes, columns the predicted ones, shade by the row's share.</summary>
internal static class ConfusionMatrixChart
{
    public static string ToSvg(IReadOnlyList<string> classes, long[,] counts)
    {
        int n = classes.Count;
        double cell = Math.Clamp(360.0 / Math.Max(1, n), 14, 48);
        double left = 40 + (Math.Min(16, classes.Max(c => c.Length)) * 7), top = 56;
        const string title = "Confusion matrix on the test set (rows: true class, columns: predicted)";
        double width = Math.Max(left + (n * cell) + 16, Svg.TitleWidth(title)), height = top + (n * cell) + 40;
        var svg = new StringBuilder(Svg.Open("confusion-matrix", width, height, title));
        for (int i = 0; i < n; i++)
        {
            long rowTotal = 0;
            for (int j = 0; j < n; j++)
            {
                rowTotal += counts[i, j];
            }

            svg.Append($"<text x=\"{Svg.N(left - 6)}\" y=\"{Svg.N(top + (i * cell) + (cell / 2) + 4)}\" text-anchor=\"end\" class=\"tick\">{Svg.Text(Short(classes[i]))}</text>");
            svg.Append($"<text x=\"{Svg.N(left + (i * cell) + (cell / 2))}\" y=\"{Svg.N(top - 6)}\" text-anchor=\"middle\" class=\"tick\">{Svg.Text(Short(classes[i]))}</text>");
            for (int j = 0; j < n; j++)
            {
                double share = rowTotal == 0 ? 0 : counts[i, j] / (double)rowTotal;
                string fill = i == j ? $"rgba(78,121,167,{Svg.N(0.1 + (0.9 * share))})" : $"rgba(225,87,89,{Svg.N(share == 0 ? 0.03 : 0.15 + (0.85 * share))})";
                svg.Append($"<rect class=\"mark\" x=\"{Svg.N(left + (j * cell))}\" y=\"{Svg.N(top + (i * cell))}\" width=\"{Svg.N(cell - 1)}\" height=\"{Svg.N(cell - 1)}\" fill=\"{fill}\"><title>{Svg.Text($"true {classes[i]}, predicted {classes[j]}: {counts[i, j]}")}</title></rect>");
                if (cell >= 22 && counts[i, j] > 0)
                {
                    svg.Append($"<text x=\"{Svg.N(left + (j * cell) + (cell / 2))}\" y=\"{Svg.N(top + (i * cell) + (cell / 2) + 4)}\" text-anchor=\"middle\" class=\"cell-count\">{counts[i, j]}</text>");
                }
            }
        }

        svg.Append($"<text x=\"{Svg.N(left + (n * cell / 2))}\" y=\"{Svg.N(height - 10)}\" text-anchor=\"middle\" class=\"axis-title\">predicted class</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Short(string name) => name.Length <= 16 ? name : name[..15] + "…";
}
