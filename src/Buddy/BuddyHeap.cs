using System.Numerics;
using System.Runtime.CompilerServices;

namespace Verified.Buddy;

/// <summary>
/// A buddy allocator of page-granular address ranges with most-recently-used free lists: a freed block goes to the
/// head of its order's list and allocation takes the head, so memory that was just in use is handed out again first.
/// The exact behaviour, operation by operation, is the contract in <c>docs/contract.md</c>, which the Dafny model in
/// <c>spec/</c> states formally.
/// </summary>
/// <remarks>
/// <para>The heap manages addresses only; it never touches the memory they name, so a heap of 1 TiB needs no backing.
/// Its bookkeeping is one 8-byte record per buddy pair of pages (4 bytes per page, 0.098% at 4 KiB pages), held in
/// one managed array; <see cref="MetadataBytes"/> reports it and it is never counted in the byte totals.</para>
/// <para>Allocate and free of one block cost O(K), K = log2(max block / page size), with no allocation and no scan
/// that grows with the heap; freeing a span of n pages checks every page of it, O(n + K). Finding the range of an
/// address is a binary search over the ranges.</para>
/// <para>Not thread-safe: share one heap between threads through the locked wrapper (<c>ConcurrentBuddyHeap</c>).</para>
/// </remarks>
public sealed partial class BuddyHeap : IPageAllocator
{
    /// <summary>The largest maximum block size a heap accepts: 1 GiB.</summary>
    public const ulong MaxBlockSizeLimit = 1UL << 30;

    /// <summary>How many records (sentinels included) the 29-bit links can address: 2^29, i.e. 2^30 pages.</summary>
    public const ulong MaxRecords = (ulong)PackedRecord.MaxIndex + 1;

    private readonly int _pageShift;
    private readonly int _maxOrder;
    private readonly int _unitShift;   // 1: one record per buddy pair; 0 when K = 0 (one record per page)
    private readonly int _mergeCeiling;   // the order merging stops at: K, except in a test heap with a seeded defect

    // _records[0..K] are the sentinels of the circular free lists; each range's records follow.
    private ulong[] _records;
    private uint _recordCount;

    // The same ranges twice: by address for lookups of pages, by record base (the order they were added) for lookups of records.
    private HeapRange[] _byAddress = [];
    private HeapRange[] _byRecord = [];

    private readonly ulong[] _freeBlocks;   // free blocks per order
    private uint _nonEmptyOrders;           // bit k set iff list k is non-empty
    private ulong _totalPages;
    private ulong _allocatedPages;

    /// <summary>Creates an empty heap; add memory with <see cref="AddRange"/>.</summary>
    /// <param name="pageSize">Page size P in bytes: a power of two, at least 2. Every address and length is a multiple of it.</param>
    /// <param name="maxBlockSize">Largest block M in bytes: a power of two with P ≤ M ≤ 1 GiB. Larger allocations are refused.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not a power of two or out of bounds.</exception>
    public BuddyHeap(ulong pageSize = 4096, ulong maxBlockSize = 2UL << 20)
        : this(pageSize, maxBlockSize, seededMergeCeiling: int.MaxValue)
    {
    }

    /// <summary>Test-only constructor: with <paramref name="seededMergeCeiling"/> below K, merging stops at that order (a
    /// seeded defect the differential test against the Dafny model must catch). The product's merge loop reads the
    /// ceiling where it would read K, so the seam costs nothing. Not reachable from outside the library and its tests.</summary>
    internal BuddyHeap(ulong pageSize, ulong maxBlockSize, int seededMergeCeiling)
    {
        if (pageSize < 2 || !BitOperations.IsPow2(pageSize))
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be a power of two, at least 2.");
        if (!BitOperations.IsPow2(maxBlockSize) || maxBlockSize < pageSize || maxBlockSize > MaxBlockSizeLimit)
            throw new ArgumentOutOfRangeException(nameof(maxBlockSize), maxBlockSize,
                $"The maximum block size must be a power of two between the page size ({pageSize}) and 1 GiB.");

        _pageShift = BitOperations.Log2(pageSize);
        _maxOrder = BitOperations.Log2(maxBlockSize) - _pageShift;
        _unitShift = _maxOrder == 0 ? 0 : 1;
        _mergeCeiling = Math.Min(_maxOrder, seededMergeCeiling);
        _freeBlocks = new ulong[_maxOrder + 1];
        _recordCount = (uint)(_maxOrder + 1);
        _records = new ulong[_recordCount];
        for (uint k = 0; k <= _maxOrder; k++) _records[k] = PackedRecord.Links(k, k);
        _freeMap = new ulong[FreeMapWords(_recordCount)];
    }

