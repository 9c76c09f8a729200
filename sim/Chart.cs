using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace Verified.Simulation;

/// <summary>The unit a chart counts memory in: MiB for guests below 2 GiB, GiB from 2 GiB up (an 8 GiB axis reads
/// 0 to 8, not 0 to 8,500).</summary>
public readonly record struct MemoryUnit(string Name, double Bytes)
{
    public static MemoryUnit For(ulong guestBytes) => guestBytes >= 2UL << 30 ? new("GiB", 1UL << 30) : new("MiB", 1UL << 20);

    /// <summary><paramref name="bytes"/> in this unit.</summary>
    public double Of(ulong bytes) => bytes / Bytes;

    /// <summary><paramref name="bytes"/> written in this unit ("3.24 GiB", "424.3 MiB").</summary>
    public string Format(ulong bytes) => Of(bytes).ToString(Name == "GiB" ? "F2" : "F1", CultureInfo.InvariantCulture) + " " + Name;
}

/// <summary>
/// The timeline chart: host-populated memory of each policy's guest, first over the workload (x: workload operations),
/// then while the balloon moves (x: balloon requests acknowledged, inflate then deflate), with the balloon's size and,
/// per policy, the level the ideal would reach. Each policy has its own colour, line pattern and marker shape, so a line
/// drawn over another still shows; the legend gives what each released and its share of the ideal.
/// </summary>
public static class Chart
{
    private static readonly Color[] Colors =
        [new(214, 39, 40), new(255, 127, 14), new(31, 119, 180), new(148, 103, 189), new(44, 160, 44), new(23, 190, 207), new(140, 86, 75), new(227, 119, 194)];
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Solid, LinePattern.DenselyDashed, LinePattern.Dotted, LinePattern.Dashed];
    private static readonly MarkerShape[] Shapes =
        [MarkerShape.FilledSquare, MarkerShape.OpenCircle, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond, MarkerShape.Cross, MarkerShape.OpenSquare];

    public const int Width = 1400, Height = 760;

    public static void Write(string path, IReadOnlyList<PolicyResult> results, SimulationSettings settings)
    {
        (Plot workload, Plot balloon) = Panels(results, settings);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        SavePanels(path, Width, Height,
            $"Host-populated memory, {ByteSize.Format(settings.GuestBytes)} guest ({Workloads.Name(settings.Workload)} workload, " +
            $"host pages of {ByteSize.Format(settings.HostPageBytes)}): balloon inflated to {ByteSize.Format(settings.InflateBytes)}, then deflated to {ByteSize.Format(settings.DeflateToBytes)}",
            (workload, 0.30), (balloon, 0.70));
    }

    /// <summary>The two panels: the workload and the balloon, memory in the unit that fits the guest.</summary>
    public static (Plot Workload, Plot Balloon) Panels(IReadOnlyList<PolicyResult> results, SimulationSettings settings)
    {
        MemoryUnit unit = MemoryUnit.For(settings.GuestBytes);
        double top = unit.Of(settings.GuestBytes) * 1.05;
        return (WorkloadPlot(results, unit, top), BalloonPlot(results, settings, unit, top));
    }

    /// <summary>Left panel: the workload, x in thousands of operations.</summary>
    private static Plot WorkloadPlot(IReadOnlyList<PolicyResult> results, MemoryUnit unit, double top)
    {
        var plot = new Plot();
        double right = 1;
        for (int i = 0; i < results.Count; i++)
        {
            Sample[] points = results[i].Samples.Where(s => s.Phase == "workload").ToArray();
            if (points.Length == 0) continue;
            double[] xs = points.Select(s => s.Step / 1000.0).ToArray();
            double[] ys = points.Select(s => unit.Of(s.HostPopulatedBytes)).ToArray();
            right = Math.Max(right, xs[^1]);
            AddPolicyLine(plot, xs, ys, i, results.Count, legend: null);
        }
        plot.Title("1. the workload");
        plot.XLabel("workload operations (thousands)");
        plot.YLabel($"host-populated guest memory ({unit.Name})");
        plot.Axes.SetLimits(0, right * 1.02, 0, top);
        return plot;
    }

    /// <summary>Right panel: the balloon, x in requests acknowledged (each carries up to 256 PFNs).</summary>
    private static Plot BalloonPlot(IReadOnlyList<PolicyResult> results, SimulationSettings settings, MemoryUnit unit, double top)
    {
        var plot = new Plot();
        double right = 1;
        bool balloonLegend = false;
        for (int i = 0; i < results.Count; i++)
        {
            PolicyResult r = results[i];
            Sample[] points = r.Samples.Where(s => s.Phase != "workload").ToArray();
            if (points.Length == 0) continue;
            // Start each line at request 0 with the level the workload left.
            Sample last = r.Samples.LastOrDefault(s => s.Phase == "workload");
            double[] xs = [0, .. points.Select(s => (double)s.Step)];
            double[] ys = [unit.Of(r.HostPopulatedBeforeInflateBytes), .. points.Select(s => unit.Of(s.HostPopulatedBytes))];
            if (r.MeasuredInflateFromRequest > 0) ys[0] = unit.Of(last.HostPopulatedBytes);
            right = Math.Max(right, xs[^1]);

            var size = plot.Add.ScatterLine(xs, [unit.Of(last.BalloonBytes), .. points.Select(s => unit.Of(s.BalloonBytes))]);
            size.Color = new Color(120, 120, 120);
            size.LineWidth = 1.5f;
            size.LinePattern = LinePattern.Dotted;
            if (!balloonLegend)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = "balloon size (every policy)", LineColor = size.Color, LineWidth = 1.5f, LinePattern = LinePattern.Dotted });
                balloonLegend = true;
            }

            string share = r.ShareOfIdeal is double s ? (100 * s).ToString("F1", CultureInfo.InvariantCulture) + " % of" : "ideal";
            AddPolicyLine(plot, xs, ys, i, results.Count,
                $"{r.Policy}: released {unit.Format(r.HostReleasedBytes)}, {share} ideal {unit.Format(r.IdealReleasableBytes)}");

        }

        // The ideal's level: what host-populated memory would be had the inflation released the ideal. One line when
        // every policy's ideal lands within 0.5 % of the guest of each other (the usual case), else one per policy.
        double[] levels = results.Select(r => unit.Of(r.HostPopulatedBeforeInflateBytes - Math.Min(r.HostPopulatedBeforeInflateBytes, r.IdealReleasableBytes))).ToArray();
        bool one = levels.Max() - levels.Min() <= 0.005 * unit.Of(settings.GuestBytes);
        for (int i = 0; i < (one ? 1 : results.Count); i++)
        {
            PolicyResult r = results[i];
            var ideal = plot.Add.Line(r.MeasuredInflateFromRequest, levels[i], r.MeasuredDeflateFromRequest, levels[i]);
            ideal.Color = one ? new Color(0, 0, 0) : Colors[i % Colors.Length];
            ideal.LineWidth = 1.5f;
            ideal.LinePattern = LinePattern.DenselyDashed;
            ideal.MarkerSize = 0;
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = one ? $"ideal: host-populated had the inflation released the most any choice could ({unit.Format(r.IdealReleasableBytes)})"
                                : $"ideal for {r.Policy} ({unit.Format(r.IdealReleasableBytes)})",
                LineColor = ideal.Color, LineWidth = 1.5f, LinePattern = LinePattern.DenselyDashed,
            });
        }

        // Phase boundaries as text inside the data area, clear of the tick labels.
        PolicyResult first = results[0];
        foreach ((long at, string label, double y) in new[] { (first.MeasuredInflateFromRequest, "inflating (measured) →", 0.985), (first.MeasuredDeflateFromRequest, "deflating →", 0.72) })
        {
            var line = plot.Add.VerticalLine(at);
            line.Color = new Color(0, 0, 0).WithAlpha(0.3);
            line.LinePattern = LinePattern.Dashed;
            var text = plot.Add.Text(label, at + right * 0.005, top * y);
            text.LabelFontSize = 12;
            text.LabelFontColor = new Color(60, 60, 60);
            text.LabelAlignment = Alignment.UpperLeft;
        }
        plot.Title("2. the balloon");
        plot.XLabel("balloon requests acknowledged (up to 256 pages each)");
        plot.YLabel($"host-populated guest memory ({unit.Name})");
        plot.Axes.SetLimits(0, right * 1.02, 0, top);
        plot.ShowLegend(Alignment.UpperRight);   // the workloads populate at most about 70 % of the guest: the top is free
        plot.Legend.FontSize = 12;
        return plot;
    }

    /// <summary>A policy's line (colour, pattern) and sparse markers of its own shape, staggered so that markers of
    /// lines drawn on top of each other fall at different places.</summary>
    private static void AddPolicyLine(Plot plot, double[] xs, double[] ys, int index, int count, string? legend)
    {
        Color color = Colors[index % Colors.Length];
        var line = plot.Add.ScatterLine(xs, ys);
        line.Color = color;
        line.LineWidth = 2;
        line.LinePattern = Patterns[index % Patterns.Length];
        line.MarkerSize = 0;
        if (legend is not null)
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = legend,
                LineColor = color,
                LineWidth = 2,
                LinePattern = Patterns[index % Patterns.Length],
                MarkerShape = Shapes[index % Shapes.Length],
                MarkerSize = 9,
                MarkerFillColor = color,
                MarkerLineColor = color,
            });

        const int MarkersPerLine = 10;
        if (xs.Length < 2) return;
        double span = xs[^1] - xs[0];
        var mx = new List<double>();
        var my = new List<double>();
        for (int m = 0; m < MarkersPerLine; m++)
        {
            double x = xs[0] + span * (m + (index + 0.5) / Math.Max(1, count)) / MarkersPerLine;
            int at = Array.BinarySearch(xs, x);
            if (at < 0) at = Math.Min(xs.Length - 1, ~at);
            mx.Add(xs[at]);
            my.Add(ys[at]);
        }
        var markers = plot.Add.Markers(mx.ToArray(), my.ToArray());
        markers.MarkerShape = Shapes[index % Shapes.Length];
        markers.MarkerSize = 9;
        markers.Color = color;
    }

    /// <summary>Renders plots side by side under one title into one PNG.</summary>
    internal static void SavePanels(string path, int width, int height, string title, params (Plot Plot, double Share)[] panels)
    {
        const int TitleHeight = 34;
        using SKSurface surface = SKSurface.Create(new SKImageInfo(width, height));
        SKCanvas canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var font = new SKFont(SKTypeface.Default, 17))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
            canvas.DrawText(title, width / 2f, 24, SKTextAlign.Center, font, paint);
        float left = 0;
        foreach ((Plot plot, double share) in panels)
        {
            int panelWidth = (int)(width * share);
            using SKSurface panel = SKSurface.Create(new SKImageInfo(panelWidth, height - TitleHeight));
            plot.Render(panel);
            using SKImage rendered = panel.Snapshot();
            canvas.DrawImage(rendered, left, TitleHeight);
            left += panelWidth;
        }
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }
}
