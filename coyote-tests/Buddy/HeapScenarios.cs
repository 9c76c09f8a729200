using Microsoft.Coyote.Specifications;
using Verified.Buddy;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// Concurrent scenarios over one <see cref="ConcurrentBuddyHeap"/>, written to be explored by Coyote: every task is a
/// controlled <see cref="Task"/>, every shared step is a scheduling point once the assemblies are rewritten, and every
/// scenario ends by checking that no page was handed out twice (the <see cref="PageLedger"/>), that pages are
/// conserved, that the accounting agrees with what the tasks did, and that the invariant checker is clean.
/// Each takes the fault plan to run the heap's operations under as its type argument (<see cref="NoFaults"/> for the
/// real code, one of <see cref="Seeded"/> to plant a <see cref="SeededRace"/>).
/// </summary>
/// <remarks>The heaps are tiny (4 KiB pages, 16 KiB blocks, K = 2, a few ranges of 4 to 16 pages) so that the tasks
/// really compete for the same blocks and the same buddies; the scenarios are deterministic apart from the schedule,
/// so a trace replays exactly.</remarks>
internal static class HeapScenarios
{
    public const ulong Page = 4096;
    public const ulong MaxBlock = 4 * Page;
    private const ulong Base = 0x10_0000;

    public static ConcurrentBuddyHeap NewHeap(SpinLockWaitMode waitMode = SpinLockWaitMode.SpinThenYield) =>
        new(Page, MaxBlock, waitMode);

    /// <summary>Three tasks each allocate two blocks of different sizes (one not a power of two), hold them together,
    /// and free them, over 8 pages: they cannot all succeed, so allocation failures race with frees too.</summary>
    public static async Task AllocateAndFree<TFaults>() where TFaults : struct, IFaultPlan
    {
        ConcurrentBuddyHeap heap = NewHeap();
        heap.AddRange<TFaults>(Base, 8 * Page);
        var ledger = new PageLedger(Page);
        ulong[][] plans = [[Page, 3 * Page], [2 * Page, Page], [Page, 4 * Page]];
        var tasks = new Task[plans.Length];
        for (int i = 0; i < plans.Length; i++)
        {
            ulong[] plan = plans[i];
            tasks[i] = Task.Run(() => AllocateHoldFree<TFaults>(heap, ledger, plan));
        }
        await Task.WhenAll(tasks);
        CheckQuiescent(heap, ledger, expectedTotal: 8 * Page);
    }

    /// <summary>The test's own task allocates and frees first, so it owns the lock's bias, and keeps going (a page, a
    /// block of three pages, a page) while two tasks started after its first operation do the same and a third runs
    /// the invariant checker (through <c>Enter</c>, not an operation): their first acquisitions revoke the bias in the
    /// middle of the owner's operations.</summary>
    public static async Task OwnerMeetsLateComers<TFaults>() where TFaults : struct, IFaultPlan
    {
        ConcurrentBuddyHeap heap = NewHeap();
        heap.AddRange<TFaults>(Base, 8 * Page);
        var ledger = new PageLedger(Page);
        AllocateHoldFree<TFaults>(heap, ledger, [Page]);
        Specification.Assert(heap.Lock.BiasOwner > 0, "the first operation did not claim the bias");
        Task[] tasks =
        [
            Task.Run(() => AllocateHoldFree<TFaults>(heap, ledger, [2 * Page, Page])),
            Task.Run(() => AllocateHoldFree<TFaults>(heap, ledger, [Page, 4 * Page])),
            Task.Run(() =>
            {
                IReadOnlyList<InvariantViolation> seen = heap.CheckInvariants();
                Specification.Assert(seen.Count == 0, "the checker saw a heap in the middle of an operation: {0}",
                    seen.Count == 0 ? "" : seen[0].ToString());
            }),
        ];
        AllocateHoldFree<TFaults>(heap, ledger, [Page, 3 * Page, Page]);
        await Task.WhenAll(tasks);
        CheckQuiescent(heap, ledger, expectedTotal: 8 * Page);
    }

    /// <summary>Two tasks each take a whole 16 KiB block and give it back in three pieces (a middle page, the first
    /// page, then the upper half), while a third task allocates and frees single pages: partial frees, splits and
    /// merges of the same buddies interleave.</summary>
    public static async Task PartialFrees<TFaults>() where TFaults : struct, IFaultPlan
    {
        ConcurrentBuddyHeap heap = NewHeap();
        heap.AddRange<TFaults>(Base, 8 * Page);
        var ledger = new PageLedger(Page);
        Task[] tasks =
        [
            Task.Run(() => AllocateFreeInPieces<TFaults>(heap, ledger)),
            Task.Run(() => AllocateFreeInPieces<TFaults>(heap, ledger)),
            Task.Run(() => AllocateHoldFree<TFaults>(heap, ledger, [Page, Page])),
        ];
        await Task.WhenAll(tasks);
        CheckQuiescent(heap, ledger, expectedTotal: 8 * Page);
    }

