using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Verified.Balloon;

namespace Verified.Benchmarks;

/// <summary>
/// Inflating a 1 GiB balloon (262,144 PFNs in 1,024 requests) through the virtqueues, on real memory: the device
/// discards with madvise(MADV_DONTNEED). Before each measured inflation the guest touches 1 GiB and frees it, so
/// every page the balloon takes is populated and madvise has real work; after it the balloon is deflated again
/// (neither is timed). Columns: pages per second from the median, and the share of the inflation spent inside
/// madvise (measured in the benchmark process around each madvise call, over the measured iterations).
/// </summary>
[Config(typeof(BalloonInflateConfig))]
public class BalloonBenchmarks
{
    public const uint GiBPages = 1u << 18;
    private const ulong GuestBytes = (1UL << 30) + (64UL << 20);

    [Params(InflatePolicy.MruSinglePages, InflatePolicy.PrePrFirstFit1MiB)]
    public InflatePolicy Policy { get; set; }

    private BalloonGuest _guest = null!;
    private long _discardNsBefore, _discardNs, _inflateTicks;

    [GlobalSetup]
    public void CreateGuest()
    {
        _guest = BalloonGuest.Create(new BalloonGuestOptions { MemoryBytes = GuestBytes, Backing = BackingKind.Real, Policy = Policy });
        if (_guest.Backing != BackingKind.Real) throw new InvalidOperationException($"The real backing is needed: {_guest.BackingFallbackReason}");
    }

    [IterationSetup]
    public void PopulateOneGiB()
    {
        var blocks = new List<ulong>();
        for (ulong done = 0; done < 1UL << 30; done += 1UL << 20) blocks.Add(_guest.AllocateAndTouch(1UL << 20));
        foreach (ulong b in blocks) _guest.Free(b, 1UL << 20);
        _discardNsBefore = ((MappedGuestMemory)_guest.Memory).DiscardTime.Nanoseconds;
    }

    /// <summary>The host asks for 1 GiB; driver and device run until the driver has reported it.</summary>
    [Benchmark]
    public uint InflateOneGiB()
    {
        long start = Stopwatch.GetTimestamp();
        _guest.SetTarget(GiBPages);
        while (_guest.Driver.Step() | _guest.Device.Service()) { }
        _inflateTicks += Stopwatch.GetTimestamp() - start;
        uint actual = _guest.BalloonPages;
        if (actual != GiBPages) throw new InvalidOperationException($"The balloon reached {actual} pages, not {GiBPages}.");
        return actual;
    }

    [IterationCleanup]
    public void Deflate()
    {
        _discardNs += ((MappedGuestMemory)_guest.Memory).DiscardTime.Nanoseconds - _discardNsBefore;
        _guest.SetTarget(0);
        while (_guest.Driver.Step() | _guest.Device.Service()) { }
        if (_guest.Violations.Count != 0) throw new InvalidOperationException($"Protocol violations: {string.Join("; ", _guest.Violations)}");
    }

    [GlobalCleanup]
    public void Report()
    {
        double inflateNs = _inflateTicks * 1e9 / Stopwatch.Frequency;
        double share = inflateNs > 0 ? _discardNs / inflateNs : 0;
        File.WriteAllText(MadviseShare.FileFor(Policy.ToString()), share.ToString("P1", CultureInfo.InvariantCulture));
        Console.WriteLine($"// {Policy}: madvise {_discardNs / 1e6:F1} ms of {inflateNs / 1e6:F1} ms inflating ({share:P1})");
        _guest.Dispose();
    }
}

/// <summary>One process, one warm-up and eight measured inflations per policy.</summary>
public sealed class BalloonInflateConfig : ManualConfig
{
    public BalloonInflateConfig()
    {
        AddJob(Job.Default.WithToolchain(ProjectToolchain.Instance).WithId("Inflate1GiB")
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(8).WithInvocationCount(1).WithUnrollFactor(1));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddColumn(new FuncColumn("pages/s", "PFNs inflated per second (262,144 / median)", (s, c) => PagesPerSecond(s, c), 1));
        AddColumn(new FuncColumn("madvise share", "Time inside madvise / time inflating, over the measured and warm-up iterations",
            (_, c) => MadviseShare.Read(ColumnValues.Parameter(c, "Policy")), 2));
        HideColumns(Column.Error, Column.StdDev);
    }

    private static string PagesPerSecond(Summary summary, BenchmarkDotNet.Running.BenchmarkCase c) =>
        summary[c]?.ResultStatistics is { } stats
            ? (BalloonBenchmarks.GiBPages / (stats.Median / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "-";
}

/// <summary>The madvise share is measured in the benchmark process and handed to the host process through a file.</summary>
public static class MadviseShare
{
    public static string FileFor(string policy) => Path.Combine(Path.GetTempPath(), $"verified-balloon-madvise-{policy}.txt");
    public static string Read(string policy) => File.Exists(FileFor(policy)) ? File.ReadAllText(FileFor(policy)) : "-";
}
