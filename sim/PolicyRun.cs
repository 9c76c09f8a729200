using System.Diagnostics;
using Verified.Balloon;

namespace Verified.Simulation;

/// <summary>One point of the chart: host-populated memory after a number of simulation steps.</summary>
public readonly record struct Sample(long Step, string Phase, ulong HostPopulatedBytes);

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
        _ => policy.ToString(),
    };

    public static PolicyResult Run(SimulationSettings settings, InflatePolicy policy, Action<string> progress)
    {
        var total = Stopwatch.StartNew();
        using BalloonGuest guest = BalloonGuest.Create(new BalloonGuestOptions
        {
            MemoryBytes = settings.GuestBytes,
            Backing = settings.Backing,
            Policy = policy,
            HostPageSize = settings.HostPageBytes,
            FreeFloorBytes = settings.FreeFloorBytes,
        });
        string name = Name(policy);
        if (guest.BackingFallbackReason is { } why)   // said even with --quiet: the figures mean something else then
            Console.Error.WriteLine($"{name}: mmap is unavailable ({why}); falling back to the simulated backing");

        var samples = new List<Sample>();
        long step = 0;
        string phase = "workload";
        void Sample() => samples.Add(new Sample(step, phase, guest.HostPopulatedBytes));

        // 1. The workload.
        progress($"{name}: booting a {ByteSize.Format(settings.GuestBytes)} guest on {guest.Backing} memory, running the {settings.Workload} workload");
        var clock = Stopwatch.StartNew();
        var workload = new Workload(guest, settings);
        workload.Run(() => { step = workload.Operations; Sample(); });
        double workloadSeconds = clock.Elapsed.TotalSeconds;
        ulong freeBefore = guest.GuestFreeBytes;
        ulong populatedBefore = guest.HostPopulatedBytes;
        var populatedPages = new bool[settings.GuestBytes / Page];
        guest.Memory.GetPopulated(0, populatedPages);
        progress($"{name}: workload done ({workload.Operations} operations), {ByteSize.Mib(populatedBefore)} host-populated, {ByteSize.Mib(freeBefore)} free in the guest");

        // 2. Inflate.
        phase = "inflate";
        progress($"{name}: inflating the balloon to {ByteSize.Format(settings.InflateBytes)}");
        clock.Restart();
        int requestsBefore = 0;
        RunPhase(guest, (uint)(settings.InflateBytes / Page), ref step, Sample, ref requestsBefore, progress, name);
        RunReport inflated = guest.RunUntilQuiescent();
        double inflateSeconds = clock.Elapsed.TotalSeconds;
        ulong balloonAfterInflate = (ulong)guest.BalloonPages * Page;
        ulong populatedAfterInflate = guest.HostPopulatedBytes;
        ulong freeAfterInflate = guest.GuestFreeBytes;
        ulong[] pfns = guest.Driver.BalloonPfns();
        long wasPopulated = 0;
        foreach (ulong pfn in pfns) if (pfn < (ulong)populatedPages.Length && populatedPages[pfn]) wasPopulated++;
        Sample();

        // 3. Deflate part of it.
        phase = "deflate";
        progress($"{name}: deflating the balloon to {ByteSize.Format(settings.DeflateToBytes)}");
        clock.Restart();
        int deflateRequests = 0;
        RunPhase(guest, (uint)(settings.DeflateToBytes / Page), ref step, Sample, ref deflateRequests, progress, name);
        guest.RunUntilQuiescent();
        double deflateSeconds = clock.Elapsed.TotalSeconds;
        Sample();

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
            BalloonPagesHostPopulatedShare = pfns.Length == 0 ? 0 : wasPopulated / (double)pfns.Length,
            GuestFreeAfterInflateBytes = freeAfterInflate,
            DeflateTargetBytes = settings.DeflateToBytes,
            BalloonAfterDeflateBytes = (ulong)guest.BalloonPages * Page,
            GuestFreeAfterDeflateBytes = guest.GuestFreeBytes,
            HostPopulatedAfterDeflateBytes = guest.HostPopulatedBytes,
            InflateRequests = requestsBefore,
            WorkloadSeconds = workloadSeconds,
            InflateSeconds = inflateSeconds,
            DeflateSeconds = deflateSeconds,
            TotalSeconds = total.Elapsed.TotalSeconds,
            ProtocolViolations = violations,
            Samples = samples,
        };
    }

    /// <summary>Sets the target and runs driver and device round by round until quiet, sampling as the balloon moves.</summary>
    private static void RunPhase(BalloonGuest guest, uint targetPages, ref long step, Action sample, ref int requests,
        Action<string> progress, string name)
    {
        guest.SetTarget(targetPages);
        uint start = guest.BalloonPages;
        long distance = Math.Abs((long)targetPages - start);
        uint lastActual = start;
        int lastPercent = -1;
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
                int percent = distance == 0 ? 100 : (int)(100 * Math.Abs((long)actual - start) / distance);
                if (percent / 25 != lastPercent / 25)
                {
                    lastPercent = percent;
                    progress($"{name}:   balloon {ByteSize.Mib((ulong)actual * Page)} ({percent}% of the way)");
                }
            }
            if (!driver && !device) break;
        }
    }
}
