using Microsoft.Coyote.Specifications;
using Verified.Buddy;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// The backing layer under Coyote: users allocate, write and free while a releaser gives cold dirty memory back
/// (isolate, release without the lock, return clean) and a reporter isolates blocks and returns them later. The
/// releaser checks that no page it releases is held by a user (a released page in use would lose its contents) and
/// every snapshot of the accounting adds up; at the end all memory is free and the checker is clean.
/// </summary>
internal static class BackedHeapScenarios
{
    private const ulong Page = HeapScenarios.Page;
    private const ulong MaxBlock = HeapScenarios.MaxBlock;

    private sealed class CheckingReleaser(PageLedger ledger, BackedBuddyHeap heap) : IBackingReleaser
    {
        public bool TryRelease(ulong address, ulong length)
        {
            for (ulong page = address; page < address + length; page += Page)
                Specification.Assert(heap.FreePageState(page) is null, "a page being released is free in the heap: 0x{0:X}", page);
            ledger.Claim(address, length);    // collides if a user holds any of it
            ledger.Release(address, length);
            return true;
        }
    }

    public static async Task UsersAndRelease()
    {
        var heap = new BackedBuddyHeap(Page, MaxBlock);
        heap.AddRange(0, 8 * Page, PageBacking.Dirty);
        heap.AddRange(16 * Page, 4 * Page, PageBacking.Clean);
        var ledger = new PageLedger(Page);
        Task User(ulong[] sizes) => Task.Run(() =>
        {
            var held = new List<(ulong, ulong)>();
            foreach (ulong size in sizes)
            {
                if (!heap.TryAllocate(size, out ulong a)) continue;
                ledger.Claim(a, size);
                held.Add((a, size));
            }
            foreach ((ulong a, ulong size) in held)
            {
                ledger.Release(a, size);
                heap.Free(a, size);
            }
        });
        Task releaser = Task.Run(() =>
        {
            var r = new CheckingReleaser(ledger, heap);
            heap.ReleaseDirty(0, 2, r);
            heap.ReleaseDirty(2, 1, r);
        });
        Task reporter = Task.Run(() =>
        {
            Span<ulong> blocks = stackalloc ulong[2];
            int n = heap.IsolateDirty(1, blocks);
            for (int i = 0; i < n; i++) ledger.Claim(blocks[i], 2 * Page);
            BackingAccounting seen = heap.Accounting;
            Specification.Assert(seen.AllocatedBytes + seen.FreeBytes + seen.IsolatedBytes == seen.TotalBytes, "accounting does not add up: {0}", seen);
            for (int i = 0; i < n; i++)
            {
                ledger.Release(blocks[i], 2 * Page);
                heap.ReturnIsolated(blocks[i], i == 0 ? PageBacking.Clean : PageBacking.Dirty);
            }
        });
        Task[] all = [User([Page, 3 * Page]), User([2 * Page, Page, Page]), releaser, reporter];
        await Task.WhenAll(all);

        AssertAllFreeAndSound(heap, ledger, 12 * Page);
    }

    /// <summary>
    /// Isolated blocks returned clean while users take and give back clean memory (a balloon ballooning clean memory
    /// first, deflated pages freed clean) and a pass makes part-clean wholly free blocks dirty: the return, the clean
    /// heap's allocations and frees, and the merge all change the clean heap's lists. The ledger catches a page handed
    /// out twice; at the end all memory is free, the accounting adds up and the checker is clean.
    /// <paramref name="seeded"/> plants a defect (<see cref="SeededBackingRace"/>).
    /// </summary>
    public static async Task ReturnRacingWithCleanUsers(SeededBackingRace seeded)
    {
        var heap = new BackedBuddyHeap(Page, MaxBlock, SpinLockWaitMode.SpinThenYield, seeded);
        heap.AddRange(0, 4 * Page, PageBacking.Dirty);
        heap.AddRange(4 * Page, 4 * Page, PageBacking.Clean);
        var ledger = new PageLedger(Page);
        Task CleanUser(ulong size) => Task.Run(() =>
        {
            if (!heap.TryAllocateClean(size, 0, out ulong a)) return;
            ledger.Claim(a, size);
            ledger.Release(a, size);
            heap.Free(a, size, PageBacking.Clean);
        });
        Task reporter = Task.Run(() =>
        {
            Span<ulong> blocks = stackalloc ulong[2];
            int n = heap.IsolateDirty(1, blocks);
            for (int i = 0; i < n; i++) ledger.Claim(blocks[i], 2 * Page);
            for (int i = 0; i < n; i++)
            {
                ledger.Release(blocks[i], 2 * Page);
                heap.ReturnIsolated(blocks[i], PageBacking.Clean);
            }
        });
        Task merger = Task.Run(() => heap.MergeMixedIntoDirty(2));
        Task[] all = [CleanUser(Page), CleanUser(2 * Page), reporter, merger];
        await Task.WhenAll(all);

        AssertAllFreeAndSound(heap, ledger, 8 * Page);
    }

    /// <summary>At the end of a scenario: no page held, every page free and none isolated, and the checker clean.</summary>
    private static void AssertAllFreeAndSound(BackedBuddyHeap heap, PageLedger ledger, ulong totalBytes)
    {
        Specification.Assert(ledger.HeldPages == 0, "{0} pages still held", ledger.HeldPages);
        BackingAccounting end = heap.Accounting;
        Specification.Assert(end.TotalBytes == totalBytes && end.FreeBytes == totalBytes && end.IsolatedBytes == 0,
            "Conservation: every page was freed, yet the accounting says {0}", end);
        IReadOnlyList<InvariantViolation> violations = heap.CheckInvariants();
        Specification.Assert(violations.Count == 0, "invariants broken: {0}", string.Join("; ", violations));
    }
}
