using Verified.Balloon;

namespace Verified.Simulation;

/// <summary>What the guest does before the balloon inflates.</summary>
public enum WorkloadShape
{
    /// <summary>A program mapping, touching and unmapping memory of mixed sizes while a page cache fills and evicts; then the program exits.</summary>
    Mixed,
    /// <summary>The program alone: it grows to about half of memory, churns, and exits.</summary>
    Program,
    /// <summary>The page cache alone: files read through a cache of about 60% of memory, then two thirds of it dropped.</summary>
    PageCache,
    /// <summary>Repeated balloon cycles: the mixed workload, the balloon inflated and deflated, the workload again, and
    /// the balloon inflated again (measured): deflated pages the host discarded sit among the free pages.</summary>
    Cycles,
    /// <summary>The program of the mixed workload, but each mapping is one contiguous allocation of a page count that is
    /// not a power of two (3 to 255 pages): a buddy heap trims the tail of each block and frees it untouched.</summary>
    OddSizes,
    /// <summary>Page-cache churn: a cache of half of memory read through continually beside a small program, then half
    /// of the cache dropped in random order, so free memory is interleaved with cached pages.</summary>
    Churn,
    /// <summary>The mixed workload with a balloon smaller than the populated free memory (default target: an eighth of
    /// the guest), so which free pages a policy takes decides what is released.</summary>
    SmallBalloon,
}

/// <summary>One run's settings, validated from the command line in Program.cs.</summary>
public sealed record SimulationSettings
{
    public ulong GuestBytes { get; init; } = 1UL << 30;
    public WorkloadShape Workload { get; init; } = WorkloadShape.Mixed;
    public int Seed { get; init; } = 42;
    /// <summary>Balloon size to inflate to, in bytes.</summary>
    public ulong InflateBytes { get; init; } = 512UL << 20;
    /// <summary>Balloon size to deflate to afterwards, in bytes (≤ <see cref="InflateBytes"/>).</summary>
    public ulong DeflateToBytes { get; init; } = 256UL << 20;
    public IReadOnlyList<InflatePolicy> Policies { get; init; } = [InflatePolicy.MruSinglePages, InflatePolicy.PrePrFirstFit1MiB];
    public BackingKind Backing { get; init; } = BackingKind.Real;
    public ulong HostPageBytes { get; init; } = 4096;
    /// <summary>How the host treats sub-pages of larger host pages (QEMU's rule by default).</summary>
    public HostModel HostModel { get; init; } = HostModel.Qemu;
    /// <summary>Free page reporting on (for the policies on the buddy heap; the pre-PR bitmap allocator has none).</summary>
    public bool Reporting { get; init; }
    /// <summary>Reporting parameters: order (null: the host page's), delay (idle driver steps), budget (blocks per pass),
    /// watermark (null: the free floor).</summary>
    public (int? Order, int DelaySteps, int BudgetBlocks, ulong? WatermarkBytes) ReportingParameters { get; init; } = (null, 0, int.MaxValue, null);
    /// <summary>Guest free memory the driver never inflates into (the reason a balloon can stop short of its target).</summary>
    public ulong FreeFloorBytes { get; init; } = 17UL << 20;
    /// <summary>PNG path of the chart, or null for none.</summary>
    public string? ChartPath { get; init; } = "artifacts/balloon-chart.png";
    /// <summary>JSON output path ("-" for standard output), or null.</summary>
    public string? JsonPath { get; init; }
    /// <summary>CSV output path ("-" for standard output), or null.</summary>
    public string? CsvPath { get; init; }
    /// <summary>No progress lines on standard error.</summary>
    public bool Quiet { get; init; }
}
