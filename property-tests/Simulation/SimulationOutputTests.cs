using Verified.Simulation;
using Xunit;

namespace Verified.PropertyTests.Simulation;

/// <summary>What the main-job program shows: the progress display's plain lines, the charts' units and axes, and the
/// % of ideal table read back for the second chart.</summary>
public sealed class SimulationOutputTests
{
    private const ulong MiB = 1UL << 20, GiB = 1UL << 30;

    [Fact]
    public void PlainProgress_PrintsEveryPhase_ItsQuarters_AndItsEnd()
    {
        var text = new StringWriter();
        using (ProgressDisplay progress = ProgressDisplay.Create(text, quiet: false, terminal: false))
        {
            progress.Phase("MRU: workload", 1000);
            for (int done = 0; done <= 1000; done += 10) progress.Advance(done);
            progress.Phase("MRU: inflating", 0);
            progress.Line("a result");
        }
        string[] lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("MRU: workload", lines[0]);
        Assert.Equal(["MRU: workload: 25%", "MRU: workload: 50%", "MRU: workload: 75%"], lines[1..4]);
        Assert.StartsWith("MRU: workload: done in ", lines[4]);
        Assert.Equal("MRU: inflating", lines[5]);
        Assert.Equal("a result", lines[6]);
        Assert.StartsWith("MRU: inflating: done in ", lines[7]);   // Dispose ends the last phase
        Assert.Equal(8, lines.Length);
        Assert.DoesNotContain('\r', text.ToString());
    }

    [Fact]
    public void QuietProgress_PrintsNothing_AndTheBar_RedrawsInPlace()
    {
        var quiet = new StringWriter();
        using (ProgressDisplay p = ProgressDisplay.Create(quiet, quiet: true, terminal: true)) { p.Phase("x", 10); p.Advance(5); p.Line("y"); }
        Assert.Equal("", quiet.ToString());

        var bar = new StringWriter();
        using (ProgressDisplay p = ProgressDisplay.Create(bar, quiet: false, terminal: true)) { p.Phase("inflating", 10); p.Advance(10); }
        Assert.Contains("\r[", bar.ToString());
        Assert.Contains("inflating: done in ", bar.ToString());
    }

    [Theory]
    [InlineData(64 * MiB, "MiB")]
    [InlineData(1 * GiB, "MiB")]
    [InlineData(2 * GiB - 4096, "MiB")]
    [InlineData(2 * GiB, "GiB")]
    [InlineData(8 * GiB, "GiB")]
    [InlineData(64 * GiB, "GiB")]
    public void TheChartsUnit_FitsTheGuest(ulong guest, string unit)
    {
        MemoryUnit u = MemoryUnit.For(guest);
        Assert.Equal(unit, u.Name);
        Assert.InRange(u.Of(guest), 2, 2048);   // never "8,500 MiB": the axis top stays a number one reads at a glance
    }

