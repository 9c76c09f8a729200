namespace Verified.Buddy;

/// <summary>
/// Two primitives for the backing layer (<see cref="BackedBuddyHeap"/>), which keeps the heap's allocation rule and
/// builds on it: a range added with every page allocated, and the taking of the least recently used free block. Both
/// leave the heap in a state the contract's operations reach too (an <see cref="AddRange"/> followed by the allocation
/// of each of its blocks; an allocation that happened to find its block at the tail), so every invariant of
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
}
