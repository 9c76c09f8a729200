using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>
/// The invariant checker is shown to detect: each test corrupts a heap on purpose through the heap's internal test
/// hooks (a record, a link, a counter, a free-map bit) and asserts the exact violations <see cref="BuddyHeap.CheckInvariants"/>
/// returns — the invariant's name and its detail — one test per invariant and per distinct check inside it. Where a
/// corruption necessarily breaks a second invariant too, the test names both and says why.
/// </summary>
/// <remarks>These tests depend on the heap's representation (one packed record per buddy pair, records 0..K the list
/// sentinels, a range's records in page order after them); a change of representation changes the hooks and this file
/// together.</remarks>
public sealed class InvariantCheckerTests
{
    private const ulong P = 4096;

    /// <summary>A heap of page size P and maximum order <paramref name="maxOrder"/> with one range of pages
    /// [<paramref name="firstPage"/>, <paramref name="firstPage"/> + <paramref name="pages"/>).</summary>
    private static BuddyHeap NewHeap(int maxOrder, ulong pages, ulong firstPage = 0)
    {
        var heap = new BuddyHeap(P, P << maxOrder);
        heap.AddRange(firstPage * P, pages * P);
        Assert.Empty(heap.CheckInvariants());
        return heap;
    }

    /// <summary>The record of <paramref name="page"/>: after the K + 1 sentinels, one record per pair of the range.</summary>
    private static uint RecordOf(BuddyHeap heap, ulong page) => heap.RecordIndexForTest(page);

    /// <summary>Rebuilds the free lists to hold exactly <paramref name="blocks"/> (each list in the order given), with
    /// matching records, per-order counters and non-empty flags. The free map and the page counters are left as they were.</summary>
    private static void SetFreeLists(BuddyHeap heap, params (ulong Page, int Order)[] blocks)
    {
        int k = heap.MaxOrder;
        for (uint index = (uint)k + 1; index < heap.RecordCountForTest; index++) heap.WriteRecordForTest(index, 0);
        uint nonEmpty = 0;
        for (int order = 0; order <= k; order++)
        {
            uint[] list = blocks.Where(b => b.Order == order).Select(b => RecordOf(heap, b.Page)).ToArray();
            ulong[] halves = blocks.Where(b => b.Order == order).Select(b => k == 0 ? 0 : b.Page & 1).ToArray();
            uint sentinel = (uint)order;
            for (int i = 0; i < list.Length; i++)
            {
                uint prev = i == 0 ? sentinel : list[i - 1], next = i == list.Length - 1 ? sentinel : list[i + 1];
                heap.WriteRecordForTest(list[i], PackedRecord.Free(order, halves[i], prev, next));
            }
            heap.WriteRecordForTest(sentinel, list.Length == 0
                ? PackedRecord.Links(sentinel, sentinel)
                : PackedRecord.Links(list[^1], list[0]));
            heap.WriteFreeBlockCountForTest(order, (ulong)list.Length);
            if (list.Length > 0) nonEmpty |= 1u << order;
        }
        heap.NonEmptyOrdersForTest = nonEmpty;
    }

    private static void AssertViolations(BuddyHeap heap, params (string Invariant, string Detail)[] expected) =>
        Assert.Equal(expected.Select(e => new InvariantViolation(e.Invariant, e.Detail)), heap.CheckInvariants());

    /// <summary>K = 3, pages 0..15, page 0 allocated: lists 0: [1], 1: [2], 2: [4], 3: [8].</summary>
    private static BuddyHeap OnePageAllocated()
    {
        BuddyHeap heap = NewHeap(3, 16);
        Assert.Equal(0UL, heap.Allocate(P));
        Assert.Equal([P], heap.FreeListAddresses(0));
        Assert.Equal([8 * P], heap.FreeListAddresses(3));
        return heap;
    }

    // --------------------------------------------------------------------------------------------------------------
    // FreeListsWellFormed
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void FreeListsWellFormed_ALinkToAnotherListsSentinel()
    {
        BuddyHeap heap = OnePageAllocated();
        uint block = RecordOf(heap, 1);
        heap.WriteRecordForTest(block, PackedRecord.WithNext(heap.ReadRecordForTest(block), 3));   // sentinel of list 3
        AssertViolations(heap, (Invariants.FreeListsWellFormed, "list 0 links to record 3, which is no block record"));
    }

    [Fact]
    public void FreeListsWellFormed_ALinkPastTheLastRecord()
    {
        BuddyHeap heap = OnePageAllocated();
        uint block = RecordOf(heap, 8), count = heap.RecordCountForTest;
        heap.WriteRecordForTest(block, PackedRecord.WithNext(heap.ReadRecordForTest(block), count));
        AssertViolations(heap, (Invariants.FreeListsWellFormed, $"list 3 links to record {count}, which is no block record"));
    }

