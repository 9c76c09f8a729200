using System.Diagnostics;
using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// The second line of defence: real threads on both cores hammer one <see cref="ConcurrentBuddyHeap"/> for a bounded
/// time, with the memory-model effects and timings Coyote does not model. This assembly is rewritten for Coyote; outside
/// a testing engine the rewritten calls run the original operations, and these tests run on plain threads.
/// </summary>
public sealed class PlainThreadStressTests
{
    private const ulong Page = 4096;
    private const ulong Base = 0x1000_0000;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(1.5);

    [Theory]
    [InlineData(SpinLockWaitMode.SpinThenYield)]
    [InlineData(SpinLockWaitMode.SpinOnly)]
    public void TwoThreadsAllocatingAndFreeing_NeverShareAPage_AndLeaveTheHeapSound(SpinLockWaitMode waitMode)
    {
        var heap = new ConcurrentBuddyHeap(Page, 16 * Page, waitMode);
        heap.AddRange(Base, 96 * Page);
        var owner = new int[160];   // per page: 0 free, else the id of the worker holding it
        var workers = new Worker[2];
        var threads = new Thread[workers.Length];
        var deadline = Stopwatch.StartNew();
        for (int i = 0; i < workers.Length; i++)
        {
            Worker worker = workers[i] = new Worker(i + 1, heap, owner, seed: 1000 + i);
            int growAt = i == 0 ? 1000 : -1;
            threads[i] = new Thread(() => worker.Run(deadline, Duration, growAt)) { IsBackground = true };
        }
        foreach (Thread thread in threads) thread.Start();

        // Meanwhile this thread reads snapshots: each must add up, whatever the workers are doing.
        long snapshots = 0;
        while (threads.Any(t => t.IsAlive))
        {
            HeapAccounting s = heap.Accounting;
            Assert.Equal(s.TotalBytes, s.AllocatedBytes + s.FreeBytes);
            snapshots++;
            Thread.Sleep(1);
        }
        foreach (Thread thread in threads) Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "a worker did not stop");
        foreach (Worker worker in workers)
        {
            Assert.True(worker.Failure is null, $"worker {worker.Id}: {worker.Failure}");
            Assert.True(worker.Allocations >= 1000, $"worker {worker.Id} made only {worker.Allocations} allocations");
            worker.FreeAll();
        }

        HeapAccounting end = heap.Accounting;
        Assert.Equal(160 * Page, end.TotalBytes);   // the first worker added 64 pages part way through
        Assert.Equal(0UL, end.AllocatedBytes);
        Assert.Equal((ulong)workers.Sum(w => w.Allocations), end.Allocations);
        Assert.Equal((ulong)workers.Sum(w => w.Frees), end.Frees);
        Assert.Empty(heap.CheckInvariants());
        Assert.All(owner, o => Assert.Equal(0, o));
        Assert.True(snapshots > 0);
    }

    private sealed class Worker(int id, ConcurrentBuddyHeap heap, int[] owner, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly List<(ulong Address, ulong Pages)> _held = [];

        public int Id => id;
        public long Allocations { get; private set; }
        public long Frees { get; private set; }
        public string? Failure { get; private set; }

        public void Run(Stopwatch clock, TimeSpan duration, int growAt)
        {
            try
            {
                for (long step = 0; clock.Elapsed < duration; step++)
                {
                    if (step == growAt) heap.AddRange(Base + 96 * Page, 64 * Page);
                    if (_held.Count > 0 && (_held.Count > 12 || _random.Next(2) == 0)) FreeSome();
                    else Allocate();
                    if (Failure is not null) return;
                }
            }
            catch (Exception e)
            {
                Failure = e.ToString();
            }
        }

        public void FreeAll()
        {
            while (_held.Count > 0) FreeSome(whole: true);
        }

        private void Allocate()
        {
            ulong pages = (ulong)_random.Next(1, 17);
            if (!heap.TryAllocate(pages * Page - (ulong)_random.Next(0, (int)Page), out ulong address)) return;
            Allocations++;
            for (ulong p = 0; p < pages; p++)
            {
                int page = (int)((address - Base) / Page + p);
                int other = Interlocked.CompareExchange(ref owner[page], id, 0);
                if (other != 0) { Failure = $"page 0x{address + p * Page:X} handed to worker {id} while worker {other} holds it"; return; }
            }
            _held.Add((address, pages));
        }

        /// <summary>Frees a whole allocation, or a random piece of it (the front, the back or the middle).</summary>
        private void FreeSome(bool whole = false)
        {
            int i = _random.Next(_held.Count);
            (ulong address, ulong pages) = _held[i];
            ulong first = whole || pages == 1 ? 0 : (ulong)_random.Next(0, (int)pages);
            ulong count = whole || pages == 1 ? pages : (ulong)_random.Next(1, (int)(pages - first) + 1);
            _held.RemoveAt(i);
            if (first > 0) _held.Add((address, first));
            if (first + count < pages) _held.Add((address + (first + count) * Page, pages - first - count));
            for (ulong p = first; p < first + count; p++)
            {
                int page = (int)((address - Base) / Page + p);
                int was = Interlocked.Exchange(ref owner[page], 0);
                if (was != id) { Failure = $"page 0x{address + p * Page:X} was held by {was}, not by worker {id}"; return; }
            }
            heap.Free(address + first * Page, count * Page);
            Frees++;
        }
    }
}
