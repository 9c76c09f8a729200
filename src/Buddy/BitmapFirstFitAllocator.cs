using System.Numerics;

namespace Verified.Buddy;

/// <summary>
/// The kind of page allocator the MRU buddy heap replaced (an "id heap"): one bit per page over a single range, and
/// first fit — an allocation of n pages takes the lowest free run of n pages that starts on a multiple of the
/// smallest power of two ≥ n (capped at <see cref="MaxBlockSize"/>). It keeps no history, so memory freed a moment
/// ago is handed out again only when nothing lower fits. The balloon's "pre-PR" policy and the benchmarks use it as
/// the baseline.
/// </summary>
/// <remarks>
/// <para>Allocation scans the bitmap from the lowest page where a free run of its alignment may start (a lower
/// bound kept per alignment, lowered by every free): O(pages / 64) in the worst case, and no rescan of low memory
/// that held no such run at the last search.
/// Free checks every page of the span: O(n). Bookkeeping is one bit per page.</para>
/// <para>Bad input gets the same typed exceptions as <see cref="BuddyHeap"/> and leaves the allocator unchanged.
/// Not thread-safe.</para>
/// </remarks>
public sealed class BitmapFirstFitAllocator : IPageAllocator
{
    private readonly ulong[] _bits;        // bit set = page allocated
    private readonly int _pageShift;
    private readonly ulong _firstPage;
    private readonly ulong _pages;
    private ulong _allocatedPages;
    private ulong _lowestMaybeFreeWord;    // no word below this one has a free page
    private readonly ulong[] _lowestMaybeFreeRun;   // per k: no free run of 2^k pages (2^k-aligned) starts below this page

    /// <summary>Creates an allocator over [start, start + length), all free.</summary>
    /// <param name="start">First address; a multiple of <paramref name="pageSize"/>.</param>
    /// <param name="length">Length in bytes; a positive multiple of <paramref name="pageSize"/>, start + length ≤ 2^64.</param>
    /// <param name="pageSize">A power of two, at least 2.</param>
    /// <param name="maxBlockSize">Largest allocation: a power of two ≥ the page size (default 1 MiB, the pre-PR batch).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not a power of two or out of bounds.</exception>
    /// <exception cref="InvalidRangeException">The range is misaligned, empty or wraps past 2^64.</exception>
    public BitmapFirstFitAllocator(ulong start, ulong length, ulong pageSize = 4096, ulong maxBlockSize = 1UL << 20)
    {
        if (pageSize < 2 || !BitOperations.IsPow2(pageSize))
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be a power of two, at least 2.");
        if (!BitOperations.IsPow2(maxBlockSize) || maxBlockSize < pageSize)
            throw new ArgumentOutOfRangeException(nameof(maxBlockSize), maxBlockSize, "The maximum block size must be a power of two, at least the page size.");
        if ((start & (pageSize - 1)) != 0 || (length & (pageSize - 1)) != 0)
            throw new InvalidRangeException(RangeError.Misaligned, start, length, $"start and length must be multiples of the page size {pageSize}");
        if (length == 0) throw new InvalidRangeException(RangeError.Empty, start, length, "the length is zero");
        if (start != 0 && length - 1 > ulong.MaxValue - start)
            throw new InvalidRangeException(RangeError.Wraps, start, length, "start + length exceeds 2^64");

        _pageShift = BitOperations.Log2(pageSize);
        _firstPage = start >> _pageShift;
        _pages = length >> _pageShift;
        if ((_pages + 63) / 64 > (ulong)Array.MaxLength)
            throw new InvalidRangeException(RangeError.CapacityExceeded, start, length, "the bitmap would exceed the largest array");
        _bits = new ulong[(_pages + 63) / 64];
        ulong tail = _pages % 64;
        if (tail != 0) _bits[^1] = ~0UL << (int)tail;   // pages past the end count as allocated forever
        PageSize = pageSize;
        MaxBlockSize = maxBlockSize;
        _lowestMaybeFreeRun = new ulong[BitOperations.Log2(maxBlockSize) - _pageShift + 1];
    }

    /// <inheritdoc/>
    public ulong PageSize { get; }

    /// <inheritdoc/>
    public ulong MaxBlockSize { get; }

    /// <inheritdoc/>
    public ulong TotalBytes => _pages << _pageShift;

    /// <inheritdoc/>
    public ulong AllocatedBytes => _allocatedPages << _pageShift;

    /// <inheritdoc/>
    public ulong FreeBytes => (_pages - _allocatedPages) << _pageShift;

    /// <summary>First address of the range.</summary>
    public ulong Start => _firstPage << _pageShift;

    /// <summary>Bytes of bookkeeping (the bitmap), never counted in the byte totals.</summary>
    public ulong MetadataBytes => (ulong)_bits.Length * sizeof(ulong);

    /// <summary>True when the page holding <paramref name="address"/> lies in the range and is allocated.</summary>
    public bool IsAllocated(ulong address)
    {
        ulong page = address >> _pageShift;
        if (page < _firstPage || page - _firstPage >= _pages) return false;
        ulong i = page - _firstPage;
        return (_bits[i >> 6] & (1UL << (int)(i & 63))) != 0;
    }