    [Fact]
    public void FreeListsWellFormed_AWrongPrevLink()
    {
        BuddyHeap heap = OnePageAllocated();
        uint block = RecordOf(heap, 8);
        heap.WriteRecordForTest(block, PackedRecord.WithPrev(heap.ReadRecordForTest(block), 5));
        AssertViolations(heap, (Invariants.FreeListsWellFormed, $"list 3: record {block} has prev 5, expected 3"));
    }

    [Fact]
    public void FreeListsWellFormed_ACycleThatMissesTheSentinel()
    {
        BuddyHeap heap = NewHeap(3, 16);   // list 3: [0, 8]
        uint first = RecordOf(heap, 0), second = RecordOf(heap, 8);
        heap.WriteRecordForTest(second, PackedRecord.WithNext(heap.ReadRecordForTest(second), first));
        // The walk meets the first block again: its prev is the sentinel, not the second block, and it was seen.
        AssertViolations(heap,
            (Invariants.FreeListsWellFormed, $"list 3: record {first} has prev 3, expected {second}"),
            (Invariants.FreeListsWellFormed, $"record {first} appears twice in the free lists"));
    }

    [Fact]
    public void FreeListsWellFormed_AListedBlockWhoseRecordSaysNotFree()
    {
        BuddyHeap heap = OnePageAllocated();
        uint block = RecordOf(heap, 1);
        ulong record = heap.ReadRecordForTest(block);
        heap.WriteRecordForTest(block, PackedRecord.Links(PackedRecord.Prev(record), PackedRecord.Next(record)));
        // Without its half bit the record names the pair's first page.
        AssertViolations(heap, (Invariants.FreeListsWellFormed, "list 0 holds the block at page 0x0 whose record says not free"));
    }

    [Fact]
    public void FreeListsWellFormed_AListedBlockWhoseRecordSaysAnotherOrder()
    {
        BuddyHeap heap = OnePageAllocated();
        uint block = RecordOf(heap, 1);
        ulong record = heap.ReadRecordForTest(block);
        heap.WriteRecordForTest(block, PackedRecord.Free(2, 1, PackedRecord.Prev(record), PackedRecord.Next(record)));
        AssertViolations(heap, (Invariants.FreeListsWellFormed, "list 0 holds the block at page 0x1 whose record says order 2"));
    }

    [Fact]
    public void FreeListsWellFormed_ASentinelWhosePrevIsNotTheTail()
    {
        BuddyHeap heap = NewHeap(3, 16);   // list 3: [0, 8]
        uint first = RecordOf(heap, 0), second = RecordOf(heap, 8);
        heap.WriteRecordForTest(3, PackedRecord.Links(first, first));
        AssertViolations(heap, (Invariants.FreeListsWellFormed, $"list 3: the sentinel's prev is {first}, the tail is {second}"));
    }

    [Fact]
    public void FreeListsWellFormed_AnEmptyListWhoseSentinelPrevIsWrong()
    {
        BuddyHeap heap = NewHeap(3, 16);   // list 0 is empty
        heap.WriteRecordForTest(0, PackedRecord.Links(1, 0));
        AssertViolations(heap, (Invariants.FreeListsWellFormed, "list 0: the sentinel's prev is 1, the tail is 0"));
    }

    // --------------------------------------------------------------------------------------------------------------
    // RecordsMatchLists
    // --------------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0UL)]    // the first record after the sentinels
    [InlineData(2UL)]
    [InlineData(14UL)]   // the last record
    public void RecordsMatchLists_ARecordMarkedFreeInNoList(ulong page)
    {
        BuddyHeap heap = NewHeap(3, 16);
        Assert.Equal(0UL, heap.Allocate(8 * P));
        Assert.Equal(8 * P, heap.Allocate(8 * P));   // everything allocated, every list empty
        uint index = RecordOf(heap, page);
        heap.WriteRecordForTest(index, PackedRecord.Free(1, 0, 1, 1));
        AssertViolations(heap, (Invariants.RecordsMatchLists, $"record {index} is marked free but is in no list"));
    }

    [Fact]
    public void RecordsMatchLists_AtMaxOrderZero()
    {
        BuddyHeap heap = NewHeap(0, 4);   // one sentinel, then one record per page
        for (int i = 0; i < 4; i++) heap.Allocate(P);
        uint index = RecordOf(heap, 2);
        Assert.Equal(3u, index);
        heap.WriteRecordForTest(index, PackedRecord.Free(0, 0, 0, 0));
        AssertViolations(heap, (Invariants.RecordsMatchLists, "record 3 is marked free but is in no list"));
    }

