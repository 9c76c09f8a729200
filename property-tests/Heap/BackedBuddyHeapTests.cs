using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>The backing layer (<see cref="BackedBuddyHeap"/>): which free memory is clean, dirty first, cold blocks
/// isolated and released once, typed refusals with nothing changed, and a checker that reports corruption by name.</summary>
public sealed class BackedBuddyHeapTests
{
    private const ulong P = 4096;

    private sealed class Releaser(bool succeed = true) : IBackingReleaser
    {
        public List<(ulong Address, ulong Length)> Calls { get; } = [];
        public bool TryRelease(ulong address, ulong length) { Calls.Add((address, length)); return succeed; }
    }

    [Fact]
    public void FreshMemoryIsClean_TheTrimmedTailOfACleanBlockStaysClean_FreedMemoryIsDirty()
    {
        var heap = new BackedBuddyHeap(P, 16 * P);
        heap.AddRange(0, 16 * P);
        Assert.Equal(new BackingAccounting(16 * P, 0, 0, 16 * P, 0), heap.Accounting);

        ulong a = heap.Allocate(3 * P);                       // a 4-page block: 3 pages handed out, 1 trimmed
        Assert.Equal(new BackingAccounting(16 * P, 3 * P, 0, 13 * P, 0), heap.Accounting);
        Assert.Equal(PageBacking.Clean, heap.FreePageState(a + 3 * P));
        Assert.Null(heap.FreePageState(a));

        heap.Free(a, 3 * P);                                  // written by its user: dirty now
        Assert.Equal(new BackingAccounting(16 * P, 0, 3 * P, 13 * P, 0), heap.Accounting);
        Assert.Equal(PageBacking.Dirty, heap.FreePageState(a + P));
        ulong again = heap.Allocate(P);                       // dirty memory first
        Assert.True(again >= a && again < a + 3 * P);
        Assert.Equal(13 * P, heap.CleanFreeBytes);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void CleanFreeAndDirtyFree_MergeOnlyWithTheirOwnKind_ButAnAllocationMaySpanBoth()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 4 * P, PageBacking.Dirty);
        ulong[] pages = [.. Enumerable.Range(0, 4).Select(_ => heap.Allocate(P))];
        heap.Free(0, P, PageBacking.Clean);
        heap.Free(P, P, PageBacking.Dirty);
        Assert.Equal((P, P), (heap.CleanFreeBytes, heap.DirtyFreeBytes));
        Assert.Equal(P, heap.LargestFreeBlockBytes);
        // Pages 0 and 1 are buddies, one clean, one dirty: a 2-page request still succeeds (the clean one is counted dirty after).
        Assert.True(heap.TryAllocate(2 * P, out ulong pair));
        Assert.Equal(0UL, pair);
        Assert.Equal(new BackingAccounting(4 * P, 4 * P, 0, 0, 0), heap.Accounting);
        Assert.Empty(heap.CheckInvariants());
        Assert.NotNull(pages);
    }

    [Fact]
    public void IsolationTakesTheColdestDirtyBlocks_ReleasedOnce_AndAllocationsTakeThemLast()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 16 * P, PageBacking.Dirty);
        ulong[] blocks = [.. Enumerable.Range(0, 4).Select(_ => heap.Allocate(4 * P))];
        foreach (ulong b in blocks) heap.Free(b, 4 * P);     // freed in order: blocks[0] is the coldest

        var releaser = new Releaser();
        Assert.Equal(8 * P, heap.ReleaseDirty(2, 2, releaser));
        Assert.Equal([(blocks[0], 4 * P), (blocks[1], 4 * P)], releaser.Calls);
        Assert.Equal(new BackingAccounting(16 * P, 0, 8 * P, 8 * P, 0), heap.Accounting);

        Assert.Equal(8 * P, heap.ReleaseDirty(2, 10, releaser));   // the other two; the clean ones are not released again
        Assert.Equal(4, releaser.Calls.Count);
        Assert.Equal(0UL, heap.ReleaseDirty(2, 10, releaser));
        Assert.Equal(4, releaser.Calls.Count);

        heap.Free(heap.Allocate(P), P);                        // handed out, written, freed: dirty again
        Assert.Equal(15 * P, heap.CleanFreeBytes);
        Assert.Equal(P, heap.ReleaseDirty(0, 10, releaser));   // that one page is released, nothing else
        Assert.Equal(16 * P, heap.CleanFreeBytes);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void AFailedReleaseLeavesTheMemoryDirty()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 8 * P, PageBacking.Dirty);
        Assert.Equal(0UL, heap.ReleaseDirty(2, 10, new Releaser(succeed: false)));
        Assert.Equal(new BackingAccounting(8 * P, 0, 8 * P, 0, 0), heap.Accounting);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void IsolatedMemoryIsNeitherFreeNorAllocated()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 8 * P, PageBacking.Dirty);
        Span<ulong> taken = stackalloc ulong[1];
        Assert.Equal(1, heap.IsolateDirty(2, taken));
        ulong block = taken[0];
        Assert.Equal(new BackingAccounting(8 * P, 0, 4 * P, 0, 4 * P), heap.Accounting);
        Assert.Null(heap.FreePageState(block + P));

        // No allocation takes it: the other block is handed out, then nothing.
        Assert.True(heap.TryAllocate(4 * P, out ulong other));
        Assert.NotEqual(block, other);
        Assert.False(heap.TryAllocate(P, out _));

        // No free accepts it; nothing changes.
        BackingAccounting before = heap.Accounting;
        var refused = Assert.Throws<InvalidFreeException>(() => heap.Free(block + P, 2 * P));
        Assert.Equal(FreeError.NotAllocated, refused.Reason);
        Assert.Equal((block + P) / P, refused.OffendingPage);
        Assert.Throws<ArgumentException>(() => heap.ReturnIsolated(block + P, PageBacking.Clean));
        Assert.Equal(before, heap.Accounting);
        Assert.Empty(heap.CheckInvariants());

        heap.ReturnIsolated(block, PageBacking.Clean);
        Assert.Equal(new BackingAccounting(8 * P, 4 * P, 0, 4 * P, 0), heap.Accounting);
        Assert.Throws<ArgumentException>(() => heap.ReturnIsolated(block, PageBacking.Clean));   // not twice
    }

    [Fact]
    public void BadInputIsRefusedWithATypedErrorAndNothingChanges()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 8 * P);
        ulong a = heap.Allocate(P);
        BackingAccounting before = heap.Accounting;
        Assert.Throws<InvalidSizeException>(() => heap.Allocate(0));
        Assert.Throws<InvalidSizeException>(() => heap.Allocate(5 * P));
        Assert.Equal(FreeError.NotAllocated, Assert.Throws<InvalidFreeException>(() => heap.Free(a + P, P)).Reason);        // clean free page
        Assert.Equal((a + P) / P, Assert.Throws<InvalidFreeException>(() => heap.Free(a, 2 * P, PageBacking.Clean)).OffendingPage);
        Assert.Equal(FreeError.Misaligned, Assert.Throws<InvalidFreeException>(() => heap.Free(a + 1, P)).Reason);
        Assert.Equal(FreeError.ForeignAddress, Assert.Throws<InvalidFreeException>(() => heap.Free(64 * P, P)).Reason);
        Assert.Throws<InvalidRangeException>(() => heap.AddRange(4 * P, 8 * P));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.AddRange(64 * P, P, (PageBacking)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.Free(a, P, (PageBacking)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.IsolateDirty(3, new ulong[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.ReleaseDirty(-1, 1, new Releaser()));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreePageState(64 * P));
        Assert.Equal(before, heap.Accounting);
        Assert.Empty(heap.CheckInvariants());
        heap.Free(a, P);
    }

    [Fact]
    public void TheReserveIsCheckedAgainstDirtyAndCleanFreeMemory()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 8 * P);
        int taken = 0;
        while (heap.TryAllocateKeepingReserve(P, 3 * P, out _)) taken++;
        Assert.Equal(5, taken);
        Assert.Equal(3 * P, heap.FreeBytes);
    }

    [Fact]
    public void DirtyOnlyAllocationLeavesCleanMemoryAlone_AndFreeBlocksListsBoth()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 8 * P);
        Assert.False(heap.TryAllocateDirty(P, 0, out _));        // all clean
        ulong a = heap.Allocate(4 * P);
        heap.Free(a, 4 * P);
        Assert.False(heap.TryAllocateDirty(P, 8 * P, out _));    // the reserve counts clean memory too: 8 free, 7 would stay
        Assert.True(heap.TryAllocateDirty(2 * P, 6 * P, out ulong b));
        Assert.Equal(a, b);                                       // the lower half of the dirty block
        Assert.Equal([(a == 0 ? 4 * P : 0, 4 * P, PageBacking.Clean), (a + 2 * P, 2 * P, PageBacking.Dirty)],
            heap.FreeBlocks().OrderBy(x => x.Backing == PageBacking.Dirty).ToArray());
    }

    [Fact]
    public void TheTwoHeapPrimitivesKeepEveryInvariant()
    {
        // A range added allocated, then freed whole, holds the blocks AddRange would have made.
        var heap = new BuddyHeap(P, 8 * P);
        heap.AddRangeAllocated(0, 24 * P);
        Assert.Equal((24 * P, 0UL), (heap.AllocatedBytes, heap.FreeBytes));
        Assert.Empty(heap.CheckInvariants());
        heap.Free(0, 24 * P);
        var plain = new BuddyHeap(P, 8 * P);
        plain.AddRange(0, 24 * P);
        Assert.Equal(plain.FreeListAddresses(3).Order(), heap.FreeListAddresses(3).Order());

        // The coldest block is the tail: the block freed longest ago; a split keeps the lower half, the rest stays at the tails.
        heap.Allocate(8 * P); heap.Allocate(8 * P); heap.Allocate(8 * P);
        heap.Free(16 * P, 8 * P); heap.Free(0, 8 * P); heap.Free(8 * P, 8 * P);   // merged? no: max order 3, 8 pages each
        Assert.True(heap.TryTakeColdest(3, out ulong cold));
        Assert.Equal(16 * P, cold);
        Assert.True(heap.TryTakeColdest(1, out ulong part));
        Assert.Equal(0UL, part);                                   // the next coldest, 0, split: 0-1 taken
        Assert.Equal([8 * P], heap.FreeListAddresses(3));
        Assert.Equal([4 * P], heap.FreeListAddresses(2));
        Assert.Equal([2 * P], heap.FreeListAddresses(1));
        Assert.Empty(heap.CheckInvariants());
        Assert.False(new BuddyHeap(P, 8 * P).TryTakeColdest(0, out _));
    }

    [Fact]
    public void CleanOnlyAndDirtyBelowAnOrder_TakeOnlyWhatTheySay_AndRefuseBadInputWithNothingChanged()
    {
        var heap = new BackedBuddyHeap(P, 8 * P);
        heap.AddRange(0, 16 * P);                                  // two clean blocks of 8
        ulong a = heap.Allocate(8 * P);
        heap.Free(a, 8 * P);                                       // one dirty block of 8
        Assert.False(heap.TryAllocateDirty(P, 0, belowOrder: 3, out _));   // the only dirty block is of order 3
        Assert.True(heap.TryAllocateDirty(P, 0, belowOrder: 4, out ulong d));
        Assert.Equal(a, d);
        Assert.True(heap.TryAllocateDirty(P, 0, belowOrder: 1, out ulong d2));   // now order-0 dirty blocks exist (split)
        Assert.Equal(PageBacking.Dirty, heap.FreePageState(a + 2 * P));
        Assert.True(heap.TryAllocateClean(3 * P, 0, out ulong c));
        Assert.NotEqual(a / (8 * P), c / (8 * P));                 // from the clean block
        Assert.Equal(PageBacking.Clean, heap.FreePageState(c + 3 * P));   // its trimmed tail stays clean
        Assert.False(heap.TryAllocateClean(P, heap.FreeBytes, out _));    // the reserve
        BackingAccounting before = heap.Accounting;
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.TryAllocateDirty(P, 0, belowOrder: 5, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.TryAllocateDirty(P, 0, belowOrder: -1, out _));
        Assert.Throws<InvalidSizeException>(() => heap.TryAllocateClean(0, 0, out _));
        Assert.Throws<InvalidSizeException>(() => heap.TryAllocateDirty(9 * P, 0, 2, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.MergeMixedIntoDirty(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.MergeMixedIntoDirty(-1));
        Assert.Equal(before, heap.Accounting);
        Assert.Empty(heap.CheckInvariants());
        _ = d2;
    }

    [Fact]
    public void MergeMixedIntoDirty_MakesAPartCleanWhollyFreeBlockOneDirtyBlockThatIsolationTakes()
    {
        var heap = new BackedBuddyHeap(P, 8 * P);
        heap.AddRange(0, 24 * P);                                  // three clean blocks of 8: 0-7, 8-15, 16-23
        Assert.True(heap.TryAllocateClean(3 * P, 0, out ulong a)); // pages 0-2 of a block; page 3 and 4-7 stay clean
        Assert.True(heap.TryAllocateClean(8 * P, 0, out ulong b)); // a second block, all 8 pages
        heap.Free(a, 3 * P);                                       // block a: 3 dirty pages + 5 clean ones, wholly free
        heap.Free(b, 2 * P);                                       // block b: 2 dirty pages free, 6 still allocated
        Span<ulong> got = stackalloc ulong[2];
        Assert.Equal(0, heap.IsolateDirty(3, got));                // no dirty block of 8 yet
        Assert.Equal(1, heap.MergeMixedIntoDirty(3));
        Assert.Equal(PageBacking.Dirty, heap.FreePageState(a + 5 * P));   // the clean pages are counted dirty now
        Assert.Equal(PageBacking.Dirty, heap.FreePageState(b));           // block b (not wholly free) is untouched
        Assert.Empty(heap.CheckInvariants());
        Assert.Equal(1, heap.IsolateDirty(3, got));
        Assert.Equal(a, got[0]);
        heap.ReturnIsolated(got[0], PageBacking.Clean);
        Assert.Equal(0, heap.MergeMixedIntoDirty(3));              // wholly clean, wholly dirty or not wholly free: nothing to do
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void TakingAGivenFreeBlockLeavesEveryInvariant_AndRefusesAnythingElse()
    {
        var heap = new BuddyHeap(P, 8 * P);
        heap.AddRange(0, 16 * P);
        ulong a = heap.Allocate(P);                               // 0; free: 1, 2-3, 4-7, 8-15
        Assert.False(heap.TryTakeBlock(2 * P, 0));                // page 2 lies in a free block of order 1
        Assert.False(heap.TryTakeBlock(a, 0));                    // allocated
        Assert.False(heap.TryTakeBlock(P + 1, 0));                // misaligned
        Assert.False(heap.TryTakeBlock(64 * P, 0));               // not a page of the heap
        Assert.False(heap.TryTakeBlock(8 * P, 4));                // beyond the maximum order
        Assert.True(heap.TryTakeBlock(4 * P, 2));                 // in the middle of the lists' order
        Assert.True(heap.TryTakeBlock(P, 0));
        Assert.Equal(5 * P + P, heap.AllocatedBytes);
        Assert.Empty(heap.CheckInvariants());
        heap.Free(4 * P, 4 * P);
        heap.Free(P, P);
        heap.Free(a, P);
        Assert.Equal([0UL, 8 * P], heap.FreeListAddresses(3).Order());
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void TheCheckerReportsEachBrokenRuleByName()
    {
        var heap = new BackedBuddyHeap(P, 4 * P);
        heap.AddRange(0, 8 * P, PageBacking.Dirty);
        // A page free in both heaps: the clean heap frees a page that is free dirty.
        heap.CleanHeapForTest.Free(0, P);
        Assert.Contains(heap.CheckInvariants(), v => v.Invariant == Invariants.BackingPoolsDisjoint);

        var other = new BackedBuddyHeap(P, 4 * P);
        other.AddRange(0, 8 * P, PageBacking.Dirty);
        Span<ulong> taken = stackalloc ulong[1];
        other.IsolateDirty(2, taken);
        other.DirtyHeapForTest.Free(taken[0], P);             // an isolated page turns up free
        IReadOnlyList<InvariantViolation> found = other.CheckInvariants();
        Assert.Contains(found, v => v.Invariant == Invariants.IsolatedBlocksHeld);
    }

    /// <summary>Random operations against a page-state model: every page's state, the accounting, and the rule that an
    /// allocation takes clean pages only when no dirty block of its size is free.</summary>
    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)]
    public void AgreesWithAPageStateModel(int seed)
    {
        const int Pages = 64, MaxOrder = 3;
        var random = new Random(seed);
        var heap = new BackedBuddyHeap(P, P << MaxOrder);
        heap.AddRange(0, 40 * P, PageBacking.Clean);
        heap.AddRange(40 * P, 24 * P, PageBacking.Dirty);
        // null: allocated or isolated; otherwise the free state.
        var model = new PageBacking?[Pages];
        for (int p = 0; p < Pages; p++) model[p] = p < 40 ? PageBacking.Clean : PageBacking.Dirty;
        var held = new List<(ulong Address, int Pages)>();
        var isolated = new List<ulong>();
        var releaser = new Releaser();

        bool BlockFree(int order, PageBacking state)
        {
            int n = 1 << order;
            for (int start = 0; start < Pages; start += n)
            {
                if (order > 0 && start < 40 && start + n > 40) continue;   // blocks do not cross the two ranges
                bool all = true;
                for (int p = start; p < start + n && all; p++) all = model[p] == state;
                if (all) return true;
            }
            return false;
        }

        for (int step = 0; step < 400; step++)
        {
            bool acrossHeaps = false;   // an allocation that fitted neither heap alone moves clean blocks to the dirty heap
            int merged = -1;   // blocks MergeMixedIntoDirty should have made (case 7)
            switch (random.Next(8))
            {
                case 0 or 1:
                {
                    int pages = random.Next(1, (1 << MaxOrder) + 1);
                    int order = pages == 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)pages - 1);
                    bool dirtyFits = BlockFree(order, PageBacking.Dirty);
                    acrossHeaps = !dirtyFits && !BlockFree(order, PageBacking.Clean);
                    if (!heap.TryAllocate((ulong)pages * P, out ulong a)) break;
                    int first = (int)(a / P);
                    for (int p = first; p < first + pages; p++)
                    {
                        Assert.NotNull(model[p]);
                        if (dirtyFits) Assert.Equal(PageBacking.Dirty, model[p]);
                        model[p] = null;
                    }
                    held.Add((a, pages));
                    break;
                }
                case 2 when held.Count > 0:
                {
                    int i = random.Next(held.Count);
                    (ulong a, int pages) = held[i];
                    held.RemoveAt(i);
                    var backing = random.Next(2) == 0 ? PageBacking.Clean : PageBacking.Dirty;
                    heap.Free(a, (ulong)pages * P, backing);
                    for (int p = (int)(a / P); p < (int)(a / P) + pages; p++) model[p] = backing;
                    break;
                }
                case 3:
                {
                    int order = random.Next(MaxOrder + 1);
                    Span<ulong> got = stackalloc ulong[2];
                    int n = heap.IsolateDirty(order, got);
                    for (int k = 0; k < n; k++)
                    {
                        for (int p = (int)(got[k] / P); p < (int)(got[k] / P) + (1 << order); p++)
                        {
                            Assert.Equal(PageBacking.Dirty, model[p]);
                            model[p] = null;
                        }
                        isolated.Add(got[k] + (uint)order);   // order kept in the low bits (addresses are page-aligned)
                    }
                    break;
                }
                case 5:
                {
                    // Clean memory only: it fits exactly when a clean block of the order is free; the pages were clean.
                    int pages = random.Next(1, (1 << MaxOrder) + 1);
                    int order = pages == 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)pages - 1);
                    bool fits = BlockFree(order, PageBacking.Clean);
                    Assert.Equal(fits, heap.TryAllocateClean((ulong)pages * P, 0, out ulong a));
                    if (!fits) break;
                    for (int p = (int)(a / P); p < (int)(a / P) + pages; p++) { Assert.Equal(PageBacking.Clean, model[p]); model[p] = null; }
                    held.Add((a, pages));
                    break;
                }
                case 6:
                {
                    // Dirty memory from a block below an order only: the smallest fitting dirty block decides.
                    int pages = random.Next(1, (1 << MaxOrder) + 1);
                    int order = pages == 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)pages - 1);
                    int below = random.Next(MaxOrder + 2);
                    int smallest = heap.FreeBlocks().Where(b => b.Backing == PageBacking.Dirty)
                        .Select(b => System.Numerics.BitOperations.Log2(b.Length / P)).Where(j => j >= order).DefaultIfEmpty(-1).Min();
                    bool fits = smallest >= 0 && smallest < below;
                    Assert.Equal(fits, heap.TryAllocateDirty((ulong)pages * P, 0, below, out ulong a));
                    if (!fits) break;
                    for (int p = (int)(a / P); p < (int)(a / P) + pages; p++) { Assert.Equal(PageBacking.Dirty, model[p]); model[p] = null; }
                    held.Add((a, pages));
                    break;
                }
                case 7:
                {
                    // Wholly free blocks of the order, part clean and part dirty, become dirty; nothing else changes.
                    int order = random.Next(MaxOrder + 1), n = 1 << order;
                    merged = 0;
                    for (int start = 0; start < Pages; start += n)
                    {
                        var states = model.AsSpan(start, n).ToArray();
                        if (states.All(x => x is not null) && states.Contains(PageBacking.Clean) && states.Contains(PageBacking.Dirty))
                        {
                            for (int p = start; p < start + n; p++) model[p] = PageBacking.Dirty;
                            merged++;
                        }
                    }
                    Assert.Equal(merged, heap.MergeMixedIntoDirty(order));
                    break;
                }
                case 4 when isolated.Count > 0:
                {
                    ulong entry = isolated[^1];
                    isolated.RemoveAt(isolated.Count - 1);
                    ulong block = entry & ~(P - 1);
                    int order = (int)(entry & (P - 1));
                    var backing = random.Next(2) == 0 ? PageBacking.Clean : PageBacking.Dirty;
                    heap.ReturnIsolated(block, backing);
                    for (int p = (int)(block / P); p < (int)(block / P) + (1 << order); p++) model[p] = backing;
                    break;
                }
            }
            for (int p = 0; p < Pages; p++)
            {
                PageBacking? actual = heap.FreePageState((ulong)p * P);
                // A clean page moved to the dirty heap by a cross-heap allocation is counted dirty: the model follows.
                if (acrossHeaps && model[p] == PageBacking.Clean && actual == PageBacking.Dirty) model[p] = PageBacking.Dirty;
                Assert.Equal(model[p], actual);
            }
            Assert.Empty(heap.CheckInvariants());
            ulong clean = (ulong)model.Count(s => s == PageBacking.Clean) * P, dirty = (ulong)model.Count(s => s == PageBacking.Dirty) * P;
            BackingAccounting accounting = heap.Accounting;
            Assert.Equal((clean, dirty), (accounting.CleanFreeBytes, accounting.DirtyFreeBytes));
            Assert.Equal(64 * P, accounting.AllocatedBytes + accounting.FreeBytes + accounting.IsolatedBytes);
        }
        Assert.Empty(heap.CheckInvariants());
        Assert.Empty(releaser.Calls);
    }
}
