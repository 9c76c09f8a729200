using System.Diagnostics;
using Verified.Balloon;

namespace Verified.Simulation;

/// <summary>One point of the chart: host-populated memory and the balloon's size at a step of a phase; the step counts
/// workload operations in the workload phase and balloon requests (inflate and deflate, acknowledged) while the
/// balloon moves. Seconds since the policy's guest booted.</summary>
public readonly record struct Sample(long Step, string Phase, ulong HostPopulatedBytes, ulong BalloonBytes, double Seconds);

/// <summary>What one policy's run measured.</summary>
public sealed record PolicyResult
{
    public required string Policy { get; init; }
    public required string Backing { get; init; }
    public string? BackingFallbackReason { get; init; }
    public required ulong GuestBytes { get; init; }
    public required long WorkloadOperations { get; init; }
    public required long WorkloadRefusals { get; init; }
    public required ulong GuestFreeBeforeInflateBytes { get; init; }
    public required ulong HostPopulatedBeforeInflateBytes { get; init; }
    public required ulong InflateTargetBytes { get; init; }
    public required ulong BalloonAfterInflateBytes { get; init; }
    public required bool InflateStoppedShort { get; init; }
    public required ulong HostPopulatedAfterInflateBytes { get; init; }
    public required ulong HostReleasedBytes { get; init; }
    /// <summary>The most populated memory any choice of the balloon's pages could have released (see BalloonIdeal).</summary>
    public required ulong IdealReleasableBytes { get; init; }
    /// <summary>Released as a share of the ideal (above 1 only with free page reporting, which the balloon size does not bound).
    /// Null when the ideal is 0 and something was released (by reporting).</summary>
    public double? ShareOfIdeal => IdealReleasableBytes == 0 ? (HostReleasedBytes == 0 ? 1 : null) : HostReleasedBytes / (double)IdealReleasableBytes;
    /// <summary>Free page reporting was negotiated for this run.</summary>
    public required bool Reporting { get; init; }
    /// <summary>Bytes the host discarded for reported free ranges during the measured inflation.</summary>
    public required ulong ReportedBytes { get; init; }
    /// <summary>Balloon pages (after inflation) that the host held populated just before it, as a share of the balloon.</summary>
    public required double BalloonPagesHostPopulatedShare { get; init; }
    public required ulong GuestFreeAfterInflateBytes { get; init; }
    public required ulong DeflateTargetBytes { get; init; }
    public required ulong BalloonAfterDeflateBytes { get; init; }
    public required ulong GuestFreeAfterDeflateBytes { get; init; }
    public required ulong HostPopulatedAfterDeflateBytes { get; init; }
    public required int InflateRequests { get; init; }
    public required double WorkloadSeconds { get; init; }
    public required double InflateSeconds { get; init; }
    public required double DeflateSeconds { get; init; }
    public required double TotalSeconds { get; init; }
    public required IReadOnlyList<string> ProtocolViolations { get; init; }
    public required IReadOnlyList<Sample> Samples { get; init; }
    /// <summary>The balloon request count (the chart's x axis) at which the measured inflation began.</summary>
    public required long MeasuredInflateFromRequest { get; init; }
    /// <summary>The balloon request count at which the deflation after it began.</summary>
    public required long MeasuredDeflateFromRequest { get; init; }
}

/// <summary>Names of the workloads as the command line spells them.</summary>
public static class Workloads
{
    public static string Name(WorkloadShape shape) => shape switch
    {
        WorkloadShape.Mixed => "mixed",
        WorkloadShape.Program => "program",
        WorkloadShape.PageCache => "page-cache",
        WorkloadShape.Cycles => "cycles",
        WorkloadShape.OddSizes => "odd-sizes",
        WorkloadShape.Churn => "churn",
        WorkloadShape.SmallBalloon => "small-balloon",
        _ => shape.ToString(),
    };

    public static readonly WorkloadShape[] All =
        [WorkloadShape.Mixed, WorkloadShape.Program, WorkloadShape.PageCache, WorkloadShape.Cycles, WorkloadShape.OddSizes, WorkloadShape.Churn, WorkloadShape.SmallBalloon];
}

/// <summary>Boots a guest with one policy, runs the workload, inflates the balloon, deflates part of it, and measures.</summary>
public static class PolicyRun
{
    private const ulong Page = 4096;

    public static string Name(InflatePolicy policy) => policy switch
    {
        InflatePolicy.MruSinglePages => "MRU buddy, 4 KiB pages",
        InflatePolicy.PrePrFirstFit1MiB => "pre-PR first fit, 1 MiB",
        InflatePolicy.FirstFitSinglePages => "first fit, 4 KiB pages",
        InflatePolicy.MruBatch1MiB => "MRU buddy, 1 MiB batches",
        InflatePolicy.HostCleanAwareMru => "host-clean-aware MRU",
        _ => policy.ToString(),
    };