    // --------------------------------------------------------------------------------------------------------------
    // BlocksAlignedInRange
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void BlocksAlignedInRange_AMisalignedBlockInsideItsRange()
    {
        BuddyHeap heap = NewHeap(1, 4);   // pairs 0 and 1, both free
        // Pages 1..2 as an order-1 block and page 3 as an order-0 block; page 0 counts as allocated. The free map's
        // bits (both pairs hold a free page) stay right, and no two blocks overlap: only the alignment is wrong.
        SetFreeLists(heap, (1, 1), (3, 0));
        heap.AllocatedPagesForTest = 1;
        AssertViolations(heap, (Invariants.BlocksAlignedInRange, "order-1 block at page 0x1 is misaligned or leaves its range [0x0, 0x3]"));
    }

    [Fact]
    public void BlocksAlignedInRange_AnAlignedBlockThatLeavesItsRange()
    {
        BuddyHeap heap = NewHeap(1, 3, firstPage: 4);   // pages 4..6: pair 2 whole, pair 3 only page 6
        // An order-1 block at page 6 runs to page 7, past the range. Pages 4 and 5 count as allocated; the free map is
        // cleared to match the pages a walk of the blocks inside the range marks (none).
        SetFreeLists(heap, (6, 1));
        heap.AllocatedPagesForTest = 1;
        heap.FlipFreeMapBitForTest(RecordOf(heap, 4));
        heap.FlipFreeMapBitForTest(RecordOf(heap, 6));
        AssertViolations(heap, (Invariants.BlocksAlignedInRange, "order-1 block at page 0x6 is misaligned or leaves its range [0x4, 0x6]"));
    }

    // --------------------------------------------------------------------------------------------------------------
    // FullyCoalesced
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void FullyCoalesced_TwoFreeBuddiesNotMerged()
    {
        BuddyHeap heap = NewHeap(2, 4);   // one order-2 block
        SetFreeLists(heap, (0, 1), (2, 1));
        AssertViolations(heap,
            (Invariants.FullyCoalesced, "order-1 blocks at pages 0x0 and 0x2 are free buddies"),
            (Invariants.FullyCoalesced, "order-1 blocks at pages 0x2 and 0x0 are free buddies"));
    }

