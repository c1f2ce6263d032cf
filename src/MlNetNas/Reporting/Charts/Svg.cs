using System.Globalization;
using System.Net;

namespace MlNetNas.Reporting.Charts;

/// <summary>Formatting shared by the charts: numbers with a point whatever the culture, and escaped text.</summary>
internal static class Svg
{
    /// <summary>A coordinate with at most one decimal.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Text escaped for an SVG or HTML element or attribute.</summary>
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    /// <summary>The least chart width that shows <paramref name="title"/> whole (13 px bold, about 7.8 px a character).</summary>
    public static double TitleWidth(string title) => 24 + (title.Length * 7.8);

    /// <summary>The opening tag of a chart: its name (for tests and styling), size and accessible title.</summary>
    public static string Open(string name, double width, double height, string title) =>
        $"<svg class=\"chart\" data-chart=\"{Text(name)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"{Text(title)}\">"
        + $"<text x=\"{N(width / 2)}\" y=\"18\" text-anchor=\"middle\" class=\"chart-title\">{Text(title)}</text>";
}
