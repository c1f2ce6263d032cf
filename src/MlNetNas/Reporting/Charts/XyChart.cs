using System.Text;

namespace MlNetNas.Reporting.Charts;

/// <summary>
/// A chart of points and lines on two linear axes, written as inline SVG: ticks, grid, axis titles, a legend of the
/// series, and a tooltip (an SVG title) on every point.
/// </summary>
internal sealed class XyChart(string name, string title, string xTitle, string yTitle, double width = 600, double height = 320)
{
    private const double Left = 64, Right = 16, Top = 48, Bottom = 44;
    private readonly List<Series> series = [];
    private readonly List<(double Y, string Label)> guides = [];

    /// <summary>Points drawn as dots; <paramref name="tooltips"/>, when given, one per point.</summary>
    public XyChart Scatter(string label, IReadOnlyList<(double X, double Y)> points, string color, IReadOnlyList<string>? tooltips = null, bool hollow = false)
    {
        series.Add(new Series(label, Finite(points, tooltips), color, SeriesKind.Points, hollow));
        return this;
    }

    /// <summary>Points joined by straight lines, or by horizontal-then-vertical steps (a best-so-far curve).</summary>
    public XyChart Line(string label, IReadOnlyList<(double X, double Y)> points, string color, bool step = false)
    {
        series.Add(new Series(label, Finite(points, null), color, step ? SeriesKind.Steps : SeriesKind.Line, false));
        return this;
    }

    /// <summary>A dashed horizontal line at <paramref name="y"/>, e.g. zero on a residual plot.</summary>
    public XyChart Guide(double y, string label)
    {
        guides.Add((y, label));
        return this;
    }

    /// <summary>The number of points drawn.</summary>
    public int PointCount => series.Sum(s => s.Points.Count);

    public string ToSvg()
    {
        width = Math.Max(width, Svg.TitleWidth(title));
        var all = series.SelectMany(s => s.Points).ToArray();
        var x = AxisScale.Fit(all.Select(p => p.X), Left, width - Right);
        var y = AxisScale.Fit(all.Select(p => p.Y).Concat(guides.Select(g => g.Y)), height - Bottom, Top);
        var svg = new StringBuilder(Svg.Open(name, width, height, title));
        Axes(svg, x, y);
        foreach (var (value, label) in guides)
        {
            svg.Append($"<line x1=\"{Svg.N(Left)}\" x2=\"{Svg.N(width - Right)}\" y1=\"{Svg.N(y.ToPixel(value))}\" y2=\"{Svg.N(y.ToPixel(value))}\" class=\"guide\"><title>{Svg.Text(label)}</title></line>");
        }

        foreach (var s in series)
        {
            if (s.Kind == SeriesKind.Points)
            {
                foreach (var p in s.Points)
                {
                    string fill = s.Hollow ? "fill=\"none\" stroke-width=\"1.5\"" : $"fill=\"{s.Color}\" fill-opacity=\"0.8\"";
                    svg.Append($"<circle class=\"mark\" cx=\"{Svg.N(x.ToPixel(p.X))}\" cy=\"{Svg.N(y.ToPixel(p.Y))}\" r=\"3.5\" stroke=\"{s.Color}\" {fill}><title>{Svg.Text(p.Tooltip ?? s.Label)}</title></circle>");
                }
            }
            else if (s.Points.Count > 0)
            {
                var path = new StringBuilder($"M{Svg.N(x.ToPixel(s.Points[0].X))},{Svg.N(y.ToPixel(s.Points[0].Y))}");
                for (int i = 1; i < s.Points.Count; i++)
                {
                    if (s.Kind == SeriesKind.Steps)
                    {
                        path.Append($" H{Svg.N(x.ToPixel(s.Points[i].X))}");
                    }

                    path.Append($" L{Svg.N(x.ToPixel(s.Points[i].X))},{Svg.N(y.ToPixel(s.Points[i].Y))}");
                }

                svg.Append($"<path class=\"mark\" d=\"{path}\" fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"><title>{Svg.Text(s.Label)}</title></path>");
            }
        }

        Legend(svg);
        return svg.Append("</svg>").ToString();
    }

    private void Axes(StringBuilder svg, AxisScale x, AxisScale y)
    {
        foreach (double t in x.Ticks)
        {
            double px = x.ToPixel(t);
            svg.Append($"<line x1=\"{Svg.N(px)}\" x2=\"{Svg.N(px)}\" y1=\"{Svg.N(Top)}\" y2=\"{Svg.N(height - Bottom)}\" class=\"grid\"/>");
            svg.Append($"<text x=\"{Svg.N(px)}\" y=\"{Svg.N(height - Bottom + 16)}\" text-anchor=\"middle\" class=\"tick\">{x.Label(t)}</text>");
        }

        foreach (double t in y.Ticks)
        {
            double py = y.ToPixel(t);
            svg.Append($"<line x1=\"{Svg.N(Left)}\" x2=\"{Svg.N(width - Right)}\" y1=\"{Svg.N(py)}\" y2=\"{Svg.N(py)}\" class=\"grid\"/>");
            svg.Append($"<text x=\"{Svg.N(Left - 6)}\" y=\"{Svg.N(py + 4)}\" text-anchor=\"end\" class=\"tick\">{y.Label(t)}</text>");
        }

        svg.Append($"<rect x=\"{Svg.N(Left)}\" y=\"{Svg.N(Top)}\" width=\"{Svg.N(width - Left - Right)}\" height=\"{Svg.N(height - Top - Bottom)}\" class=\"frame\"/>");
        svg.Append($"<text x=\"{Svg.N((Left + width - Right) / 2)}\" y=\"{Svg.N(height - 8)}\" text-anchor=\"middle\" class=\"axis-title\">{Svg.Text(xTitle)}</text>");
        svg.Append($"<text transform=\"translate(14,{Svg.N((Top + height - Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\" class=\"axis-title\">{Svg.Text(yTitle)}</text>");
    }

    private void Legend(StringBuilder svg)
    {
        double cursor = Left;
        foreach (var s in series.DistinctBy(s => s.Label))
        {
            svg.Append($"<rect x=\"{Svg.N(cursor)}\" y=\"28\" width=\"10\" height=\"10\" fill=\"{s.Color}\"/>");
            svg.Append($"<text x=\"{Svg.N(cursor + 14)}\" y=\"37\" class=\"legend\">{Svg.Text(s.Label)}</text>");
            cursor += 24 + (s.Label.Length * 6.5);
        }
    }

    private static List<Point> Finite(IReadOnlyList<(double X, double Y)> points, IReadOnlyList<string>? tooltips) =>
        points.Select((p, i) => new Point(p.X, p.Y, tooltips?[i]))
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))
            .ToList();

    private enum SeriesKind
    {
        Points,
        Line,
        Steps,
    }

    private sealed record Point(double X, double Y, string? Tooltip);

    private sealed record Series(string Label, List<Point> Points, string Color, SeriesKind Kind, bool Hollow);
}