    /// <summary>The policy's name, with "+ reporting" when free page reporting is on for it.</summary>
    public static string Name(InflatePolicy policy, bool reporting) => Name(policy) + (reporting ? " + reporting" : "");

    /// <summary>Free page reporting is on for this policy in this run (the bitmap allocator has no reporting).</summary>
    public static bool Reports(SimulationSettings settings, InflatePolicy policy) => settings.Reporting && policy.UsesBuddyHeap();

    public static PolicyResult Run(SimulationSettings settings, InflatePolicy policy, ProgressDisplay progress)
    {
        var total = Stopwatch.StartNew();
        bool reporting = Reports(settings, policy);
        BalloonFeatures features = new BalloonDriverOptions().RequestedFeatures | (reporting ? BalloonFeatures.PageReporting : 0);
        string name = Name(policy, reporting);
        progress.Phase($"{name}: booting a {ByteSize.Format(settings.GuestBytes)} guest", 0);
        using BalloonGuest guest = BalloonGuest.Create(new BalloonGuestOptions
        {
            MemoryBytes = settings.GuestBytes,
            Backing = settings.Backing,
            Policy = policy,
            HostPageSize = settings.HostPageBytes,
            HostModel = settings.HostModel,
            FreeFloorBytes = settings.FreeFloorBytes,
            DriverFeatures = features,
            Reporting = settings.ReportingParameters,
        });
        if (guest.BackingFallbackReason is { } why)   // said even with --quiet: the figures mean something else then
            Console.Error.WriteLine($"{name}: mmap is unavailable ({why}); falling back to the simulated backing");

        var samples = new List<Sample>();
        long step = 0;              // the chart's x axis in the workload: operations done so far
        long balloonRequests = 0;   // the chart's x axis while the balloon moves: requests acknowledged so far
        string phase = "workload";
        void Sample() => samples.Add(new Sample(phase == "workload" ? step : balloonRequests, phase, guest.HostPopulatedBytes, (ulong)guest.BalloonPages * Page, total.Elapsed.TotalSeconds));
        int requests = 0;

        // 1. The workload (with balloon cycles: workload, inflate, deflate, workload again).
        progress.Phase($"{name}: {Workloads.Name(settings.Workload)} workload on {guest.Backing} memory", 1000);
        var clock = Stopwatch.StartNew();
        var workload = new Workload(guest, settings);
        workload.Run((done, steps) => { step = workload.Operations; Sample(); progress.Advance(done * 1000 / Math.Max(1, steps)); });
        CrossCheck(guest, name, "the workload");
        if (settings.Workload == WorkloadShape.Cycles)
        {
            phase = "inflate";
            RunPhase(guest, (uint)(settings.InflateBytes / Page), ref balloonRequests, Sample, ref requests, progress, $"{name}: first cycle, inflating to {ByteSize.Format(settings.InflateBytes)}");
            phase = "deflate";
            RunPhase(guest, (uint)(settings.DeflateToBytes / Page), ref balloonRequests, Sample, ref requests, progress, $"{name}: first cycle, deflating to {ByteSize.Format(settings.DeflateToBytes)}");
            guest.RunUntilQuiescent();
            CrossCheck(guest, name, "the first balloon cycle");
            phase = "workload";
            progress.Phase($"{name}: the workload runs again", 1000);
            workload.Run((done, steps) => { step = workload.Operations; Sample(); progress.Advance(done * 1000 / Math.Max(1, steps)); });
            CrossCheck(guest, name, "the second workload round");
        }
        double workloadSeconds = clock.Elapsed.TotalSeconds;
        progress.Phase($"{name}: computing the ideal", 0);
        ulong freeBefore = guest.GuestFreeBytes;
        ulong populatedBefore = guest.HostPopulatedBytes;
        var populatedPages = new ulong[(settings.GuestBytes / Page + 63) / 64];
        guest.Memory.CopyPopulatedBits(populatedPages);
        // The ideal: any choice of the pages the balloon may still take (its target, less what it holds, within the floor).
        ulong targetPages = settings.InflateBytes / Page;
        ulong roomPages = freeBefore > settings.FreeFloorBytes ? (freeBefore - settings.FreeFloorBytes) / Page : 0;
        ulong budget = Math.Min(targetPages - Math.Min(targetPages, guest.BalloonPages), roomPages);
        ulong ideal = guest.IdealReleasableBytes(budget);
        ulong reportedBefore = guest.Device.ReportedBytes;
        progress.Line($"{name}: {workload.Operations} workload operations, {ByteSize.Mib(populatedBefore)} host-populated, {ByteSize.Mib(freeBefore)} free in the guest; ideal release {ByteSize.Mib(ideal)}");

        // 2. Inflate (measured).
        phase = "inflate";
        long inflateStart = balloonRequests;
        clock.Restart();
        int requestsBefore = requests;
        RunPhase(guest, (uint)targetPages, ref balloonRequests, Sample, ref requests, progress, $"{name}: inflating the balloon to {ByteSize.Format(settings.InflateBytes)}");
        RunReport inflated = guest.RunUntilQuiescent();
        double inflateSeconds = clock.Elapsed.TotalSeconds;
        CrossCheck(guest, name, "inflating");
        ulong balloonAfterInflate = (ulong)guest.BalloonPages * Page;
        ulong populatedAfterInflate = guest.HostPopulatedBytes;
        ulong freeAfterInflate = guest.GuestFreeBytes;
        ulong[] pfns = guest.Driver.BalloonPfns();
        long wasPopulated = 0;
        foreach (ulong pfn in pfns) if (pfn < settings.GuestBytes / Page && (populatedPages[pfn / 64] & (1UL << (int)(pfn % 64))) != 0) wasPopulated++;
        ulong reported = guest.Device.ReportedBytes - reportedBefore;
        Sample();

        // 3. Deflate part of it.
        phase = "deflate";
        long deflateStart = balloonRequests;
        clock.Restart();
        int deflateRequests = 0;
        RunPhase(guest, (uint)(settings.DeflateToBytes / Page), ref balloonRequests, Sample, ref deflateRequests, progress, $"{name}: deflating the balloon to {ByteSize.Format(settings.DeflateToBytes)}");
        guest.RunUntilQuiescent();
        double deflateSeconds = clock.Elapsed.TotalSeconds;
        CrossCheck(guest, name, "deflating");
        Sample();
        progress.Done();

        var violations = guest.Violations.Select(v => $"{v.Kind} (queue {v.Queue}{(v.Pfn is ulong p ? $", pfn 0x{p:X}" : "")}): {v.Detail}").ToList();
        return new PolicyResult
        {
            Policy = name,
            Backing = guest.Backing.ToString(),
            BackingFallbackReason = guest.BackingFallbackReason,
            GuestBytes = settings.GuestBytes,
            WorkloadOperations = workload.Operations,
            WorkloadRefusals = workload.Refusals,
            GuestFreeBeforeInflateBytes = freeBefore,
            HostPopulatedBeforeInflateBytes = populatedBefore,
            InflateTargetBytes = settings.InflateBytes,
            BalloonAfterInflateBytes = balloonAfterInflate,
            InflateStoppedShort = inflated.InflateBlocked || balloonAfterInflate < settings.InflateBytes,
            HostPopulatedAfterInflateBytes = populatedAfterInflate,
            HostReleasedBytes = populatedBefore > populatedAfterInflate ? populatedBefore - populatedAfterInflate : 0,
            IdealReleasableBytes = ideal,
            Reporting = reporting,
            ReportedBytes = reported,
            BalloonPagesHostPopulatedShare = pfns.Length == 0 ? 0 : wasPopulated / (double)pfns.Length,
            GuestFreeAfterInflateBytes = freeAfterInflate,
            DeflateTargetBytes = settings.DeflateToBytes,
            BalloonAfterDeflateBytes = (ulong)guest.BalloonPages * Page,
            GuestFreeAfterDeflateBytes = guest.GuestFreeBytes,
            HostPopulatedAfterDeflateBytes = guest.HostPopulatedBytes,
            InflateRequests = requests - requestsBefore,
            WorkloadSeconds = workloadSeconds,
            InflateSeconds = inflateSeconds,
            DeflateSeconds = deflateSeconds,
            TotalSeconds = total.Elapsed.TotalSeconds,
            ProtocolViolations = violations,
            Samples = samples,
            MeasuredInflateFromRequest = inflateStart,
            MeasuredDeflateFromRequest = deflateStart,
        };
    }

