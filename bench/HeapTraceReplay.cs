using BenchmarkDotNet.Attributes;
using Verified.Buddy;

namespace Verified.Benchmarks;

/// <summary>
/// Replays the shared page-allocation traces (mixed and balloon, 256 MiB to 4 GiB) through the heap, and through the
/// harness alone (the same loop with a do-nothing allocator). Each iteration replays the whole trace once on a fresh
/// heap; the "ns/op" columns divide by the trace's operation count (allocations and frees together).
/// </summary>
[Config(typeof(TraceReplayConfig))]
public class HeapTraceReplay
{
    [ParamsSource(nameof(TraceNames))]
    public string Trace { get; set; } = "";

    public static IEnumerable<string> TraceNames => TraceFiles.Names;

    private AllocationTrace _trace = null!;
    private ReplaySlot[] _slots = [];
    private BuddyHeap _heap = null!;
    private ConcurrentBuddyHeap _lockedHeap = null!;
    private ConcurrentBuddyHeap _unbiasedHeap = null!;

    [GlobalSetup]
    public void LoadTrace()
    {
        _trace = TraceFiles.Load(Trace);
        _slots = ReplaySlot.For(_trace);
        // Refuse to time a replay whose failures are impossible: fewer than the trace's stated minimum.
        foreach (string allocator in new[] { nameof(Buddy), nameof(LockedBuddy), nameof(LockedBuddyUnbiased) })
        {
            long failed = ReplayChecks.FailedAllocations(_trace, allocator);
            if (failed < _trace.MinimumFailures)
                throw new InvalidOperationException($"{Trace}: {failed} failed allocations, below the minimum {_trace.MinimumFailures}");
        }
    }

    [IterationSetup]
    public void FreshHeap()
    {
        _heap = ReplayChecks.NewHeap(_trace);
        _lockedHeap = ReplayChecks.NewLockedHeap(_trace);
        _unbiasedHeap = ReplayChecks.NewLockedHeap(_trace, biasedLock: false);
        ReplayChecks.SettleGarbage();
    }

    /// <summary>The loop, the array traffic and the calls, with an allocator that does nothing.</summary>
    [Benchmark(Baseline = true)]
    public ulong Harness()
    {
        var target = new HarnessTarget();
        long failed = TraceReplayer.Replay(_trace, ref target, _slots);
        return target.Checksum + (ulong)failed;
    }

    /// <summary><see cref="BuddyHeap"/> on its own: no lock; every free is checked (double frees, foreign addresses).</summary>
    [Benchmark]
    public long Buddy()
    {
        var target = new BuddyTarget(_heap);
        return TraceReplayer.Replay(_trace, ref target, _slots);
    }

    /// <summary>The product configuration: <see cref="ConcurrentBuddyHeap"/>, every operation under its spin lock
    /// (uncontended here, so the replaying thread owns the lock's bias from its first operation on).</summary>
    [Benchmark]
    public long LockedBuddy()
    {
        var target = new LockedBuddyTarget(_lockedHeap);
        return TraceReplayer.Replay(_trace, ref target, _slots);
    }

    /// <summary>The control for the bias: the same heap with <c>biasedLock: false</c>, a compare-exchange on every
    /// operation (what every thread pays once a second thread has used a biased heap).</summary>
    [Benchmark]
    public long LockedBuddyUnbiased()
    {
        var target = new LockedBuddyTarget(_unbiasedHeap);
        return TraceReplayer.Replay(_trace, ref target, _slots);
    }
}

/// <summary>Untimed replays that the columns and the setup use to report and check failed allocations.</summary>
public static class ReplayChecks
{
    public static BuddyHeap NewHeap(AllocationTrace trace)
    {
        var heap = new BuddyHeap();
        heap.AddRange(0, trace.HeapBytes);
        return heap;
    }

    public static ConcurrentBuddyHeap NewLockedHeap(AllocationTrace trace, bool biasedLock = true)
    {
        var heap = new ConcurrentBuddyHeap(biasedLock: biasedLock);
        heap.AddRange(0, trace.HeapBytes);
        return heap;
    }