    /// <summary>Page size P in bytes.</summary>
    public ulong PageSize => 1UL << _pageShift;

    /// <summary>Largest block M in bytes.</summary>
    public ulong MaxBlockSize => 1UL << (_pageShift + _maxOrder);

    /// <summary>The maximum order K = log2(M / P).</summary>
    public int MaxOrder => _maxOrder;

    /// <summary>Sum of the lengths of all ranges.</summary>
    public ulong TotalBytes => _totalPages << _pageShift;

    /// <summary>Bytes in allocated pages (a request of n bytes holds ceil(n / P) pages).</summary>
    public ulong AllocatedBytes => _allocatedPages << _pageShift;

    /// <summary>Bytes in free pages: <see cref="TotalBytes"/> − <see cref="AllocatedBytes"/>.</summary>
    public ulong FreeBytes => (_totalPages - _allocatedPages) << _pageShift;

    /// <summary>Size in bytes of the largest free block, 0 when nothing is free.</summary>
    public ulong LargestFreeBlockBytes =>
        _nonEmptyOrders == 0 ? 0 : 1UL << (_pageShift + 31 - BitOperations.LeadingZeroCount(_nonEmptyOrders));

    /// <summary>Number of ranges added so far.</summary>
    public int RangeCount => _byAddress.Length;

    /// <summary>Bytes of the heap's own bookkeeping: records, ranges and counters. Never part of the byte totals.</summary>
    public ulong MetadataBytes =>
        (ulong)_records.Length * sizeof(ulong)
        + (ulong)_freeMap.Length * sizeof(ulong)
        + (ulong)(_byAddress.Length + _byRecord.Length) * (ulong)Unsafe.SizeOf<HeapRange>()
        + (ulong)_freeBlocks.Length * sizeof(ulong)
        + 64;   // the heap object itself

