using System.Globalization;
using ScottPlot;

namespace Verified.Simulation;

/// <summary>One row of the % of ideal table: a workload on a host page size, the ideal, and each policy's share.</summary>
public sealed record IdealRow(string HostPage, string Workload, double? IdealMib, IReadOnlyList<double?> Percent);

/// <summary>The table scripts/ideal-table.sh prints (markdown: host page, workload, ideal, then one column per policy
/// holding released / ideal in %), read back so that the picture is drawn from the very figures of the README.</summary>
public sealed record IdealTable(IReadOnlyList<string> Policies, IReadOnlyList<IdealRow> Rows)
{
    /// <summary>Reads the first markdown table of <paramref name="markdown"/> whose header has "host page" and
    /// "workload" columns; every column after "ideal" is a policy. A cell that is not a number (for example "-") is
    /// kept as no figure.</summary>
    /// <exception cref="FormatException">No such table, or a row with a different number of cells than its header.</exception>
    public static IdealTable Parse(string markdown)
    {
        string[] lines = markdown.Split('\n').Select(l => l.Trim()).ToArray();
        int header = Array.FindIndex(lines, l => l.StartsWith('|') && Cells(l) is var c && c.Length >= 4
            && c[0].StartsWith("host page", StringComparison.OrdinalIgnoreCase) && c[1].Equals("workload", StringComparison.OrdinalIgnoreCase));
        if (header < 0) throw new FormatException("no table with 'host page' and 'workload' columns");
        string[] head = Cells(lines[header]);
        int ideal = Array.FindIndex(head, h => h.StartsWith("ideal", StringComparison.OrdinalIgnoreCase));
        int firstPolicy = ideal < 0 ? 2 : ideal + 1;
        string[] policies = head[firstPolicy..];
        var rows = new List<IdealRow>();
        for (int i = header + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            string[] cells = Cells(lines[i]);
            if (cells.Length != head.Length)
                throw new FormatException($"line {i + 1} has {cells.Length} cells, the header {head.Length}");
            rows.Add(new IdealRow(cells[0], cells[1], ideal < 0 ? null : Number(cells[ideal]), cells[firstPolicy..].Select(Number).ToArray()));
        }
        if (rows.Count == 0) throw new FormatException("the table has no rows");
        return new IdealTable(policies, rows);
    }

    private static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static double? Number(string cell) =>
        double.TryParse(cell.Replace("%", "").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;
}

/// <summary>The second chart: % of the ideal per workload × policy × host page size, one cell each, a column group per
/// host page size; the colour runs from red (nothing released) over yellow to green (the ideal), blue above it (free
/// page reporting is not bounded by the balloon size).</summary>
public static class IdealChart
{
    public static void Write(string path, IdealTable table, string title)
    {
        string[] hostPages = table.Rows.Select(r => r.HostPage).Distinct().ToArray();
        string[] workloads = table.Rows.Select(r => r.Workload).Distinct().ToArray();
        int policies = table.Policies.Count;
        var plot = new Plot();
        const double Gap = 0.6;   // between host page groups
        for (int g = 0; g < hostPages.Length; g++)
        {
            double groupLeft = g * (workloads.Length + Gap);
            var header = plot.Add.Text($"{hostPages[g]} host pages", groupLeft + workloads.Length / 2.0, -0.75);
            header.LabelAlignment = Alignment.LowerCenter;
            header.LabelFontSize = 15;
            header.LabelBold = true;
            for (int w = 0; w < workloads.Length; w++)
            {
                double x = groupLeft + w;
                // The workload's name above its column, broken at its hyphen so that neighbours never overlap.
                var name = plot.Add.Text(workloads[w].Replace("-", "-\n"), x + 0.5, -0.06);
                name.LabelAlignment = Alignment.LowerCenter;
                name.LabelFontSize = 12;
                IdealRow? row = table.Rows.FirstOrDefault(r => r.HostPage == hostPages[g] && r.Workload == workloads[w]);
                for (int p = 0; p < policies; p++)
                {
                    double? percent = row?.Percent[p];
                    var cell = plot.Add.Rectangle(x, x + 1, p, p + 1);
                    cell.FillColor = CellColor(percent);
                    cell.LineColor = Colors.White;
                    cell.LineWidth = 1;
                    var text = plot.Add.Text(percent is double v ? v.ToString(v >= 99.95 && v < 100.05 ? "F0" : "F1", CultureInfo.InvariantCulture) : "–", x + 0.5, p + 0.5);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = 12;
                    text.LabelFontColor = percent is double d && d < 35 ? Colors.White : Colors.Black;
                }
            }
        }
        double right = hostPages.Length * (workloads.Length + Gap) - Gap;
        plot.Axes.Bottom.SetTicks([], []);
        plot.Axes.Left.SetTicks(Enumerable.Range(0, policies).Select(p => p + 0.5).ToArray(), table.Policies.ToArray());
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.1, right + 0.1, policies + 0.05, -1.15);   // first policy on top; room for the headers
        plot.Grid.IsVisible = false;
        plot.Title(title);
        plot.XLabel("colour: red 0 % → yellow 50 % → green 100 % of the ideal; blue above it (free page reporting is not bounded by the balloon size); grey, –: no figure");
        plot.Axes.Bottom.Label.FontSize = 13;
        plot.Axes.Bottom.Label.Bold = false;
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, 1400, 190 + 48 * policies);
    }

    /// <summary>Red (0 %) → yellow (50 %) → green (100 %); blue-green above 100 %; grey without a figure.</summary>
    public static Color CellColor(double? percent)
    {
        if (percent is not double v) return new Color(200, 200, 200);
        if (v > 100.05) return new Color(90, 170, 210);
        double t = Math.Clamp(v / 100, 0, 1);
        return t < 0.5
            ? Mix(new Color(200, 40, 40), new Color(250, 220, 90), t / 0.5)
            : Mix(new Color(250, 220, 90), new Color(60, 170, 80), (t - 0.5) / 0.5);
    }

    private static Color Mix(Color a, Color b, double t) =>
        new((byte)(a.R + (b.R - a.R) * t), (byte)(a.G + (b.G - a.G) * t), (byte)(a.B + (b.B - a.B) * t));
}
