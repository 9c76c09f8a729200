using ScottPlot;

namespace Verified.Simulation;

/// <summary>The PNG chart: host-populated memory over the simulation, one line per policy.</summary>
public static class Chart
{
    private static readonly (string Phase, double Start, double Width)[] Phases =
        [("workload", 0, 60), ("inflate", 60, 30), ("deflate", 90, 10)];

    /// <summary>Where a sample sits on the progress axis: each phase gets a fixed share, steps spread evenly within it.</summary>
    private static double Progress(IReadOnlyList<Sample> samples, Sample sample)
    {
        foreach ((string phase, double start, double width) in Phases)
        {
            if (sample.Phase != phase) continue;
            long first = samples.Where(s => s.Phase == phase).Min(s => s.Step);
            long last = samples.Where(s => s.Phase == phase).Max(s => s.Step);
            return last == first ? start + width : start + width * (sample.Step - first) / (last - first);
        }
        return 0;
    }

    public static void Write(string path, IReadOnlyList<PolicyResult> results, SimulationSettings settings)
    {
        var plot = new Plot();
        Color[] colors = [new Color(214, 39, 40), new Color(255, 127, 14), new Color(31, 119, 180), new Color(148, 103, 189), new Color(44, 160, 44), new Color(23, 190, 207)];
        for (int i = 0; i < results.Count; i++)
        {
            PolicyResult result = results[i];
            double[] xs = result.Samples.Select(s => Progress(result.Samples, s)).ToArray();
            double[] ys = result.Samples.Select(s => s.HostPopulatedBytes / (double)(1UL << 20)).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = result.Policy;
            line.Color = colors[i % colors.Length];
            line.LineWidth = 2;

            // Mark where the balloon starts inflating and where it starts deflating.
            foreach (string phase in new[] { "inflate", "deflate" })
            {
                Sample? first = result.Samples.Where(s => s.Phase == phase).Select(s => (Sample?)s).FirstOrDefault();
                if (first is null) continue;
                var marker = plot.Add.VerticalLine(Progress(result.Samples, first.Value));
                marker.Color = colors[i % colors.Length].WithAlpha(0.35);
                marker.LinePattern = LinePattern.Dashed;
                marker.LabelText = phase;
            }
        }
        plot.Title($"Host-populated memory, {ByteSize.Format(settings.GuestBytes)} guest, balloon to {ByteSize.Format(settings.InflateBytes)} then {ByteSize.Format(settings.DeflateToBytes)}");
        plot.XLabel("progress: workload (0-60), inflating (60-90), deflating (90-100)");
        plot.YLabel("host-populated guest memory (MiB)");
        plot.Axes.SetLimits(0, 100, 0, settings.GuestBytes / (double)(1UL << 20) * 1.05);
        plot.ShowLegend(Alignment.UpperLeft);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, 1100, 560);
    }
}
