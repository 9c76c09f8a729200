using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Verified.Buddy;

namespace Verified.Benchmarks;

/// <summary>
/// Trace replay, each replay on a fresh heap, in two jobs. <c>DefaultRuntime</c>: the runtime as users run it (tiered
/// compilation with dynamic PGO), with 70 warm-up replays, then ten timed replays. The replay loop is called once per
/// replay, so its tier-ups happen late: until it has passed them it runs as on-stack-replaced code, and the replay in
/// which the runtime promotes it shows runtime bytes on the replaying thread (3,976-8,104 B seen at 40 warm-ups, and at
/// the 43rd call with dynamic PGO off; never with tiering off; none in 40 timed replays after 70 warm-ups,
/// docs/benchmarks.md). <c>TC0</c>: the same with <c>DOTNET_TieredCompilation=0</c> (everything compiled once,
/// fully optimised, no profile) and three warm-ups, for comparison with earlier runs. The ns/op columns divide the
/// median (and the fastest) replay by the trace's operation count.
/// </summary>
public sealed class TraceReplayConfig : ManualConfig
{
    /// <summary>Warm-up replays of the default-settings job.</summary>
    public const int DefaultWarmups = 70;

    public TraceReplayConfig()
    {
        AddJob(Job.Default.WithToolchain(ProjectToolchain.Instance).WithId("DefaultRuntime")
            .WithLaunchCount(1).WithWarmupCount(DefaultWarmups).WithIterationCount(10));
        AddJob(Job.Default.WithToolchain(ProjectToolchain.Instance).WithId("TC0")
            .WithEnvironmentVariable("DOTNET_TieredCompilation", "0").WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddColumn(new FuncColumn("ops", "Operations in the trace (allocations and frees)",
            (_, c) => TraceFiles.Load(ColumnValues.Parameter(c, "Trace")).Ops.Length.ToString(), 1));
        AddColumn(new FuncColumn("ns/op median", "Median replay time / operations",
            (s, c) => ColumnValues.NanosecondsPerOperation(s, c, TraceFiles.Load(ColumnValues.Parameter(c, "Trace")).Ops.Length), 2));
        AddColumn(new FuncColumn("ns/op min", "Fastest replay time / operations",
            (s, c) => ColumnValues.NanosecondsPerOperation(s, c, TraceFiles.Load(ColumnValues.Parameter(c, "Trace")).Ops.Length, minimum: true), 3));
        AddColumn(new FuncColumn("failed", "Failed allocations in one replay (the harness never fails)",
            (_, c) => ReplayChecks.FailedAllocations(TraceFiles.Load(ColumnValues.Parameter(c, "Trace")), ColumnValues.Method(c)).ToString(), 4));
        AddColumn(new FuncColumn("min failed", "Failures any allocator must have (trace header: expected_min_failures)",
            (_, c) => TraceFiles.Load(ColumnValues.Parameter(c, "Trace")).MinimumFailures.ToString(), 5));
        AddColumn(new FuncColumn("replay alloc B", "Bytes the replaying thread allocated in one replay (GC.GetAllocatedBytesForCurrentThread, host process, second replay)",
            (_, c) => ReplayChecks.ReplayAllocatedBytes(TraceFiles.Load(ColumnValues.Parameter(c, "Trace")), ColumnValues.Method(c)).ToString(), 6));
        AddColumn(new FuncColumn("Nanos C ns/op (ref.)", "The Nanos page heap (C, gcc -O2, no lock) on the same trace: reference figure from bench/trace-gen/README.md, another machine and run",
            (_, c) => PeerFigures.NanosNanoseconds(ColumnValues.Parameter(c, "Trace")), 7));
        AddColumn(new FuncColumn("Nanos+lock ns/op (issue 12)", "The Nanos page heap with its SMP spin lock (C, gcc -O2), median, side by side on a 2-core EPYC: reference figure of issue 12, another run",
            (_, c) => PeerFigures.NanosLockedNanoseconds(ColumnValues.Parameter(c, "Trace")), 8));
        HideColumns(Column.Error, Column.StdDev, Column.RatioSD, Column.Gen0, Column.Gen1, Column.Gen2);
    }
}

/// <summary>Scaling: short runs; reports the heap's metadata as a share of the bytes it manages.</summary>
public sealed class HeapScalingConfig : ManualConfig
{
    public HeapScalingConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(ProjectToolchain.Instance).WithId("Short").WithIterationCount(5));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new FuncColumn("metadata %", "MetadataBytes / TotalBytes of the heap, in percent",
            (_, c) => MetadataShare.Percent(ColumnValues.Parameter(c, "Heap")), 1));
        HideColumns(Column.Error, Column.StdDev, Column.Gen0, Column.Gen1, Column.Gen2);
    }
}

/// <summary>MRU buddy vs bitmap first fit: short runs; each allocator's bookkeeping as a share of the bytes it manages.</summary>
public sealed class AllocatorComparisonConfig : ManualConfig
{
    public AllocatorComparisonConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(ProjectToolchain.Instance).WithId("Short").WithIterationCount(5));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new FuncColumn("metadata %", "Bookkeeping bytes / managed bytes, in percent",
            (_, c) => MetadataShare.Percent(ColumnValues.Parameter(c, "Heap"), ColumnValues.Parameter(c, "Allocator")), 1));
        HideColumns(Column.Error, Column.StdDev, Column.Gen0, Column.Gen1, Column.Gen2);
    }
}

/// <summary>The heap's bookkeeping as a share of the bytes it manages, measured on a real heap of that size.</summary>
public static class MetadataShare
{
    private static readonly Dictionary<string, string> Cache = [];

    public static string Percent(string heap, string allocator = "MruBuddy")
    {
        lock (Cache)
        {
            string key = allocator + "/" + heap;
            if (Cache.TryGetValue(key, out string? value)) return value;
            ulong bytes = Sizes.Parse(heap), metadata;
            if (allocator == "BitmapFirstFit")
            {
                metadata = new BitmapFirstFitAllocator(0, bytes).MetadataBytes;
            }
            else
            {
                var buddy = new BuddyHeap();
                buddy.AddRange(0, bytes);
                metadata = buddy.MetadataBytes;
            }
            value = $"{100.0 * metadata / bytes:F4} % ({metadata:N0} B)";
            Cache[key] = value;
            return value;
        }
    }
}

/// <summary>Reference figures of the Nanos C heap on the same traces (bench/trace-gen/README.md) (median of 5 processes, each the best of 5 replays).</summary>
public static class PeerFigures
{
    public static string NanosNanoseconds(string trace) => trace switch
    {
        "mixed_256M" => "29.4",
        "mixed_1G" => "31.3",
        "mixed_4G" => "37.2",
        "balloon_256M" => "17.5",
        "balloon_1G" => "17.0",
        "balloon_4G" => "21.5",
        _ => "-",
    };

    /// <summary>Issue 12's side-by-side figures: the Nanos page heap with its SMP spin lock, median over 5 processes.</summary>
    public static string NanosLockedNanoseconds(string trace) => trace switch
    {
        "mixed_256M" => "25.3",
        "mixed_1G" => "22.3",
        "mixed_4G" => "24.4",
        "balloon_256M" => "13.6",
        "balloon_1G" => "12.9",
        "balloon_4G" => "12.9",
        _ => "-",
    };
}
