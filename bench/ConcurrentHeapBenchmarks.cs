using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Verified.Buddy;

namespace Verified.Benchmarks;

/// <summary>One process, three warm-up and 25 measured iterations; time per allocate+free pair.</summary>
public sealed class ConcurrentHeapConfig : ManualConfig
{
    public ConcurrentHeapConfig()
    {
        AddJob(Job.Default.WithToolchain(ProjectToolchain.Instance).WithId("Locked")
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(25));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        HideColumns(Column.Gen0, Column.Gen1, Column.Gen2);
    }
}

/// <summary>
/// Allocate + free of one 4 KiB page through <see cref="ConcurrentBuddyHeap"/>, with 1 and 2 threads, uncontended
/// (each thread has a heap and lock of its own) and contended (both threads share one heap and its lock), against the
/// unlocked <see cref="BuddyHeap"/> as the baseline. Each pair splits a 2 MiB block down to a page and merges it back
/// (K = 9 steps each way), the same pair as <see cref="HeapScaling.AllocateFree4K"/>.
/// </summary>
/// <remarks>
/// The reported time is wall-clock time per pair over all threads (OperationsPerInvoke = threads × pairs per thread):
/// perfect scaling halves it from 1 to 2 threads; a contended lock that serialises everything and bounces its cache
/// line between cores makes it grow. Each invocation releases long-lived worker threads through a barrier, so no thread
/// is created while measuring.
/// </remarks>
[Config(typeof(ConcurrentHeapConfig))]
public class ConcurrentHeapBenchmarks
{
    private const ulong Page = 4096;
    private const int PairsPerThread = 20_000;

    /// <summary>How waiters wait for the lock (only matters when the lock is contended).</summary>
    [Params(SpinLockWaitMode.SpinThenYield, SpinLockWaitMode.SpinOnly)]
    public SpinLockWaitMode WaitMode { get; set; }

    /// <summary>The heaps' locks with bias (the default: a thread alone on its heap takes no interlocked instruction; the
    /// shared heap's bias is revoked by the second thread's first operation) or without.</summary>
    [Params(true, false)]
    public bool BiasedLock { get; set; }