    /// <summary>Number of free blocks of the given order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not in 0..<see cref="MaxOrder"/>.</exception>
    public ulong FreeBlockCount(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, _maxOrder);
        return _freeBlocks[order];
    }

    // ------------------------------------------------------------------------------------------------------------
    // AddRange
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Adds the range [start, start + length) and appends its blocks, carved lowest address first into maximal naturally
    /// aligned blocks, at the tails of their lists: fresh memory is the least recently used.
    /// </summary>
    /// <exception cref="InvalidRangeException">The range is misaligned, empty, wraps past 2^64, overlaps an existing
    /// range, or exceeds <see cref="MaxRecords"/>. The heap is unchanged.</exception>
    /// <remarks>O(pages of the range + records already held): the record array is re-allocated to its exact new size,
    /// unless <see cref="ReserveMetadata"/> made room for it.</remarks>
    public void AddRange(ulong start, ulong length)
    {
        HeapRange range = AppendRange(start, length);
        MarkFreeMap(range.RecordBase, _recordCount - 1, free: true);
        ulong first = range.FirstPage, last = range.LastPage;
        for (ulong page = first; ; )
        {
            int order = LargestBlockAt(page, last);
            PushTail(page, order, range);
            ulong next = page + (1UL << order);
            if (next - 1 == last) break;
            page = next;
        }
    }

    /// <summary>
    /// Makes room in the bookkeeping for ranges of <paramref name="totalBytes"/> in all (those added already included),
    /// so that adding them later re-allocates nothing: without it every <see cref="AddRange"/> re-allocates the record
    /// array to its exact new size, and a heap grown range by range leaves the old arrays behind as garbage. The room is
    /// counted in <see cref="MetadataBytes"/> from now on; a range that does not start on a buddy-pair boundary may still
    /// need one record more than planned (it is then re-allocated as usual). O(records held) when it grows.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalBytes"/> needs more than <see cref="MaxRecords"/>
    /// records. The heap is unchanged.</exception>
    public void ReserveMetadata(ulong totalBytes)
    {
        ulong records = (ulong)(_maxOrder + 1) + ((totalBytes >> _pageShift) >> _unitShift) + 1;
        if (records > MaxRecords || records > (ulong)Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(totalBytes), totalBytes, $"The heap can keep records for at most {MaxRecords} buddy pairs.");
        if ((ulong)_records.Length < records) Array.Resize(ref _records, (int)records);
        if (_freeMap.Length < FreeMapWords((uint)records)) Array.Resize(ref _freeMap, FreeMapWords((uint)records));
    }

    /// <summary>Checks the range and appends its records (all clear: nothing free yet) and its entries in the range
    /// tables; the caller decides what becomes free.</summary>
    /// <exception cref="InvalidRangeException">The range is invalid; the heap is unchanged.</exception>
    private HeapRange AppendRange(ulong start, ulong length)
    {
        RangeError error = CheckRange(start, length, out string detail);
        if (error != RangeError.None) throw new InvalidRangeException(error, start, length, detail);

        ulong first = start >> _pageShift;
        ulong last = first + (length >> _pageShift) - 1;
        uint units = (uint)((last >> _unitShift) - (first >> _unitShift) + 1);
        var range = new HeapRange(first, last, _recordCount);

        uint needed = _recordCount + units;
        if ((uint)_records.Length < needed) Array.Resize(ref _records, checked((int)needed));
        if (_freeMap.Length < FreeMapWords(needed)) Array.Resize(ref _freeMap, FreeMapWords(needed));
        _recordCount = needed;
        int at = ~Array.BinarySearch(_byAddress, range, RangeByAddress.Instance);
        _byAddress = [.. _byAddress.AsSpan(0, at), range, .. _byAddress.AsSpan(at)];
        _byRecord = [.. _byRecord, range];
        _totalPages += range.Pages;
        return range;
    }

    /// <summary>Decides whether <see cref="AddRange"/> would accept the range, without changing anything.</summary>
    public RangeError CheckRange(ulong start, ulong length, out string detail)
    {
        ulong pageMask = PageSize - 1;
        if ((start & pageMask) != 0 || (length & pageMask) != 0)
        {
            detail = $"start and length must be multiples of the page size {PageSize}";
            return RangeError.Misaligned;
        }
        if (length == 0) { detail = "the length is zero"; return RangeError.Empty; }
        if (start != 0 && length - 1 > ulong.MaxValue - start)
        {
            detail = "start + length exceeds 2^64";
            return RangeError.Wraps;
        }
        ulong first = start >> _pageShift;
        ulong last = first + (length >> _pageShift) - 1;
        int below = FindRange(last);
        if (below >= 0 && _byAddress[below].LastPage >= first)
        {
            HeapRange other = _byAddress[below];
            detail = $"it overlaps the range [0x{other.FirstPage << _pageShift:X}, +0x{other.Pages << _pageShift:X})";
            return RangeError.Overlaps;
        }
        ulong units = (last >> _unitShift) - (first >> _unitShift) + 1;
        if (units > MaxRecords - _recordCount || _recordCount + units > (ulong)Array.MaxLength)
        {
            detail = $"the heap can keep records for at most {MaxRecords} buddy pairs ({_recordCount} in use, {units} more needed)";
            return RangeError.CapacityExceeded;
        }
        detail = "";
        return RangeError.None;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Allocate
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>Allocates ceil(size / P) pages; see <see cref="TryAllocate"/> for which block is returned.</summary>
    /// <returns>The address of the first page, naturally aligned to the next power of two of the page count.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    /// <exception cref="HeapExhaustedException">No free block is large enough. The heap is unchanged.</exception>
    public ulong Allocate(ulong size)
    {
        if (!TryAllocate(size, out ulong address))
            throw new HeapExhaustedException(size, FreeBytes, LargestFreeBlockBytes);
        return address;
    }

    /// <summary>
    /// Allocates n = ceil(size / P) pages: takes the head block of the smallest non-empty order j ≥ k (2^k ≥ n, k
    /// smallest), pushes the upper halves of its splits at the heads of their lists, keeps the lower half, and frees the
    /// trailing 2^k − n pages at once. O(K).
    /// </summary>
    /// <returns>False, with the heap unchanged, when no free block is large enough.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocate(ulong size, out ulong address)
    {
        if (size == 0 || size > MaxBlockSize) ThrowInvalidAllocationSize(size);
        return TryAllocateValidSize(size, out address);
    }

    /// <summary><see cref="TryAllocate"/> for a caller that has checked 0 &lt; size ≤ <see cref="MaxBlockSize"/>; inlined
    /// into its callers (the locked wrapper's direct path), so that a locked allocation is one call, not two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryAllocateValidSize(ulong size, out ulong address)
    {
        ulong pages = (size + PageSize - 1) >> _pageShift;
        int order = pages == 1 ? 0 : 64 - BitOperations.LeadingZeroCount(pages - 1);

        uint fitting = _nonEmptyOrders >> order;
        if (fitting == 0) { address = 0; return false; }
        int j = order + BitOperations.TrailingZeroCount(fitting);

        uint index = PackedRecord.Next(_records[j]);
        HeapRange range = RangeOfRecord(index);
        ulong block = PageOfRecord(index, PackedRecord.Half(_records[index]), range);
        Unlink(index, j);
        // The free map: the records the block covers whole are now allocated. An order-0 block shares its pair with
        // its buddy page, which stays free exactly when a split below pushes it.
        if (order > 0 || j == 0 || _unitShift == 0)
            MarkFreeMap(index, RecordIndex(block + (1UL << order) - 1, range), free: false);
        while (j > order)
        {
            j--;
            PushHead(block + (1UL << j), j, range);   // Split: the upper half goes back, the lower half is kept
        }
        _allocatedPages += 1UL << order;
        if (pages != 1UL << order) FreeWithinRange(block + pages, block + (1UL << order) - 1, range);
        address = block << _pageShift;
        return true;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Free
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>Frees the ceil(size / P) pages at <paramref name="address"/>; see <see cref="TryFree"/>.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0.</exception>
    /// <exception cref="InvalidFreeException">A page of the span is not allocated memory of this heap; the exception
    /// names the first such page and why. The heap is unchanged.</exception>
    public void Free(ulong address, ulong size)
    {
        TryFree(address, size).ThrowIfFailed(address, size, PageSize);
    }

    /// <summary>
    /// Frees the span of ceil(size / P) pages at <paramref name="address"/>, which must all be allocated now (any span
    /// of allocated pages, not only a whole earlier allocation). The span is cut at range boundaries and into maximal
    /// naturally aligned blocks, lowest first; each merges with its buddy while the buddy is a whole free block of the
    /// same order in the same range, and the result is pushed at the head of its list. O(n + K) for n pages.
    /// </summary>
    /// <returns>Success, or the reason and the first offending page; on failure the heap is unchanged.</returns>
    public FreeResult TryFree(ulong address, ulong size) => TryFreeInline(address, size);

    /// <summary><see cref="TryFree"/>, inlined into its callers (the locked wrapper's direct path): the one-range path
    /// in line, everything else out of line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal FreeResult TryFreeInline(ulong address, ulong size)
    {
        HeapRange[] ranges = _byAddress;
        if (size != 0 && ranges.Length == 1 && (address & (PageSize - 1)) == 0)
        {
            // One range, and the span lies inside it: the general path's lookups and range walk decide nothing here.
            HeapRange only = ranges[0];
            ulong first = address >> _pageShift;
            ulong count = (size >> _pageShift) + ((size & (PageSize - 1)) != 0 ? 1UL : 0);
            if (first >= only.FirstPage && first <= only.LastPage && count - 1 <= only.LastPage - first)
            {
                // A whole block (every free of a whole earlier allocation is one): one check, one mark, one merge.
                if ((count & (count - 1)) == 0 && (first & (count - 1)) == 0 && count <= (1UL << _maxOrder)
                    && FreeBlockIfAllocated(first, BitOperations.TrailingZeroCount(count), only))
                    return new FreeResult(FreeError.None, 0);
                ulong last = first + count - 1;
                if (FirstFreePage(first, last, only) is ulong free) return new FreeResult(FreeError.NotAllocated, free);
                FreeWithinRange(first, last, only);
                return new FreeResult(FreeError.None, 0);
            }
        }
        return TryFreeAcrossRanges(address, size);
    }

    /// <summary>The general free path: any number of ranges, a span that may cross from one range into the next.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FreeResult TryFreeAcrossRanges(ulong address, ulong size)
    {
        if (size == 0) return new FreeResult(FreeError.InvalidSize, 0);
        FreeResult check = CheckFree(address, size, out int rangeIndex, out ulong pages);
        if (!check.Succeeded) return check;

        ulong page = address >> _pageShift;
        while (true)
        {
            HeapRange range = _byAddress[rangeIndex];
            ulong inRange = Math.Min(pages, range.LastPage - page + 1);
            FreeWithinRange(page, page + inRange - 1, range);
            pages -= inRange;
            if (pages == 0) return check;
            page += inRange;
            rangeIndex++;
        }
    }

    /// <summary>Decides whether a free of the span would be accepted, without changing anything.</summary>
    /// <returns>Success, or the reason and the first offending page (the contract's order: misaligned, foreign
    /// address, outside the ranges, not allocated).</returns>
    public FreeResult CheckFree(ulong address, ulong size) => size == 0
        ? new FreeResult(FreeError.InvalidSize, 0)
        : CheckFree(address, size, out _, out _);

    private FreeResult CheckFree(ulong address, ulong size, out int rangeIndex, out ulong pages)
    {
        pages = (size >> _pageShift) + ((size & (PageSize - 1)) != 0 ? 1UL : 0);
        ulong page = address >> _pageShift;
        rangeIndex = -1;
        if ((address & (PageSize - 1)) != 0) return new FreeResult(FreeError.Misaligned, page);
        int index = FindRange(page);
        if (index < 0 || !_byAddress[index].Contains(page)) return new FreeResult(FreeError.ForeignAddress, page);
        rangeIndex = index;

        for (ulong left = pages; ;)
        {
            HeapRange range = _byAddress[index];
            ulong inRange = Math.Min(left, range.LastPage - page + 1);
            if (FirstFreePage(page, page + inRange - 1, range) is ulong free)
                return new FreeResult(FreeError.NotAllocated, free);
            left -= inRange;
            if (left == 0) return new FreeResult(FreeError.None, 0);
            ulong after = range.LastPage + 1;   // no wrap: a range ends at most at page 2^64 / P − 1 < 2^63
            if (index + 1 >= _byAddress.Length || _byAddress[index + 1].FirstPage != after)
                return new FreeResult(FreeError.OutsideRanges, after);
            index++;
            page = after;
        }
    }

    /// <summary>The lowest free page in [first, last] (all inside <paramref name="range"/>), or null when all are allocated.</summary>
    /// <remarks>
    /// Reads the free map (see <c>BuddyHeap.FreeMap.cs</c>): a record whose bit is clear holds no free page. A record
    /// whose bit is set holds a free order-0 block (its record says which page, and the other page of the pair is not
    /// free: the heap is coalesced, or that page lies outside the range) or lies inside a free block of order ≥ 1
    /// (both pages free). One word read for a span of up to 64 records in one word of the map.
    /// </remarks>
    private ulong? FirstFreePage(ulong first, ulong last, HeapRange range)
    {
        uint firstRecord = RecordIndex(first, range), lastRecord = RecordIndex(last, range);
        for (long marked = FirstMarkedRecord(firstRecord, lastRecord); marked >= 0;
             marked = marked == lastRecord ? -1 : FirstMarkedRecord((uint)marked + 1, lastRecord))
        {
            uint index = (uint)marked;
            ulong pairFirst = PageOfRecord(index, 0, range);   // may lie below the range when its first page is odd
            ulong low = Math.Max(first, pairFirst);
            if (_unitShift == 0) return low;
            ulong record = _records[index];
            if (PackedRecord.IsFree(record) && PackedRecord.Order(record) == 0)
            {
                ulong free = pairFirst | PackedRecord.Half(record);
                if (free >= first && free <= last) return free;
                continue;   // the pair's free page lies outside the span; the page inside it is allocated
            }
            return low;
        }
        return null;
    }

    /// <summary>
    /// Frees the naturally aligned block of 2^order pages at <paramref name="block"/> (inside <paramref name="range"/>)
    /// when the free map shows at once that all its pages are allocated, exactly as <see cref="FreeWithinRange"/> would;
    /// returns false, changing nothing, when it does not (a free page in the block, or a pair half inside it whose bit
    /// is set for a reason the check does not settle): the caller then takes the general path, which names the page.
    /// </summary>
    /// <remarks>A block of order ≥ 1 covers its pairs whole, so it is allocated exactly when their bits are clear. A
    /// single page shares its pair with its buddy: a clear bit means both pages are allocated, and a set bit with the
    /// pair's record holding a free order-0 block at the other half means the buddy is free and this page is not — the
    /// merge below then takes the buddy.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FreeBlockIfAllocated(ulong block, int order, HeapRange range)
    {
        uint index = RecordIndex(block, range);
        uint lastIndex = index;
        if (order > 0 && _unitShift != 0)
        {
            lastIndex = index + (1u << (order - 1)) - 1;
            if (FirstMarkedRecord(index, lastIndex) >= 0) return false;
        }
        else if (FreeMapBit(index)
                 && (_unitShift == 0 || !PackedRecord.HoldsBlock(_records[index], 0, HalfOf(block) ^ 1)))
        {
            return false;
        }
        MarkFreeMap(index, lastIndex, free: true);
        _allocatedPages -= 1UL << order;
        MergeUp(block, order, range);
        return true;
    }

    /// <summary>Frees [first, last] of one range, which the caller knows to be allocated: maximal aligned blocks, lowest first.</summary>
    private void FreeWithinRange(ulong first, ulong last, HeapRange range)
    {
        MarkFreeMap(RecordIndex(first, range), RecordIndex(last, range), free: true);
        for (ulong page = first; ;)
        {
            int order = LargestBlockAt(page, last);
            _allocatedPages -= 1UL << order;
            MergeUp(page, order, range);
            ulong pieceLast = page + (1UL << order) - 1;
            if (pieceLast == last) return;
            page = pieceLast + 1;
        }
    }

    /// <summary>Merges the newly freed block with its buddy while the buddy is a whole free block of the same order in the
    /// same range, then pushes the result at the head of its list: the block just freed is the most recently used.</summary>
    /// <remarks>Inlined into every free: as a call of its own it ran as unoptimised tier-0 code (and called its helpers
    /// unoptimised too) until the runtime promoted it, about 0.2 s into a process, so a short run paid for it on every
    /// free (docs/benchmarks.md, fifth round).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MergeUp(ulong block, int order, HeapRange range)
    {
        while (order < _mergeCeiling)
        {
            ulong buddy = BuddyOf(block, order);
            // Stryker disable once all : with || -> &&, the break deleted or the whole condition negated, the out variable
            // `index` is not definitely assigned; Roslyn refuses it and Stryker's safe mode then drops every mutant of MergeUp
            if (!range.ContainsBlock(buddy, order) || !IsFreeBlock(buddy, order, range, out uint index)) break;
            Unlink(index, order);
            block = Math.Min(block, buddy);
            order++;
        }
        PushHead(block, order, range);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Primitives
    // ------------------------------------------------------------------------------------------------------------

    /// <summary>The buddy of a block: the other half of the block one order up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong BuddyOf(ulong block, int order) => block ^ (1UL << order);

    /// <summary>The largest order j ≤ K with <paramref name="page"/> a multiple of 2^j and the block ending by <paramref name="last"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LargestBlockAt(ulong page, ulong last)
    {
        int order = Math.Min(_maxOrder, page == 0 ? 64 : BitOperations.TrailingZeroCount(page));
        ulong room = last - page;   // pages after the first
        while (room < (1UL << order) - 1) order--;
        return order;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint RecordIndex(ulong page, HeapRange range) =>
        range.RecordBase + (uint)((page >> _unitShift) - (range.FirstPage >> _unitShift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong PageOfRecord(uint index, ulong half, HeapRange range) =>
        (((range.FirstPage >> _unitShift) + (index - range.RecordBase)) << _unitShift) | half;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong HalfOf(ulong page) => page & ((1UL << _unitShift) - 1);

    /// <summary>True when a free block of exactly this order starts at <paramref name="page"/> (which lies in <paramref name="range"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsFreeBlock(ulong page, int order, HeapRange range, out uint index)
    {
        index = RecordIndex(page, range);
        return PackedRecord.HoldsBlock(_records[index], order, HalfOf(page));
    }

    // Inlined, as Unlink: in a caller's large optimised body the JIT's inlining budget ran out before these two, and
    // every free and most allocations called them (docs/benchmarks.md, fifth round).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PushHead(ulong page, int order, HeapRange range)
    {
        uint index = RecordIndex(page, range);
        uint sentinel = (uint)order;
        uint head = PackedRecord.Next(_records[sentinel]);
        _records[index] = PackedRecord.Free(order, HalfOf(page), sentinel, head);
        _records[head] = PackedRecord.WithPrev(_records[head], index);
        _records[sentinel] = PackedRecord.WithNext(_records[sentinel], index);
        _freeBlocks[order]++;
        _nonEmptyOrders |= 1u << order;
    }

    private void PushTail(ulong page, int order, HeapRange range)
    {
        uint index = RecordIndex(page, range);
        uint sentinel = (uint)order;
        uint tail = PackedRecord.Prev(_records[sentinel]);
        _records[index] = PackedRecord.Free(order, HalfOf(page), tail, sentinel);
        _records[tail] = PackedRecord.WithNext(_records[tail], index);
        _records[sentinel] = PackedRecord.WithPrev(_records[sentinel], index);
        _freeBlocks[order]++;
        _nonEmptyOrders |= 1u << order;
    }

    /// <summary>Removes a free block from wherever it sits in its list and clears its record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Unlink(uint index, int order)
    {
        ulong record = _records[index];
        uint prev = PackedRecord.Prev(record), next = PackedRecord.Next(record);
        _records[prev] = PackedRecord.WithNext(_records[prev], next);
        _records[next] = PackedRecord.WithPrev(_records[next], prev);
        _records[index] = 0;
        if (--_freeBlocks[order] == 0) _nonEmptyOrders &= ~(1u << order);
    }

    /// <summary>Index in <see cref="_byAddress"/> of the last range starting at or below <paramref name="page"/>, or −1.</summary>
    private int FindRange(ulong page)
    {
        HeapRange[] ranges = _byAddress;
        int lo = 0, hi = ranges.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ranges[mid].FirstPage <= page) lo = mid + 1; else hi = mid - 1;
        }
        return hi;
    }

    /// <summary>The range whose records include <paramref name="index"/> (a non-sentinel record).</summary>
    private HeapRange RangeOfRecord(uint index)
    {
        HeapRange[] ranges = _byRecord;
        int lo = 0, hi = ranges.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >>> 1;
            if (ranges[mid].RecordBase <= index) lo = mid; else hi = mid - 1;
        }
        return ranges[lo];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowInvalidAllocationSize(ulong size) =>
        throw new InvalidSizeException(size, size == 0
            ? "an allocation must ask for at least one byte"
            : $"an allocation may ask for at most the maximum block size {MaxBlockSize}");

    private sealed class RangeByAddress : IComparer<HeapRange>
    {
        public static readonly RangeByAddress Instance = new();
        public int Compare(HeapRange x, HeapRange y) => x.FirstPage.CompareTo(y.FirstPage);
    }
}
