namespace Verified.Buddy;

/// <summary>
/// Two primitives for the backing layer (<see cref="BackedBuddyHeap"/>), which keeps the heap's allocation rule and
/// builds on it: a range added with every page allocated, the taking of the least recently used free block or of one
/// given free block, and a query of the order an allocation would take its block from. The first three leave the heap
/// in a state the contract's operations reach too (an <see cref="AddRange"/> followed by the allocation of each of its
/// blocks; an allocation that happened to find its block at the tail; a free block allocated whole), so every invariant of
/// <see cref="CheckInvariants"/> holds after them. Neither is public: the heap's public contract is unchanged.
/// </summary>
public sealed partial class BuddyHeap
{
    /// <summary>
    /// Adds the range [start, start + length) with every page allocated: the heap knows the memory and will accept its
    /// free, but none of it is on a free list. The checks and errors are those of <see cref="AddRange"/>.
    /// </summary>
    /// <exception cref="InvalidRangeException">The range is invalid; the heap is unchanged.</exception>
    internal void AddRangeAllocated(ulong start, ulong length)
    {
        HeapRange range = AppendRange(start, length);
        _allocatedPages += range.Pages;
    }

    /// <summary>
    /// Takes a block of exactly 2^<paramref name="order"/> pages from the cold end: the tail block of the smallest
    /// non-empty order j ≥ <paramref name="order"/> — the block freed longest ago — split as an allocation splits,
    /// the lower half kept and the upper halves pushed at the tails of their lists (they stay as cold as they were).
    /// The block is allocated afterwards; O(K).
    /// </summary>
    /// <returns>False, with the heap unchanged, when no free block of that order or larger exists.</returns>
    internal bool TryTakeColdest(int order, out ulong address)
    {
        uint fitting = _nonEmptyOrders >> order;
        if (fitting == 0) { address = 0; return false; }
        int j = order + System.Numerics.BitOperations.TrailingZeroCount(fitting);

        uint index = PackedRecord.Prev(_records[j]);
        HeapRange range = RangeOfRecord(index);
        ulong block = PageOfRecord(index, PackedRecord.Half(_records[index]), range);
        Unlink(index, j);
        // The free map, as in an allocation: an order-0 block taken from a split keeps its pair's bit for the buddy page.
        if (order > 0 || j == 0 || _unitShift == 0)
            MarkFreeMap(index, RecordIndex(block + (1UL << order) - 1, range), free: false);
        while (j > order)
        {
            j--;
            PushTail(block + (1UL << j), j, range);
        }
        _allocatedPages += 1UL << order;
        address = block << _pageShift;
        return true;
    }

    /// <summary>
    /// The order of the block an allocation of 2^<paramref name="order"/> pages would take (the smallest non-empty order
    /// j ≥ <paramref name="order"/>), or -1 when none is free. A query: nothing changes; O(1).
    /// </summary>
    internal int SmallestFreeOrderFrom(int order)
    {
        uint fitting = _nonEmptyOrders >> order;
        return fitting == 0 ? -1 : order + System.Numerics.BitOperations.TrailingZeroCount(fitting);
    }

    /// <summary>
    /// Takes the free block of exactly 2^<paramref name="order"/> pages that starts at <paramref name="address"/>, wherever
    /// it sits in its list; the block is allocated afterwards (the state an allocation of it, had it been at the head of
    /// its list, reaches). O(1).
    /// </summary>
    /// <returns>False, with the heap unchanged, when no free block of that order starts there (the address is not a
    /// page of the heap, the pages are allocated, or they lie in a free block of another order).</returns>
    internal bool TryTakeBlock(ulong address, int order)
    {
        if ((address & (PageSize - 1)) != 0 || order < 0 || order > _maxOrder) return false;
        ulong page = address >> _pageShift;
        int at = FindRange(page);
        if (at < 0 || !_byAddress[at].Contains(page)) return false;
        HeapRange range = _byAddress[at];
        if (!range.ContainsBlock(page, order) || !IsFreeBlock(page, order, range, out uint index)) return false;
        Unlink(index, order);
        MarkFreeMap(index, RecordIndex(page + (1UL << order) - 1, range), free: false);
        _allocatedPages += 1UL << order;
        return true;
    }
}
