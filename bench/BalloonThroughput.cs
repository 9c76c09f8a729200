using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Verified.Balloon;

namespace Verified.Benchmarks;

/// <summary>
/// Balloon throughput: inflating a 256 MiB guest's balloon by 64 MiB, and deflating it again, with each policy — the
/// driver's allocations, the virtqueue traffic through guest memory, the device's checks and its discards
/// (<c>madvise</c> on the real backing), until both sides are quiet and the device has audited the balloon. All free
/// memory is written once before, so the host holds it populated as after a workload. Each iteration moves the balloon
/// once; the "MiB/s" column divides the 64 MiB by the median iteration.
/// </summary>
[Config(typeof(BalloonThroughputConfig))]
public class BalloonThroughput
{
    private const ulong GuestBytes = 256UL << 20;
    public const ulong MovedBytes = 64UL << 20;

    [Params(InflatePolicy.MruSinglePages, InflatePolicy.PrePrFirstFit1MiB)]
    public InflatePolicy Policy { get; set; }

    private BalloonGuest _guest = null!;

    [GlobalSetup]
    public void Boot()
    {
        _guest = BalloonGuest.Create(new BalloonGuestOptions { MemoryBytes = GuestBytes, Backing = BackingKind.Real, Policy = Policy });
        // Populate the free memory the way a workload would: take it, write it, give it back.
        var taken = new List<(ulong, ulong)>();
        ulong chunk = _guest.Allocator.MaxBlockSize;
        while (_guest.Allocator.FreeBytes >= chunk && _guest.Allocator.TryAllocate(chunk, out ulong a))
        {
            _guest.Memory.Touch(a, chunk);
            taken.Add((a, chunk));
        }
        foreach ((ulong a, ulong s) in taken) _guest.Allocator.Free(a, s);
    }

    [GlobalCleanup]
    public void Shutdown() => _guest.Dispose();

    private void MoveTo(ulong balloonBytes)
    {
        _guest.SetTarget((uint)(balloonBytes / 4096));
        RunReport report = _guest.RunUntilQuiescent();
        if (report.NewViolations != 0 || report.Actual != balloonBytes / 4096)
            throw new InvalidOperationException($"balloon run ended at {report.Actual} pages with {report.NewViolations} violations");
    }

    [IterationSetup(Target = nameof(Inflate64M))]
    public void EmptyBalloon() => MoveTo(0);

    /// <summary>0 → 64 MiB.</summary>
    [Benchmark]
    public void Inflate64M() => MoveTo(MovedBytes);

    [IterationSetup(Target = nameof(Deflate64M))]
    public void FullBalloon() => MoveTo(MovedBytes);

    /// <summary>64 MiB → 0.</summary>
    [Benchmark]
    public void Deflate64M() => MoveTo(0);
}

public sealed class BalloonThroughputConfig : ManualConfig
{
    public BalloonThroughputConfig()
    {
        AddJob(Job.Default.WithToolchain(ProjectToolchain.Instance).WithId("Balloon").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddColumn(new FuncColumn("MiB/s (median)", "64 MiB / median iteration time",
            (s, c) => s[c]?.ResultStatistics is { } st ? (BalloonThroughput.MovedBytes / (double)(1 << 20) / (st.Median / 1e9)).ToString("F0") : "-", 1));
        HideColumns(Column.Error, Column.StdDev, Column.Gen0, Column.Gen1, Column.Gen2);
    }
}