    /// <summary>Three tasks allocate through one reserve wrapper (16 pages, 8 kept free) and hold what they got: at
    /// most 8 pages can ever be handed out, so the free bytes must never drop below the reserve.</summary>
    public static async Task ReserveWrapper<TFaults>() where TFaults : struct, IFaultPlan
    {
        const ulong reserve = 8 * Page;
        ConcurrentBuddyHeap heap = NewHeap();
        heap.AddRange<TFaults>(Base, 16 * Page);
        var pages = new ConcurrentReservedHeap(heap, reserve);
        var ledger = new PageLedger(Page);
        var held = new List<(ulong Address, ulong Size)>();
        var tasks = new Task[3];
        for (int i = 0; i < tasks.Length; i++)
        {
            ulong second = (ulong)(i + 1) * Page;
            tasks[i] = Task.Run(() =>
            {
                foreach (ulong size in new[] { 4 * Page, second })
                {
                    if (!pages.TryAllocate<TFaults>(size, out ulong address)) continue;
                    ledger.Claim(address, size);
                    lock (held) held.Add((address, size));
                    HeapAccounting now = heap.Accounting;
                    Specification.Assert(now.FreeBytes >= reserve,
                        "the reserve was breached: {0} bytes free, reserve {1}", now.FreeBytes, reserve);
                }
            });
        }
        await Task.WhenAll(tasks);
        HeapAccounting end = heap.Accounting;
        Specification.Assert(end.FreeBytes >= reserve, "the reserve was breached: {0} bytes free, reserve {1}", end.FreeBytes, reserve);
        foreach ((ulong address, ulong size) in held)
        {
            ledger.Release(address, size);
            heap.Free<TFaults>(address, size);
        }
        CheckQuiescent(heap, ledger, expectedTotal: 16 * Page);
    }

    /// <summary>One task adds two ranges (one touching the first range, one apart) while two tasks allocate and free:
    /// the new memory becomes available part way through, and the record array is re-allocated under their feet.</summary>
    public static async Task AddRangeWhileAllocating<TFaults>() where TFaults : struct, IFaultPlan
    {
        ConcurrentBuddyHeap heap = NewHeap();
        heap.AddRange<TFaults>(Base, 4 * Page);
        var ledger = new PageLedger(Page);
        Task[] tasks =
        [
            Task.Run(() =>
            {
                heap.AddRange<TFaults>(Base + 4 * Page, 4 * Page);
                heap.AddRange<TFaults>(Base + 64 * Page, 8 * Page);
            }),
            Task.Run(() => AllocateHoldFree<TFaults>(heap, ledger, [4 * Page, 2 * Page, 4 * Page])),
            Task.Run(() => AllocateHoldFree<TFaults>(heap, ledger, [Page, 4 * Page, 3 * Page])),
        ];
        await Task.WhenAll(tasks);
        CheckQuiescent(heap, ledger, expectedTotal: 16 * Page);
    }

    private static void AllocateHoldFree<TFaults>(ConcurrentBuddyHeap heap, PageLedger ledger, ulong[] sizes)
        where TFaults : struct, IFaultPlan
    {
        var got = new List<(ulong Address, ulong Size)>();
        foreach (ulong size in sizes)
        {
            if (!heap.TryAllocate<TFaults>(size, out ulong address)) continue;
            ledger.Claim(address, size);
            got.Add((address, size));
        }
        foreach ((ulong address, ulong size) in got)
        {
            ledger.Release(address, size);
            heap.Free<TFaults>(address, size);
        }
    }

    private static void AllocateFreeInPieces<TFaults>(ConcurrentBuddyHeap heap, PageLedger ledger)
        where TFaults : struct, IFaultPlan
    {
        if (!heap.TryAllocate<TFaults>(4 * Page, out ulong block)) return;
        ledger.Claim(block, 4 * Page);
        ledger.Release(block + Page, Page);
        heap.Free<TFaults>(block + Page, Page);
        ledger.Release(block, Page);
        heap.Free<TFaults>(block, Page);
        ledger.Release(block + 2 * Page, 2 * Page);
        heap.Free<TFaults>(block + 2 * Page, 2 * Page);
    }

    /// <summary>With every task done: nothing held, nothing allocated, the totals and counts right, the checker clean.</summary>
    private static void CheckQuiescent(ConcurrentBuddyHeap heap, PageLedger ledger, ulong expectedTotal)
    {
        Specification.Assert(ledger.HeldPages == 0, "{0} pages still held by the ledger", ledger.HeldPages);
        HeapAccounting accounting = heap.Accounting;
        Specification.Assert(accounting.TotalBytes == expectedTotal, "Conservation: total {0}, expected {1}", accounting.TotalBytes, expectedTotal);
        Specification.Assert(accounting.AllocatedBytes == 0 && accounting.FreeBytes == expectedTotal,
            "Conservation: every page was freed, yet the accounting says {0}", accounting);
        Specification.Assert(accounting.Allocations == ledger.Allocations,
            "the heap counted {0} allocations, the tasks made {1}", accounting.Allocations, ledger.Allocations);
        Specification.Assert(accounting.Frees == ledger.Frees,
            "the heap counted {0} frees, the tasks made {1}", accounting.Frees, ledger.Frees);
        IReadOnlyList<InvariantViolation> violations = heap.CheckInvariants();
        Specification.Assert(violations.Count == 0, "invariants broken: {0}", string.Join("; ", violations));
        // Everything is free again, so the whole memory must be allocatable as maximal blocks.
        ulong blocks = 0;
        while (heap.TryAllocate(MaxBlock, out _)) blocks++;
        Specification.Assert(blocks * MaxBlock == expectedTotal, "only {0} whole blocks could be allocated afterwards", blocks);
    }
}
