using System.Text;
using MlNetNas.Architectures;
using MlNetNas.Architectures.Operators;

namespace MlNetNas.Reporting.Charts;

/// <summary>
/// An architecture graph drawn top to bottom: each node in the row after its deepest input, its operator and output
/// shape in a box, an arrow from every input.
/// </summary>
internal static class ArchitectureDiagram
{
    private const double BoxWidth = 150, BoxHeight = 34, ColumnGap = 16, RowGap = 26, Top = 34;

    public static string ToSvg(ArchitectureGraph graph)
    {
        var depth = new Dictionary<string, int>(StringComparer.Ordinal) { [ArchitectureGraph.InputId] = 0 };
        foreach (var node in graph.Nodes)
        {
            depth[node.Id] = 1 + node.Inputs.Max(i => depth[i]);
        }

        var rows = depth.GroupBy(d => d.Value).OrderBy(g => g.Key).Select(g => g.Select(d => d.Key).ToArray()).ToArray();
        int widest = rows.Max(r => r.Length);
        string title = $"Winning network: {graph.Nodes.Count} operators, {graph.ParameterCount:N0} parameters";
        double width = Math.Max(Svg.TitleWidth(title), (widest * (BoxWidth + ColumnGap)) + ColumnGap);
        double height = Top + (rows.Length * (BoxHeight + RowGap)) + 8;
        var position = new Dictionary<string, (double X, double Y)>(StringComparer.Ordinal);
        for (int r = 0; r < rows.Length; r++)
        {
            double rowWidth = rows[r].Length * (BoxWidth + ColumnGap) - ColumnGap;
            for (int c = 0; c < rows[r].Length; c++)
            {
                position[rows[r][c]] = (((width - rowWidth) / 2) + (c * (BoxWidth + ColumnGap)), Top + (r * (BoxHeight + RowGap)));
            }
        }

        var svg = new StringBuilder(Svg.Open("architecture", width, height, title));
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#888\"/></marker></defs>");
        foreach (var node in graph.Nodes)
        {
            var (tx, ty) = position[node.Id];
            foreach (string input in node.Inputs)
            {
                var (sx, sy) = position[input];
                svg.Append($"<path d=\"M{Svg.N(sx + (BoxWidth / 2))},{Svg.N(sy + BoxHeight)} C{Svg.N(sx + (BoxWidth / 2))},{Svg.N(sy + BoxHeight + (RowGap / 2))} {Svg.N(tx + (BoxWidth / 2))},{Svg.N(ty - (RowGap / 2))} {Svg.N(tx + (BoxWidth / 2))},{Svg.N(ty - 1)}\" class=\"edge\" marker-end=\"url(#arrow)\"/>");
            }
        }

        Box(svg, position[ArchitectureGraph.InputId], "input", graph.InputShape.ToString(), "input");
        foreach (var node in graph.Nodes)
        {
            Box(svg, position[node.Id], OperatorRegistry.Get(node.Operator).Describe(node), graph.Shapes[node.Id].ToString(), node.Id == graph.Output ? "output" : node.Operator);
        }

        return svg.Append("</svg>").ToString();
    }

    private static void Box(StringBuilder svg, (double X, double Y) at, string label, string shape, string kind)
    {
        string shortLabel = label.Length <= 22 ? label : label[..21] + "…";
        svg.Append($"<g class=\"mark op op-{Svg.Text(kind)}\"><rect x=\"{Svg.N(at.X)}\" y=\"{Svg.N(at.Y)}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"5\"/>");
        svg.Append($"<text x=\"{Svg.N(at.X + (BoxWidth / 2))}\" y=\"{Svg.N(at.Y + 14)}\" text-anchor=\"middle\" class=\"op-label\">{Svg.Text(shortLabel)}</text>");
        svg.Append($"<text x=\"{Svg.N(at.X + (BoxWidth / 2))}\" y=\"{Svg.N(at.Y + 28)}\" text-anchor=\"middle\" class=\"op-shape\">{Svg.Text(shape)}</text>");
        svg.Append($"<title>{Svg.Text(label + " → " + shape)}</title></g>");
    }
}