    [Fact]
    public void AnEightGiBGuestsTimeline_CountsGiB_AndRequestsOnItsAxes()
    {
        var settings = new SimulationSettings { GuestBytes = 8 * GiB, InflateBytes = 4 * GiB, DeflateToBytes = 2 * GiB };
        PolicyResult result = Result(8 * GiB);
        (ScottPlot.Plot workload, ScottPlot.Plot balloon) = Chart.Panels([result], settings);
        Assert.Contains("(GiB)", balloon.Axes.Left.Label.Text);
        Assert.Contains("requests", balloon.Axes.Bottom.Label.Text);
        Assert.Contains("workload operations", workload.Axes.Bottom.Label.Text);
        ScottPlot.AxisLimits limits = balloon.Axes.GetLimits();
        Assert.Equal(8 * 1.05, limits.Top, 6);      // in GiB
        Assert.Equal(0, limits.Left);
        Assert.True(limits.Right >= 3000, $"x reaches the last request ({limits.Right})");
        Assert.Contains(balloon.Legend.ManualItems, i => i.LabelText.Contains("released 3.00 GiB") && i.LabelText.Contains("75.0 % of ideal 4.00 GiB"));

        string path = Path.Combine(Path.GetTempPath(), $"timeline-{Guid.NewGuid():N}.png");
        try
        {
            Chart.Write(path, [result], settings);
            byte[] head = File.ReadAllBytes(path)[..8];
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, head);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TheIdealTable_IsReadBack_AndAnythingElseIsRefused()
    {
        const string Markdown = """
            some text
            | host page | workload | ideal (MiB) | pre-PR first fit 1 MiB | MRU 4 KiB |
            |---|---|---:|---:|---:|
            | 4K | mixed | 424.3 | 49.8 | 100.0 |
            | 2M | odd-sizes | 100.0 |  | 12.5 % |
            """;
        IdealTable table = IdealTable.Parse(Markdown);
        Assert.Equal(["pre-PR first fit 1 MiB", "MRU 4 KiB"], table.Policies);
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal(new IdealRow("4K", "mixed", 424.3, [49.8, 100.0]).Percent, table.Rows[0].Percent);
        Assert.Null(table.Rows[1].Percent[0]);
        Assert.Equal(12.5, table.Rows[1].Percent[1]);
        Assert.Throws<FormatException>(() => IdealTable.Parse("| a | b |\n|---|---|\n| 1 | 2 |"));
        Assert.Throws<FormatException>(() => IdealTable.Parse("| host page | workload | ideal | x |\n|---|---|---|---|\n| 4K | mixed | 1 |"));

        Assert.Equal(IdealChart.CellColor(100), IdealChart.CellColor(99.999));
        Assert.NotEqual(IdealChart.CellColor(100), IdealChart.CellColor(50));
        Assert.NotEqual(IdealChart.CellColor(null), IdealChart.CellColor(0));
    }

    /// <summary>A run of one policy on a guest: the workload populates 5/8 of it, a balloon of half the guest releases 3/8.</summary>
    private static PolicyResult Result(ulong guest)
    {
        ulong before = guest / 8 * 5, released = guest / 8 * 3, balloon = guest / 2;
        var samples = new List<Sample>();
        for (int op = 0; op <= 100; op++) samples.Add(new Sample(op * 100, "workload", before * (ulong)op / 100, 0, op * 0.01));
        long requests = (long)(balloon / 4096 / 256);
        for (long r = 1; r <= requests; r++)
            samples.Add(new Sample(r, "inflate", before - released * (ulong)r / (ulong)requests, balloon * (ulong)r / (ulong)requests, 1 + r * 0.001));
        for (long r = 1; r <= requests / 2; r++)
            samples.Add(new Sample(requests + r, "deflate", before - released, balloon - balloon / 2 * (ulong)r / (ulong)(requests / 2), 2 + r * 0.001));
        return new PolicyResult
        {
            Policy = "MRU buddy, 4 KiB pages", Backing = "Simulated", GuestBytes = guest, WorkloadOperations = 10_000, WorkloadRefusals = 0,
            GuestFreeBeforeInflateBytes = guest - guest / 20, HostPopulatedBeforeInflateBytes = before, InflateTargetBytes = balloon,
            BalloonAfterInflateBytes = balloon, InflateStoppedShort = false, HostPopulatedAfterInflateBytes = before - released,
            HostReleasedBytes = released, IdealReleasableBytes = guest / 2, Reporting = false, ReportedBytes = 0,
            BalloonPagesHostPopulatedShare = 0.75, GuestFreeAfterInflateBytes = guest / 2, DeflateTargetBytes = balloon / 2,
            BalloonAfterDeflateBytes = balloon / 2, GuestFreeAfterDeflateBytes = guest / 2, HostPopulatedAfterDeflateBytes = before - released,
            InflateRequests = (int)requests, WorkloadSeconds = 1, InflateSeconds = 1, DeflateSeconds = 1, TotalSeconds = 3,
            ProtocolViolations = [], Samples = samples, MeasuredInflateFromRequest = 0, MeasuredDeflateFromRequest = requests,
        };
    }
}