    private BuddyHeap _plain = null!;
    private ConcurrentBuddyHeap _shared = null!;
    private ConcurrentBuddyHeap[] _own = null!;
    private WorkerGang? _sharedGang, _ownGang;
    private InterlockedSpinLock _lock = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lock = new InterlockedSpinLock(WaitMode);
        _plain = new BuddyHeap();
        _plain.AddRange(0, 64UL << 20);
        _shared = NewHeap(0);
        _own = [NewHeap(0), NewHeap(1UL << 40)];
        _sharedGang = new WorkerGang(2, _ => Pairs(_shared));
        _ownGang = new WorkerGang(2, i => Pairs(_own[i]));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sharedGang?.Dispose();
        _ownGang?.Dispose();
        foreach (ConcurrentBuddyHeap heap in (ConcurrentBuddyHeap[])[_shared, .. _own])
            if (heap.AllocatedBytes != 0 || heap.CheckInvariants().Count != 0)
                throw new InvalidOperationException("the benchmark left the heap unsound");
    }

    /// <summary>The unlocked heap on one thread: what the lock costs is the difference to <see cref="Locked_1Thread"/>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = PairsPerThread)]
    public ulong Unlocked_1Thread() => PlainPairs(_plain);

    /// <summary>The bare lock: one uncontended <c>Enter</c> + <c>Exit</c> (an allocate+free pair takes two).</summary>
    [Benchmark(OperationsPerInvoke = PairsPerThread)]
    public void Lock_EnterExit_1Thread() => EnterExit(_lock);

    /// <summary>One thread through the lock, which is never contended.</summary>
    [Benchmark(OperationsPerInvoke = PairsPerThread)]
    public ulong Locked_1Thread() => Pairs(_own[0]);

    /// <summary>Two threads, each with a heap and lock of its own: uncontended, on both cores.</summary>
    [Benchmark(OperationsPerInvoke = 2 * PairsPerThread)]
    public void Locked_2Threads_Uncontended() => _ownGang!.Run();

    /// <summary>Two threads sharing one heap and one lock: contended.</summary>
    [Benchmark(OperationsPerInvoke = 2 * PairsPerThread)]
    public void Locked_2Threads_Contended() => _sharedGang!.Run();

    private ConcurrentBuddyHeap NewHeap(ulong start)
    {
        var heap = new ConcurrentBuddyHeap(waitMode: WaitMode, biasedLock: BiasedLock);
        heap.AddRange(start, 64UL << 20);
        return heap;
    }

    // Every measured loop lives in a method the JIT compiles fully optimised at once. Each is called only once per
    // invocation; left to tiered compilation, the locked loop in such a helper measured about 45% slower than the same
    // loop written in the benchmark method (219-229 against 152-157 ns per pair), which would skew the comparison.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong PlainPairs(BuddyHeap heap)
    {
        ulong last = 0;
        for (int i = 0; i < PairsPerThread; i++)
        {
            last = heap.Allocate(Page);
            heap.Free(last, Page);
        }
        return last;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EnterExit(InterlockedSpinLock spinLock)
    {
        for (int i = 0; i < PairsPerThread; i++)
        {
            spinLock.Enter();
            spinLock.Exit();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Pairs(ConcurrentBuddyHeap heap)
    {
        ulong last = 0;
        for (int i = 0; i < PairsPerThread; i++)
        {
            last = heap.Allocate(Page);
            heap.Free(last, Page);
        }
        return last;
    }

    /// <summary>Long-lived threads that each run their work once per <see cref="Run"/>, started and joined by a barrier.</summary>
    internal sealed class WorkerGang : IDisposable
    {
        private readonly Barrier _barrier;
        private readonly Thread[] _threads;
        private volatile bool _stopping;

        public WorkerGang(int count, Action<int> work)
        {
            _barrier = new Barrier(count + 1);
            _threads = new Thread[count];
            for (int i = 0; i < count; i++)
            {
                int index = i;
                _threads[i] = new Thread(() =>
                {
                    while (true)
                    {
                        _barrier.SignalAndWait();   // start
                        if (_stopping) return;
                        work(index);
                        _barrier.SignalAndWait();   // done
                    }
                }) { IsBackground = true, Name = $"bench worker {i}" };
                _threads[i].Start();
            }
        }

        public void Run()
        {
            _barrier.SignalAndWait();
            _barrier.SignalAndWait();
        }

        public void Dispose()
        {
            _stopping = true;
            _barrier.SignalAndWait();
            foreach (Thread thread in _threads) thread.Join();
            _barrier.Dispose();
        }
    }
}

/// <summary>One process, fifty single-invocation iterations: each iteration times one handoff to a worker thread.</summary>
public sealed class BiasRevocationConfig : ManualConfig
{
    public BiasRevocationConfig()
    {
        AddJob(Job.Default.WithToolchain(ProjectToolchain.Instance).WithId("Revocation")
            .WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(50).WithInvocationCount(1).WithUnrollFactor(1));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
    }
}

/// <summary>
/// What revoking a lock's bias costs: on a fresh heap whose first operation the benchmark thread made (so it owns the
/// bias, when the heap has one), a second thread's first allocate + free. With <c>BiasedLock = false</c> the same
/// handoff and pair without a revocation: the difference is the revocation (a process-wide memory barrier and the
/// check that the owner is outside). The handoff itself (two barrier phases to a parked worker) is in both.
/// </summary>
[Config(typeof(BiasRevocationConfig))]
public class BiasRevocationBenchmarks
{
    private const ulong Page = 4096;

    [Params(true, false)]
    public bool BiasedLock { get; set; }

    private ConcurrentBuddyHeap _heap = null!;
    private ConcurrentHeapBenchmarks.WorkerGang? _gang;

    [GlobalSetup]
    public void Setup() => _gang = new ConcurrentHeapBenchmarks.WorkerGang(1, _ => _heap.Free(_heap.Allocate(Page), Page));

    [GlobalCleanup]
    public void Cleanup() => _gang?.Dispose();

    [IterationSetup]
    public void FreshHeapOwnedByThisThread()
    {
        _heap = new ConcurrentBuddyHeap(biasedLock: BiasedLock);
        _heap.AddRange(0, 4UL << 20);
        _heap.Free(_heap.Allocate(Page), Page);
    }

    [IterationCleanup(Target = nameof(SecondThreadsFirstPair))]
    public void CheckTheRevocation()
    {
        if (BiasedLock && _heap.Lock.BiasOwner != -1) throw new InvalidOperationException("the second thread did not revoke the bias");
        if (_heap.Accounting.Allocations != 2 || _heap.CheckInvariants().Count != 0) throw new InvalidOperationException("the heap is unsound");
    }

    /// <summary>A second thread's first allocate + free (the revocation, when the lock is biased).</summary>
    [Benchmark]
    public void SecondThreadsFirstPair() => _gang!.Run();

    /// <summary>The revocation's main cost on its own: one <see cref="Interlocked.MemoryBarrierProcessWide"/> (the
    /// heap of the iteration is not used; the parameter does not matter).</summary>
    [Benchmark]
    public void ProcessWideBarrier() => Interlocked.MemoryBarrierProcessWide();
}