    [Fact]
    public void FullyCoalesced_BuddiesInAdjacentRangesAreNotReported()
    {
        // Pages 0..1 and 2..3 are separate ranges: each holds one order-1 block, and buddies never merge across ranges.
        var heap = new BuddyHeap(P, 4 * P);
        heap.AddRange(0, 2 * P);
        heap.AddRange(2 * P, 2 * P);
        Assert.Equal([0UL, 2 * P], heap.FreeListAddresses(1));
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void FullyCoalesced_ABuddyFreeAtAnotherOrderIsNotReported()
    {
        BuddyHeap heap = NewHeap(2, 4);
        Assert.Equal(0UL, heap.Allocate(P));   // lists 0: [1], 1: [2]; page 0 allocated
        Assert.Empty(heap.CheckInvariants());
    }

    // --------------------------------------------------------------------------------------------------------------
    // FreeListsDisjoint
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void FreeListsDisjoint_TwoBlocksSharingPages()
    {
        BuddyHeap heap = NewHeap(2, 4);
        SetFreeLists(heap, (0, 2), (2, 1));
        // The overlap counts pages 2..3 twice, so the page count no longer balances either.
        AssertViolations(heap,
            (Invariants.FreeListsDisjoint, "order-2 block at page 0x0 overlaps order-1 block at page 0x2"),
            (Invariants.Conservation, "6 free pages + 0 allocated pages != 4 pages in the ranges"));
    }

    [Fact]
    public void FreeListsDisjoint_BlocksListedOutOfAddressOrderAreSound()
    {
        BuddyHeap heap = NewHeap(1, 8);
        SetFreeLists(heap, (6, 1), (2, 1), (4, 0), (0, 1));   // not in address order, touching but not overlapping
        heap.AllocatedPagesForTest = 1;   // page 5
        Assert.Empty(heap.CheckInvariants());
    }

    // --------------------------------------------------------------------------------------------------------------
    // FreeMapMatchesPages (the bit-by-bit cases are in FreeMapTests)
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void FreeMapMatchesPages_AMapTooShortForTheRecords()
    {
        BuddyHeap heap = NewHeap(3, 16);
        uint records = heap.RecordCountForTest;
        heap.ResizeFreeMapForTest(0);
        AssertViolations(heap, (Invariants.FreeMapMatchesPages, $"the free map has 0 words for {records} records"));
    }

    [Fact]
    public void FreeMapMatchesPages_RoomReservedBeyondTheRecordsIsNoViolation()
    {
        BuddyHeap heap = NewHeap(3, 16);
        heap.ReserveMetadata(1UL << 30);   // the map and the records now have room for far more than they hold
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void FreeMapMatchesPages_AClearBitForAFreePairAndASetBitForAnAllocatedOne()
    {
        BuddyHeap heap = NewHeap(3, 16);
        Assert.Equal(0UL, heap.Allocate(8 * P));
        uint allocated = RecordOf(heap, 2), free = RecordOf(heap, 10);
        heap.FlipFreeMapBitForTest(allocated);
        heap.FlipFreeMapBitForTest(free);
        AssertViolations(heap,
            (Invariants.FreeMapMatchesPages, $"record {allocated} holds no free page but its free-map bit is set"),
            (Invariants.FreeMapMatchesPages, $"record {free} holds a free page but its free-map bit is clear"));
    }

    [Fact]
    public void FreeMapMatchesPages_TheLastRecordsBit()
    {
        BuddyHeap heap = NewHeap(3, 16);
        uint last = heap.RecordCountForTest - 1;
        heap.FlipFreeMapBitForTest(last);
        AssertViolations(heap, (Invariants.FreeMapMatchesPages, $"record {last} holds a free page but its free-map bit is clear"));
    }

    // --------------------------------------------------------------------------------------------------------------
    // Conservation and AccountingMatchesRecount
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void Conservation_AnAllocatedCounterOffByOne()
    {
        BuddyHeap heap = OnePageAllocated();
        heap.AllocatedPagesForTest = 2;
        AssertViolations(heap, (Invariants.Conservation, "15 free pages + 2 allocated pages != 16 pages in the ranges"));
    }

    [Fact]
    public void AccountingMatchesRecount_ATotalPagesCounterOffByOne()
    {
        BuddyHeap heap = OnePageAllocated();
        heap.TotalPagesForTest = 17;
        AssertViolations(heap, (Invariants.AccountingMatchesRecount, "total pages counter 17, ranges hold 16"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]   // the maximum order: the recount covers it too
    public void AccountingMatchesRecount_AFreeBlockCounterOffByOne(int order)
    {
        BuddyHeap heap = OnePageAllocated();   // one block in every list
        heap.WriteFreeBlockCountForTest(order, 2);
        AssertViolations(heap, (Invariants.AccountingMatchesRecount, $"order {order}: counter says 2 free blocks, the list holds 1"));
    }

    [Fact]
    public void AccountingMatchesRecount_ANonEmptyFlagOnAnEmptyList()
    {
        BuddyHeap heap = NewHeap(3, 16);   // only list 3 holds blocks
        heap.NonEmptyOrdersForTest |= 1;
        AssertViolations(heap, (Invariants.AccountingMatchesRecount, "order 0: non-empty flag is True, the list holds 0 blocks"));
    }

    [Fact]
    public void AccountingMatchesRecount_ANonEmptyListWithoutItsFlag()
    {
        BuddyHeap heap = NewHeap(3, 16);
        heap.NonEmptyOrdersForTest &= ~(1u << 3);
        AssertViolations(heap, (Invariants.AccountingMatchesRecount, "order 3: non-empty flag is False, the list holds 2 blocks"));
    }

    // --------------------------------------------------------------------------------------------------------------
    // The checker itself
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void AtMostOneHundredViolationsAreReported()
    {
        BuddyHeap heap = NewHeap(1, 400);   // 200 pair records
        for (uint index = 2; index < 2 + 150; index++) heap.FlipFreeMapBitForTest(index);
        IReadOnlyList<InvariantViolation> violations = heap.CheckInvariants();
        Assert.Equal(100, violations.Count);
        Assert.All(violations, v => Assert.Equal(Invariants.FreeMapMatchesPages, v.Invariant));
        Assert.Equal("record 101 holds a free page but its free-map bit is clear", violations[^1].Detail);
    }

    [Fact]
    public void ARepairedHeapIsCleanAgain()
    {
        BuddyHeap heap = OnePageAllocated();
        uint block = RecordOf(heap, 8);
        ulong record = heap.ReadRecordForTest(block);
        heap.WriteRecordForTest(block, PackedRecord.WithPrev(record, 5));
        Assert.NotEmpty(heap.CheckInvariants());
        heap.WriteRecordForTest(block, record);
        Assert.Empty(heap.CheckInvariants());
        heap.Free(0, P);
        Assert.Equal([0UL, 8 * P], heap.FreeListAddresses(3));
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void FreeListAddressesStopsAtTheCounterAndChecksItsArgument()
    {
        BuddyHeap heap = NewHeap(3, 16);   // list 3: [0, 8]
        heap.WriteFreeBlockCountForTest(3, 1);
        Assert.Equal([0UL], heap.FreeListAddresses(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeListAddresses(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeListAddresses(4));
    }
}