    /// <summary>Allocates ceil(size / page size) pages: the lowest free run that starts on a multiple of the
    /// smallest power of two ≥ the page count.</summary>
    /// <returns>False, with nothing changed, when no such run is free.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocate(ulong size, out ulong address)
    {
        if (size == 0 || size > MaxBlockSize)
            throw new InvalidSizeException(size, size == 0
                ? "an allocation must ask for at least one byte"
                : $"an allocation may ask for at most the maximum block size {MaxBlockSize}");
        ulong n = (size + PageSize - 1) >> _pageShift;
        ulong align = BitOperations.RoundUpToPowerOf2(n);
        address = 0;

        if (n == 1)
        {
            for (ulong w = _lowestMaybeFreeWord; w < (ulong)_bits.Length; w++)
            {
                if (_bits[w] == ~0UL) continue;
                _lowestMaybeFreeWord = w;
                int bit = BitOperations.TrailingZeroCount(~_bits[w]);
                ulong i = w * 64 + (ulong)bit;
                _bits[w] |= 1UL << bit;
                _allocatedPages++;
                address = (_firstPage + i) << _pageShift;
                return true;
            }
            _lowestMaybeFreeWord = (ulong)_bits.Length;
            return false;
        }

        // Candidates are relative to the range's first page aligned to `align` in absolute page numbers. A power-of-two
        // run starts at the lowest page where such a run may be free: the same first fit, without rescanning the
        // fragmented low memory that held none at the previous search (the bound would not hold for a shorter run).
        int sizeClass = BitOperations.Log2(align);
        bool hinted = n == align;
        ulong from = Math.Max(_lowestMaybeFreeWord * 64, hinted ? _lowestMaybeFreeRun[sizeClass] : 0);
        ulong firstCandidate = AlignUp(_firstPage + from, align) - _firstPage;
        for (ulong i = firstCandidate; i + n <= _pages; i += align)
        {
            if (hinted) _lowestMaybeFreeRun[sizeClass] = i;   // no run below i was free
            if (!RunIsFree(i, n, out ulong blocker))
            {
                // Skip every candidate that would contain the allocated page found.
                ulong next = AlignUp(_firstPage + blocker + 1, align) - _firstPage;
                i = next - align;
                continue;
            }
            SetRun(i, n, true);
            _allocatedPages += n;
            address = (_firstPage + i) << _pageShift;
            return true;
        }
        if (hinted) _lowestMaybeFreeRun[sizeClass] = _pages;
        return false;
    }

    /// <summary>As <see cref="TryAllocate"/>, but throws when no run fits.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    /// <exception cref="HeapExhaustedException">No free run fits; nothing changed.</exception>
    public ulong Allocate(ulong size)
    {
        if (!TryAllocate(size, out ulong address)) throw new HeapExhaustedException(size, FreeBytes, 0);
        return address;
    }

    /// <summary>Frees the ceil(size / page size) pages at <paramref name="address"/>; any span of allocated pages may be freed.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0.</exception>
    /// <exception cref="InvalidFreeException">The span is misaligned, starts outside the range, runs past its end, or
    /// holds a free page; names the first offending page. Nothing changed.</exception>
    public void Free(ulong address, ulong size)
    {
        TryFree(address, size).ThrowIfFailed(address, size, PageSize);
    }

    /// <summary>Frees the span, or reports why not (the same reasons and order as <see cref="BuddyHeap.TryFree"/>).</summary>
    public FreeResult TryFree(ulong address, ulong size)
    {
        if (size == 0) return new FreeResult(FreeError.InvalidSize, 0);
        ulong page = address >> _pageShift;
        if ((address & (PageSize - 1)) != 0) return new FreeResult(FreeError.Misaligned, page);
        if (page < _firstPage || page - _firstPage >= _pages) return new FreeResult(FreeError.ForeignAddress, page);
        ulong i = page - _firstPage;
        ulong n = (size >> _pageShift) + ((size & (PageSize - 1)) != 0 ? 1UL : 0);
        for (ulong k = 0; k < n; k++)
        {
            if (i + k >= _pages) return new FreeResult(FreeError.OutsideRanges, _firstPage + _pages);
            ulong j = i + k;
            if ((_bits[j >> 6] & (1UL << (int)(j & 63))) == 0) return new FreeResult(FreeError.NotAllocated, _firstPage + j);
        }
        SetRun(i, n, false);
        _allocatedPages -= n;
        _lowestMaybeFreeWord = Math.Min(_lowestMaybeFreeWord, i >> 6);
        for (int k = 1; k < _lowestMaybeFreeRun.Length; k++)   // a run holding page i starts at most 2^k − 1 pages below it
            _lowestMaybeFreeRun[k] = Math.Min(_lowestMaybeFreeRun[k], i - Math.Min(i, (1UL << k) - 1));
        return new FreeResult(FreeError.None, 0);
    }

    private static ulong AlignUp(ulong value, ulong align) => (value + align - 1) & ~(align - 1);

    /// <summary>True when pages [i, i + n) are all free; otherwise the highest allocated page among them.</summary>
    private bool RunIsFree(ulong i, ulong n, out ulong blocker)
    {
        ulong end = i + n;
        ulong p = end;
        while (p > i)
        {
            ulong w = (p - 1) >> 6;
            ulong wordStart = w << 6;
            ulong lo = Math.Max(i, wordStart);
            ulong mask = MaskOf(lo - wordStart, p - lo);
            ulong hit = _bits[w] & mask;
            if (hit != 0)
            {
                blocker = wordStart + 63 - (ulong)BitOperations.LeadingZeroCount(hit);
                return false;
            }
            p = lo;
        }
        blocker = 0;
        return true;
    }

    private void SetRun(ulong i, ulong n, bool allocated)
    {
        ulong end = i + n;
        while (i < end)
        {
            ulong w = i >> 6;
            ulong offset = i & 63;
            ulong count = Math.Min(64 - offset, end - i);
            ulong mask = MaskOf(offset, count);
            if (allocated) _bits[w] |= mask; else _bits[w] &= ~mask;
            i += count;
        }
    }

    private static ulong MaskOf(ulong offset, ulong count) =>
        (count >= 64 ? ~0UL : ((1UL << (int)count) - 1)) << (int)offset;
}
