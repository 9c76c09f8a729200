namespace Verified.Buddy;

public sealed partial class BuddyHeap
{
    /// <summary>A free block as the lists hold it: first page number and order.</summary>
    internal readonly record struct FreeBlock(ulong Page, int Order);

    /// <summary>The addresses of the free blocks of one order, head (next to be allocated) to tail.</summary>
    internal ulong[] FreeListAddresses(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, _maxOrder);
        var addresses = new ulong[_freeBlocks[order]];
        int n = 0;
        for (uint index = PackedRecord.Next(_records[order]); index != (uint)order && n < addresses.Length;
             index = PackedRecord.Next(_records[index]))
        {
            addresses[n++] = PageOfRecord(index, PackedRecord.Half(_records[index]), RangeOfRecord(index)) << _pageShift;
        }
        return addresses;
    }

    /// <summary>
    /// Checks every invariant of the heap against its state and returns the violations found, each under the
    /// invariant's name in <see cref="Invariants"/>; an empty list means the heap is sound. O(state): walks every free
    /// list, every record and every range once, and sorts the free blocks. Meant for tests and debugging.
    /// </summary>
    public IReadOnlyList<InvariantViolation> CheckInvariants()
    {
        var violations = new List<InvariantViolation>();
        void Report(string invariant, string detail)
        {
            if (violations.Count < 100) violations.Add(new InvariantViolation(invariant, detail));
        }

        // FreeListsWellFormed: walk each circular list from its sentinel, checking links, orders and duplicates.
        var seen = new bool[_recordCount];
        var blocks = new List<(FreeBlock Block, HeapRange Range)>();
        var counted = new ulong[_maxOrder + 1];
        ulong freePages = 0;
        for (int order = 0; order <= _maxOrder; order++)
        {
            uint sentinel = (uint)order, prev = sentinel;
            uint index = PackedRecord.Next(_records[sentinel]);
            for (ulong steps = 0; index != sentinel; steps++)
            {
                if (index <= _maxOrder || index >= _recordCount || steps > _recordCount)
                {
                    Report(Invariants.FreeListsWellFormed, $"list {order} links to record {index}, which is no block record");
                    break;
                }
                ulong record = _records[index];
                if (PackedRecord.Prev(record) != prev)
                    Report(Invariants.FreeListsWellFormed, $"list {order}: record {index} has prev {PackedRecord.Prev(record)}, expected {prev}");
                if (seen[index])
                {
                    Report(Invariants.FreeListsWellFormed, $"record {index} appears twice in the free lists");
                    break;
                }
                seen[index] = true;
                HeapRange range = RangeOfRecord(index);
                ulong page = PageOfRecord(index, PackedRecord.Half(record), range);
                if (!PackedRecord.IsFree(record) || PackedRecord.Order(record) != order)
                    Report(Invariants.FreeListsWellFormed,
                        $"list {order} holds the block at page 0x{page:X} whose record says " +
                        (PackedRecord.IsFree(record) ? $"order {PackedRecord.Order(record)}" : "not free"));
                blocks.Add((new FreeBlock(page, order), range));
                counted[order]++;
                freePages += 1UL << order;
                prev = index;
                index = PackedRecord.Next(record);
            }
            if (PackedRecord.Prev(_records[sentinel]) != prev && index == sentinel)
                Report(Invariants.FreeListsWellFormed, $"list {order}: the sentinel's prev is {PackedRecord.Prev(_records[sentinel])}, the tail is {prev}");
        }

        // RecordsMatchLists: no record outside the lists claims a free block.
        for (uint index = (uint)_maxOrder + 1; index < _recordCount; index++)
        {
            if (PackedRecord.IsFree(_records[index]) && !seen[index])
                Report(Invariants.RecordsMatchLists, $"record {index} is marked free but is in no list");
        }

        // BlocksAlignedInRange and FullyCoalesced.
        foreach ((FreeBlock block, HeapRange range) in blocks)
        {
            if ((block.Page & ((1UL << block.Order) - 1)) != 0 || !range.ContainsBlock(block.Page, block.Order))
                Report(Invariants.BlocksAlignedInRange,
                    $"order-{block.Order} block at page 0x{block.Page:X} is misaligned or leaves its range [0x{range.FirstPage:X}, 0x{range.LastPage:X}]");
            else if (block.Order < _maxOrder)
            {
                ulong buddy = BuddyOf(block.Page, block.Order);
                if (range.ContainsBlock(buddy, block.Order) && IsFreeBlock(buddy, block.Order, range, out _))
                    Report(Invariants.FullyCoalesced, $"order-{block.Order} blocks at pages 0x{block.Page:X} and 0x{buddy:X} are free buddies");
            }
        }

        // FreeListsDisjoint: in address order, each block ends before the next begins.
        blocks.Sort((a, b) => a.Block.Page.CompareTo(b.Block.Page));
        for (int i = 1; i < blocks.Count; i++)
        {
            FreeBlock before = blocks[i - 1].Block, after = blocks[i].Block;
            if (before.Page + (1UL << before.Order) > after.Page)
                Report(Invariants.FreeListsDisjoint,
                    $"order-{before.Order} block at page 0x{before.Page:X} overlaps order-{after.Order} block at page 0x{after.Page:X}");
        }

        // FreeMapMatchesPages: recompute the free map from the free blocks and compare it bit by bit.
        var marked = new bool[_recordCount];
        foreach ((FreeBlock block, HeapRange range) in blocks)
        {
            if (!range.ContainsBlock(block.Page, block.Order)) continue;   // reported above
            uint last = RecordIndex(block.Page + (1UL << block.Order) - 1, range);
            for (uint index = RecordIndex(block.Page, range); index <= last; index++) marked[index] = true;
        }
        if (_freeMap.Length < FreeMapWords(_recordCount))
            Report(Invariants.FreeMapMatchesPages, $"the free map has {_freeMap.Length} words for {_recordCount} records");
        else
        {
            for (uint index = 0; index < _recordCount; index++)
            {
                if (FreeMapBit(index) != marked[index])
                    Report(Invariants.FreeMapMatchesPages, marked[index]
                        ? $"record {index} holds a free page but its free-map bit is clear"
                        : $"record {index} holds no free page but its free-map bit is set");
            }
        }

        // Conservation: the free pages and the allocated pages make up exactly the pages of the ranges.
        ulong rangePages = 0;
        foreach (HeapRange range in _byAddress) rangePages += range.Pages;
        if (freePages + _allocatedPages != rangePages)
            Report(Invariants.Conservation,
                $"{freePages} free pages + {_allocatedPages} allocated pages != {rangePages} pages in the ranges");

        // AccountingMatchesRecount: the counters agree with what the walk found.
        if (rangePages != _totalPages)
            Report(Invariants.AccountingMatchesRecount, $"total pages counter {_totalPages}, ranges hold {rangePages}");
        for (int order = 0; order <= _maxOrder; order++)
        {
            if (counted[order] != _freeBlocks[order])
                Report(Invariants.AccountingMatchesRecount, $"order {order}: counter says {_freeBlocks[order]} free blocks, the list holds {counted[order]}");
            bool flagged = (_nonEmptyOrders & (1u << order)) != 0;
            if (flagged != (counted[order] != 0))
                Report(Invariants.AccountingMatchesRecount, $"order {order}: non-empty flag is {flagged}, the list holds {counted[order]} blocks");
        }
        return violations;
    }
}