    /// <summary>The populated count kept page by page must equal what the backing says (mincore on real memory), at
    /// the end of every phase; a difference is a bug in the accounting and fails the run.</summary>
    /// <exception cref="InvalidOperationException">The two figures differ.</exception>
    private static void CrossCheck(BalloonGuest guest, string name, string after)
    {
        ulong kept = guest.HostPopulatedBytes, measured = guest.MeasureHostPopulatedBytes();
        if (kept != measured)
            throw new InvalidOperationException($"{name}: after {after} the populated memory counted page by page is {kept} bytes, " +
                                                $"but the {guest.Backing} backing says {measured} bytes");
    }

    /// <summary>Sets the target and runs driver and device round by round until quiet, sampling after each request.</summary>
    private static void RunPhase(BalloonGuest guest, uint targetPages, ref long step, Action sample, ref int requests,
        ProgressDisplay progress, string label)
    {
        guest.SetTarget(targetPages);
        uint start = guest.BalloonPages;
        long distance = Math.Abs((long)targetPages - start);
        progress.Phase(label, distance);
        uint lastActual = start;
        for (int rounds = 0; rounds < 10_000_000; rounds++)
        {
            bool driver = guest.Driver.Step();
            bool device = guest.Device.Service();
            uint actual = guest.BalloonPages;
            if (actual != lastActual)
            {
                requests++;
                step++;
                lastActual = actual;
                sample();
                progress.Advance(Math.Abs((long)actual - start));
            }
            if (!driver && !device) break;
        }
    }
}
