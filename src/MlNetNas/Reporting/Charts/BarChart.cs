using System.Globalization;
using System.Text;

namespace MlNetNas.Reporting.Charts;

/// <summary>Horizontal bars, one per label, longest first, each with its value written beside it.</summary>
internal sealed class BarChart(string name, string title, string valueTitle, double chartWidth = 600)
{
    private const double LabelWidth = 220, RowHeight = 24, Top = 34, Bottom = 36;
    private readonly List<(string Label, double Value, string Color, string? Tooltip)> bars = [];

    public BarChart Bar(string label, double value, string color, string? tooltip = null)
    {
        if (double.IsFinite(value))
        {
            bars.Add((label, value, color, tooltip));
        }

        return this;
    }

    public int BarCount => bars.Count;

    public string ToSvg()
    {
        double height = Top + (bars.Count * RowHeight) + Bottom;
        double width = Math.Max(chartWidth, Svg.TitleWidth(title));
        var x = AxisScale.Fit(bars.Select(b => b.Value).Append(0), LabelWidth, width - 56);
        var svg = new StringBuilder(Svg.Open(name, width, height, title));
        foreach (double t in x.Ticks)
        {
            double px = x.ToPixel(t);
            svg.Append($"<line x1=\"{Svg.N(px)}\" x2=\"{Svg.N(px)}\" y1=\"{Svg.N(Top)}\" y2=\"{Svg.N(height - Bottom)}\" class=\"grid\"/>");
            svg.Append($"<text x=\"{Svg.N(px)}\" y=\"{Svg.N(height - Bottom + 14)}\" text-anchor=\"middle\" class=\"tick\">{x.Label(t)}</text>");
        }

        int row = 0;
        foreach (var bar in bars.OrderByDescending(b => b.Value))
        {
            double y = Top + (row++ * RowHeight);
            double x0 = x.ToPixel(Math.Min(0, bar.Value)), x1 = x.ToPixel(Math.Max(0, bar.Value));
            svg.Append($"<text x=\"{Svg.N(LabelWidth - 6)}\" y=\"{Svg.N(y + 16)}\" text-anchor=\"end\" class=\"tick\">{Svg.Text(Shorten(bar.Label))}</text>");
            svg.Append($"<rect class=\"mark\" x=\"{Svg.N(x0)}\" y=\"{Svg.N(y + 4)}\" width=\"{Svg.N(Math.Max(1, x1 - x0))}\" height=\"{Svg.N(RowHeight - 8)}\" fill=\"{bar.Color}\"><title>{Svg.Text(bar.Tooltip ?? bar.Label)}</title></rect>");
            svg.Append($"<text x=\"{Svg.N(x1 + 4)}\" y=\"{Svg.N(y + 16)}\" class=\"tick\">{(Math.Abs(bar.Value) < 0.0005 ? "0" : bar.Value.ToString("0.###", CultureInfo.InvariantCulture))}</text>");
        }

        svg.Append($"<text x=\"{Svg.N((LabelWidth + width) / 2)}\" y=\"{Svg.N(height - 6)}\" text-anchor=\"middle\" class=\"axis-title\">{Svg.Text(valueTitle)}</text>");
        return svg.Append("</svg>").ToString();
    }

    private static string Shorten(string label) => label.Length <= 34 ? label : "…" + label[^33..];
}
