using Verified.Buddy;

namespace Verified.PropertyTests.Heap;

/// <summary>
/// The contract of docs/contract.md written as plainly as possible, for model-based testing: free lists are lists
/// (head at index 0), allocated pages are a set, and every check walks page by page. Slow and obviously right is the
/// point; it shares no code with <see cref="BuddyHeap"/>.
/// </summary>
internal sealed class ReferenceHeap
{
    public ReferenceHeap(ulong pageSize, int maxOrder)
    {
        PageSize = pageSize;
        MaxOrder = maxOrder;
        Lists = Enumerable.Range(0, maxOrder + 1).Select(_ => new List<ulong>()).ToArray();
    }

    public ulong PageSize { get; }
    public int MaxOrder { get; }
    public ulong MaxBlockSize => PageSize << MaxOrder;
    public List<(ulong First, ulong Last)> Ranges { get; private set; } = [];
    public List<ulong>[] Lists { get; private set; }
    public HashSet<ulong> Allocated { get; private set; } = [];

    public ReferenceHeap Clone() => new(PageSize, MaxOrder)
    {
        Ranges = [.. Ranges],
        Lists = Lists.Select(l => new List<ulong>(l)).ToArray(),
        Allocated = [.. Allocated],
    };

    public ulong TotalPages => Ranges.Aggregate(0UL, (sum, r) => sum + (r.Last - r.First + 1));

    public RangeError AddRange(ulong start, ulong length)
    {
        if (start % PageSize != 0 || length % PageSize != 0) return RangeError.Misaligned;
        if (length == 0) return RangeError.Empty;
        if ((UInt128)start + length > ((UInt128)1 << 64)) return RangeError.Wraps;
        ulong first = start / PageSize, last = first + length / PageSize - 1;
        if (Ranges.Any(r => r.First <= last && first <= r.Last)) return RangeError.Overlaps;
        Ranges.Add((first, last));
        for (ulong page = first; page <= last;)
        {
            int order = LargestBlock(page, last);
            Lists[order].Add(page);                 // fresh memory goes to the tail
            page += 1UL << order;
            if (page == 0) break;
        }
        return RangeError.None;
    }

    /// <summary>Null when the heap is exhausted; throws nothing (the caller checks sizes first).</summary>
    public ulong? Allocate(ulong size)
    {
        ulong pages = (size + PageSize - 1) / PageSize;
        int order = 0;
        while ((1UL << order) < pages) order++;
        int j = order;
        while (j <= MaxOrder && Lists[j].Count == 0) j++;
        if (j > MaxOrder) return null;
        ulong block = Lists[j][0];
        Lists[j].RemoveAt(0);
        while (j > order)
        {
            j--;
            Lists[j].Insert(0, block + (1UL << j));
        }
        for (ulong i = 0; i < (1UL << order); i++) Allocated.Add(block + i);
        if (pages < (1UL << order)) FreeSpan(block + pages, (1UL << order) - pages);
        return block * PageSize;
    }

    public FreeResult Free(ulong address, ulong size)
    {
        if (size == 0) return new FreeResult(FreeError.InvalidSize, 0);
        ulong first = address / PageSize;
        if (address % PageSize != 0) return new FreeResult(FreeError.Misaligned, first);
        if (RangeOf(first) is null) return new FreeResult(FreeError.ForeignAddress, first);
        ulong pages = size / PageSize + (size % PageSize != 0 ? 1UL : 0);
        ulong maxPage = ulong.MaxValue / PageSize;   // pages are numbers below 2^64 / P
        for (ulong i = 0; i < pages; i++)
        {
            if (first + i > maxPage) return new FreeResult(FreeError.OutsideRanges, first + i);
            ulong page = first + i;
            if (RangeOf(page) is null) return new FreeResult(FreeError.OutsideRanges, page);
            if (!Allocated.Contains(page)) return new FreeResult(FreeError.NotAllocated, page);
        }
        FreeSpan(first, pages);
        return new FreeResult(FreeError.None, 0);
    }

    private void FreeSpan(ulong first, ulong pages)
    {
        ulong end = first + pages;   // exclusive
        ulong page = first;
        while (page < end)
        {
            (ulong rangeFirst, ulong rangeLast) = RangeOf(page)!.Value;
            ulong partLast = Math.Min(end - 1, rangeLast);
            while (page <= partLast)
            {
                int order = LargestBlock(page, partLast);
                for (ulong i = 0; i < (1UL << order); i++) Allocated.Remove(page + i);
                ulong block = page;
                int k = order;
                while (k < MaxOrder)
                {
                    ulong buddy = block ^ (1UL << k);
                    bool sameRange = buddy >= rangeFirst && buddy + (1UL << k) - 1 <= rangeLast;
                    if (!sameRange || !Lists[k].Contains(buddy)) break;
                    Lists[k].Remove(buddy);
                    block = Math.Min(block, buddy);
                    k++;
                }
                Lists[k].Insert(0, block);
                page += 1UL << order;
            }
        }
    }

    public (ulong First, ulong Last)? RangeOf(ulong page)
    {
        foreach (var r in Ranges) if (page >= r.First && page <= r.Last) return r;
        return null;
    }

    private int LargestBlock(ulong page, ulong last)
    {
        int order = 0;
        while (order < MaxOrder && page % (1UL << (order + 1)) == 0 && last - page + 1 >= (1UL << (order + 1))) order++;
        return order;
    }
}