    /// <summary>
    /// A blocking full collection, so that no background collection of the previous heaps (megabytes of large-object
    /// garbage per replay) runs during the next timed replay. One that does retires the replaying thread's allocation
    /// context, which <see cref="GC.GetAllocatedBytesForCurrentThread"/> then reports as about 8 KB "allocated" by a
    /// replay that allocated nothing, and the replay runs beside it. Seen in a standalone replayer: 2 of 3
    /// processes had one such replay in 105 (8104 B, and twice the usual replay time); with DOTNET_gcConcurrent=0, 0 of 4.
    /// </summary>
    public static void SettleGarbage()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static readonly Dictionary<(string, string), long> Cache = [];
    private static readonly Dictionary<(string, string), long> AllocationCache = [];

    /// <summary>
    /// Managed bytes allocated by the replaying thread during one replay of the trace by the named benchmark's allocator,
    /// counted with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around a second replay (the first compiles the code).
    /// Unlike BenchmarkDotNet's Allocated column, which counts every thread of the process (a background tier-1
    /// compilation lands in it), this counts the replay alone.
    /// </summary>
    public static long ReplayAllocatedBytes(AllocationTrace trace, string method)
    {
        lock (AllocationCache)
        {
            if (AllocationCache.TryGetValue((trace.Name, method), out long cached)) return cached;
            var slots = ReplaySlot.For(trace);
            long bytes = 0;
            for (int round = 0; round < 2; round++)
            {
                long before;
                switch (method)
                {
                    case nameof(HeapTraceReplay.Harness):
                        var harness = new HarnessTarget();
                        SettleGarbage();
                        before = GC.GetAllocatedBytesForCurrentThread();
                        TraceReplayer.Replay(trace, ref harness, slots);
                        break;
                    case nameof(HeapTraceReplay.LockedBuddy) or nameof(HeapTraceReplay.LockedBuddyUnbiased):
                        var locked = new LockedBuddyTarget(NewLockedHeap(trace, method == nameof(HeapTraceReplay.LockedBuddy)));
                        SettleGarbage();
                        before = GC.GetAllocatedBytesForCurrentThread();
                        TraceReplayer.Replay(trace, ref locked, slots);
                        break;
                    default:
                        var buddy = new BuddyTarget(NewHeap(trace));
                        SettleGarbage();
                        before = GC.GetAllocatedBytesForCurrentThread();
                        TraceReplayer.Replay(trace, ref buddy, slots);
                        break;
                }
                bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            AllocationCache[(trace.Name, method)] = bytes;
            return bytes;
        }
    }

    /// <summary>Failed allocations of one replay of the trace by the named benchmark's allocator (0 for the harness).</summary>
    public static long FailedAllocations(AllocationTrace trace, string method)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((trace.Name, method), out long cached)) return cached;
            var addresses = ReplaySlot.For(trace);
            long failed;
            switch (method)
            {
                case nameof(HeapTraceReplay.Harness):
                    var harness = new HarnessTarget();
                    failed = TraceReplayer.Replay(trace, ref harness, addresses);
                    break;
                case nameof(HeapTraceReplay.LockedBuddy) or nameof(HeapTraceReplay.LockedBuddyUnbiased):
                    ConcurrentBuddyHeap lockedHeap = NewLockedHeap(trace, method == nameof(HeapTraceReplay.LockedBuddy));
                    var locked = new LockedBuddyTarget(lockedHeap);
                    failed = TraceReplayer.Replay(trace, ref locked, addresses);
                    IReadOnlyList<InvariantViolation> lockedViolations = lockedHeap.CheckInvariants();
                    if (lockedViolations.Count != 0)
                        throw new InvalidOperationException($"{trace.Name}: invariant violated after the replay: {lockedViolations[0]}");
                    break;
                default:
                    BuddyHeap heap = NewHeap(trace);
                    var buddy = new BuddyTarget(heap);
                    failed = TraceReplayer.Replay(trace, ref buddy, addresses);
                    IReadOnlyList<InvariantViolation> violations = heap.CheckInvariants();
                    if (violations.Count != 0)
                        throw new InvalidOperationException($"{trace.Name}: invariant violated after the replay: {violations[0]}");
                    break;
            }
            Cache[(trace.Name, method)] = failed;
            return failed;
        }
    }
}
