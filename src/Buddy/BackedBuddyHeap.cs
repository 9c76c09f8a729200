namespace Verified.Buddy;

/// <summary>
/// A buddy heap shared between threads that also knows which of its free memory the backer (the host behind guest
/// memory, the operating system behind a process) still holds: the one place where free page reporting, clean-aware
/// ballooning and a pool that gives memory back keep that knowledge. See <c>docs/backing.md</c>.
/// </summary>
/// <remarks>
/// <para><b>Design.</b> Two <see cref="BuddyHeap"/>s over the same ranges: the <i>dirty</i> heap holds the free pages
/// the backer may hold, the <i>clean</i> heap the free pages it holds nothing for. A page is free in at most one of them;
/// a page handed out to a user, or isolated for release, is allocated in both. Each heap keeps its own contract
/// (<c>docs/contract.md</c>) unchanged, so clean pages coalesce with clean pages and dirty with dirty. Which page an
/// allocation gets: the dirty heap's answer (its most recently used block), else the clean heap's, else — the request
/// fits only across the two — clean blocks are moved to the dirty heap until it fits (they are counted dirty from
/// then on: a conservative loss of knowledge, never a false claim of clean).</para>
/// <para><b>What makes a page clean.</b> Memory added with <see cref="PageBacking.Clean"/> (fresh memory);
/// the unused tail of an allocation served from clean memory (the clean heap trims it and keeps it); memory freed
/// with <see cref="PageBacking.Clean"/> (a balloon deflate: the host discarded it and nobody touched it since);
/// memory released through <see cref="ReleaseDirty"/> or returned clean by <see cref="ReturnIsolated"/>. A page turns
/// dirty when it is handed out.</para>
/// <para><b>Thread-safety.</b> Every operation runs under one <see cref="InterlockedSpinLock"/>, as in
/// <see cref="ConcurrentBuddyHeap"/>, and is linearizable. The releasing action of <see cref="ReleaseDirty"/> runs
/// without the lock, on isolated memory.</para>
/// <para><b>Cost.</b> Allocation and free as <see cref="ConcurrentBuddyHeap"/> plus one allocated-state check of the
/// other heap (O(n) words for n pages); the cross-heap fallback is O(clean blocks × K) and happens only when neither
/// heap alone fits the request. Metadata: twice a heap's (8 bytes per buddy pair of pages).</para>
/// </remarks>
public sealed partial class BackedBuddyHeap : IPageAllocator
{
    private readonly BuddyHeap _dirty;
    private readonly BuddyHeap _clean;
    private readonly InterlockedSpinLock _lock;
    private readonly Dictionary<ulong, int> _isolated = [];   // isolated block (first page) → order
    private ulong _isolatedPages;

    /// <summary>Creates an empty heap; add memory with <see cref="AddRange"/>.</summary>
    /// <param name="pageSize">Page size in bytes: a power of two, at least 2.</param>
    /// <param name="maxBlockSize">Largest block in bytes: a power of two between the page size and 1 GiB.</param>
    /// <param name="waitMode">How a thread waits for the lock (see <see cref="SpinLockWaitMode"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not a power of two or out of bounds, or the wait mode
    /// is not defined.</exception>
    public BackedBuddyHeap(ulong pageSize = 4096, ulong maxBlockSize = 2UL << 20, SpinLockWaitMode waitMode = SpinLockWaitMode.SpinThenYield)
    {
        _dirty = new BuddyHeap(pageSize, maxBlockSize);
        _clean = new BuddyHeap(pageSize, maxBlockSize);
        _lock = new InterlockedSpinLock(waitMode);
    }

    /// <summary>Page size in bytes.</summary>
    public ulong PageSize => _dirty.PageSize;

    /// <summary>Largest block in bytes.</summary>
    public ulong MaxBlockSize => _dirty.MaxBlockSize;

    /// <summary>The maximum order K = log2(max block / page size).</summary>
    public int MaxOrder => _dirty.MaxOrder;

    /// <summary>The byte totals of one instant, read under the lock.</summary>
    public BackingAccounting Accounting
    {
        get
        {
            _lock.Enter();
            try { return Measure(); }
            finally { _lock.Exit(); }
        }
    }

    /// <summary>Sum of the lengths of the ranges.</summary>
    public ulong TotalBytes => Accounting.TotalBytes;

    /// <summary>Bytes handed out to users (isolated memory is not counted).</summary>
    public ulong AllocatedBytes => Accounting.AllocatedBytes;

    /// <summary>Free bytes, dirty and clean (isolated memory is not counted).</summary>
    public ulong FreeBytes => Accounting.FreeBytes;

    /// <summary>Free bytes the backer holds nothing for.</summary>
    public ulong CleanFreeBytes => Accounting.CleanFreeBytes;

    /// <summary>Free bytes the backer may still hold.</summary>
    public ulong DirtyFreeBytes => Accounting.DirtyFreeBytes;

    /// <summary>Adds the range [start, start + length) as free memory in the given state: <see cref="PageBacking.Clean"/>
    /// (the default) for memory nobody has touched yet, <see cref="PageBacking.Dirty"/> when the backer may hold it.
    /// The rules are those of <see cref="BuddyHeap.AddRange"/>. O(pages).</summary>
    /// <exception cref="InvalidRangeException">The range is misaligned, empty, wraps, overlaps an existing range or
    /// exceeds the heap's capacity. The heap is unchanged.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backing"/> is not defined.</exception>
    public void AddRange(ulong start, ulong length, PageBacking backing = PageBacking.Clean)
    {
        CheckBacking(backing);
        _lock.Enter();
        try
        {
            RangeError error = _dirty.CheckRange(start, length, out string detail);
            if (error != RangeError.None) throw new InvalidRangeException(error, start, length, detail);
            (BuddyHeap free, BuddyHeap held) = Pools(backing);
            free.AddRange(start, length);
            held.AddRangeAllocated(start, length);
        }
        finally { _lock.Exit(); }
    }

    /// <summary>Makes room in both heaps' bookkeeping for ranges of <paramref name="totalBytes"/> in all, so that adding
    /// them range by range re-allocates nothing (see <see cref="BuddyHeap.ReserveMetadata"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalBytes"/> needs more records than a heap can
    /// keep. The heap is unchanged.</exception>
    public void ReserveMetadata(ulong totalBytes)
    {
        _lock.Enter();
        try
        {
            _clean.ReserveMetadata(totalBytes);   // throws before anything changed, or the dirty heap's call succeeds too
            _dirty.ReserveMetadata(totalBytes);
        }
        finally { _lock.Exit(); }
    }

    /// <summary>Bytes of bookkeeping of both heaps (see <see cref="BuddyHeap.MetadataBytes"/>).</summary>
    public ulong MetadataBytes
    {
        get
        {
            _lock.Enter();
            try { return _dirty.MetadataBytes + _clean.MetadataBytes; }
            finally { _lock.Exit(); }
        }
    }

    /// <summary>
    /// Allocates ceil(size / page size) pages, dirty memory first: the dirty heap's block when it has one that fits
    /// (its most recently used, by <see cref="BuddyHeap.TryAllocate"/>'s rule), else the clean heap's, else clean
    /// blocks are moved to the dirty heap until the request fits. The pages handed out are dirty from now on.
    /// </summary>
    /// <returns>False, with the heap unchanged, when the free memory has no block large enough.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocate(ulong size, out ulong address)
    {
        if (size - 1 >= MaxBlockSize) ThrowBadAllocationSize(size);   // size 0 wraps to the largest value
        _lock.Enter();
        try { return AllocateLocked(size, out address); }
        finally { _lock.Exit(); }
    }

    /// <summary>Allocates ceil(size / page size) pages from dirty free memory only (by <see cref="BuddyHeap.TryAllocate"/>'s
    /// rule among the dirty blocks), unless that would leave less than <paramref name="reserveBytes"/> free: for a user
    /// that wants only memory the backer still holds, such as a balloon that gives the host back what it really uses.</summary>
    /// <returns>False, with the heap unchanged, when no dirty free block is large enough or the reserve would be touched.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocateDirty(ulong size, ulong reserveBytes, out ulong address) =>
        TryAllocateKeepingReserve(size, reserveBytes, Source.Dirty, out address);

    /// <summary>Allocates ceil(size / page size) pages from dirty free memory only, and only from a dirty block smaller
    /// than 2^<paramref name="belowOrder"/> pages, unless that would leave less than <paramref name="reserveBytes"/> free.
    /// The block is the one <see cref="BuddyHeap.TryAllocate"/>'s rule picks among the dirty blocks (the smallest
    /// fitting order, its most recently used block) when that order is below <paramref name="belowOrder"/>; otherwise
    /// nothing is taken. For a user that must leave whole dirty blocks of 2^<paramref name="belowOrder"/> pages free —
    /// those that free page reporting at that order can give back — such as a balloon on a host whose pages are larger
    /// than one inflate request can complete.</summary>
    /// <returns>False, with the heap unchanged, when the only fitting dirty blocks are of order
    /// <paramref name="belowOrder"/> or larger, none fits, or the reserve would be touched.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="belowOrder"/> is not in 0..<see cref="MaxOrder"/> + 1.</exception>
    public bool TryAllocateDirty(ulong size, ulong reserveBytes, int belowOrder, out ulong address)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(belowOrder);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(belowOrder, MaxOrder + 1);
        return TryAllocateKeepingReserve(size, reserveBytes, Source.Dirty, out address, belowOrder);
    }

    /// <summary>Allocates ceil(size / page size) pages from clean free memory only (by <see cref="BuddyHeap.TryAllocate"/>'s
    /// rule among the clean blocks), unless that would leave less than <paramref name="reserveBytes"/> free: for a user
    /// that wants memory the backer holds nothing for, such as a balloon that cannot give host pages back by inflating
    /// and should leave the backed memory to free page reporting and to the guest. The unused tail of the block stays
    /// clean.</summary>
    /// <returns>False, with the heap unchanged, when no clean free block is large enough or the reserve would be touched.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocateClean(ulong size, ulong reserveBytes, out ulong address) =>
        TryAllocateKeepingReserve(size, reserveBytes, Source.Clean, out address);

    private enum Source { Any, Dirty, Clean }

    private bool TryAllocateKeepingReserve(ulong size, ulong reserveBytes, Source source, out ulong address, int belowOrder = int.MaxValue)
    {
        if (size - 1 >= MaxBlockSize) ThrowBadAllocationSize(size);
        ulong held = (size + PageSize - 1) & ~(PageSize - 1);
        _lock.Enter();
        try
        {
            ulong free = _dirty.FreeBytes + _clean.FreeBytes;
            if (free >= held && free - held < reserveBytes) { address = 0; return false; }
            switch (source)
            {
                case Source.Dirty:
                    if (belowOrder <= MaxOrder)
                    {
                        ulong pages = (held - 1) / PageSize + 1;
                        int order = pages == 1 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(pages - 1);
                        int from = _dirty.SmallestFreeOrderFrom(order);
                        if (from < 0 || from >= belowOrder) { address = 0; return false; }
                    }
                    return _dirty.TryAllocateValidSize(size, out address);
                case Source.Clean:
                    return _clean.TryAllocateValidSize(size, out address);
                default:
                    return AllocateLocked(size, out address);
            }
        }
        finally { _lock.Exit(); }
    }

    /// <summary>A snapshot of the free memory, taken under the lock: every free block with its address, length and
    /// state, clean and dirty, in no particular order. O(free blocks); for measurement and tests.</summary>
    public IReadOnlyList<(ulong Address, ulong Length, PageBacking Backing)> FreeBlocks()
    {
        _lock.Enter();
        try
        {
            var blocks = new List<(ulong, ulong, PageBacking)>();
            for (int order = 0; order <= MaxOrder; order++)
            {
                foreach (ulong b in _dirty.FreeListAddresses(order)) blocks.Add((b, PageSize << order, PageBacking.Dirty));
                foreach (ulong b in _clean.FreeListAddresses(order)) blocks.Add((b, PageSize << order, PageBacking.Clean));
            }
            return blocks;
        }
        finally { _lock.Exit(); }
    }

    /// <summary>As <see cref="TryAllocate"/>, but throws when nothing fits.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    /// <exception cref="HeapExhaustedException">No free block is large enough. The heap is unchanged.</exception>
    public ulong Allocate(ulong size)
    {
        if (TryAllocate(size, out ulong address)) return address;
        BackingAccounting seen = Accounting;
        throw new HeapExhaustedException(size, seen.FreeBytes, LargestFreeBlockBytes);
    }

    /// <summary>Allocates as <see cref="TryAllocate"/> unless that would leave less than <paramref name="reserveBytes"/>
    /// free (dirty and clean); the check and the allocation are one locked step.</summary>
    /// <returns>False, with the heap unchanged, when the allocation would touch the reserve or nothing fits.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocateKeepingReserve(ulong size, ulong reserveBytes, out ulong address) =>
        TryAllocateKeepingReserve(size, reserveBytes, Source.Any, out address);

    /// <summary>Size of the largest free block of either heap (a request up to it succeeds; a larger one may still
    /// succeed when clean and dirty blocks merge).</summary>
    public ulong LargestFreeBlockBytes
    {
        get
        {
            _lock.Enter();
            try { return Math.Max(_dirty.LargestFreeBlockBytes, _clean.LargestFreeBlockBytes); }
            finally { _lock.Exit(); }
        }
    }

    /// <summary>Frees memory its user has written (or may have): the pages become dirty free memory.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0.</exception>
    /// <exception cref="InvalidFreeException">A page of the span is not allocated to a user (free, isolated, or not
    /// memory of this heap); the exception names the first such page. The heap is unchanged.</exception>
    public void Free(ulong address, ulong size) => TryFree(address, size, PageBacking.Dirty).ThrowIfFailed(address, size, PageSize);

    /// <summary>Frees memory in the state the caller knows it to be in: <see cref="PageBacking.Clean"/> only when the
    /// backer holds nothing for it (a balloon page the host discarded and nobody touched since).</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0.</exception>
    /// <exception cref="InvalidFreeException">A page of the span is not allocated to a user; nothing changed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backing"/> is not defined.</exception>
    public void Free(ulong address, ulong size, PageBacking backing) => TryFree(address, size, backing).ThrowIfFailed(address, size, PageSize);

    /// <summary>Frees memory its user has written (or may have), as <see cref="Free(ulong, ulong)"/>, without throwing
    /// for a bad span: the pages become dirty free memory.</summary>
    /// <returns>Success, or the reason and the first offending page; on failure nothing changed.</returns>
    public FreeResult TryFree(ulong address, ulong size) => TryFree(address, size, PageBacking.Dirty);

    /// <summary>Frees a span of pages allocated to a user (any span of them, as <see cref="BuddyHeap.TryFree"/>), into
    /// the heap of the given state, where it merges with free buddies of the same state.</summary>
    /// <returns>Success, or the reason and the first offending page; on failure nothing changed.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backing"/> is not defined.</exception>
    public FreeResult TryFree(ulong address, ulong size, PageBacking backing)
    {
        CheckBacking(backing);
        if (size == 0) return new FreeResult(FreeError.InvalidSize, 0);
        _lock.Enter();
        try
        {
            (BuddyHeap into, BuddyHeap other) = Pools(backing);
            FreeResult check = FirstRefusal(into.CheckFree(address, size), other.CheckFree(address, size));
            if (check.Succeeded && _isolated.Count > 0) check = FirstRefusal(check, IsolatedOverlap(address, size));
            if (!check.Succeeded) return check;
            return into.TryFree(address, size);
        }
        finally { _lock.Exit(); }
    }

    /// <summary>
    /// Takes up to <c>blocks.Length</c> dirty free blocks of 2^<paramref name="order"/> pages out of the heap, the
    /// coldest first (the blocks freed longest ago; a larger block is split, its other halves stay free and cold), to
    /// be released by the caller and then given back with <see cref="ReturnIsolated"/>. Isolated memory is neither
    /// free nor allocated: no allocation takes it and no free accepts it.
    /// </summary>
    /// <returns>How many blocks were isolated (their addresses are the first entries of <paramref name="blocks"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not in 0..<see cref="MaxOrder"/>.</exception>
    public int IsolateDirty(int order, Span<ulong> blocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        int n = 0;
        _lock.Enter();
        try
        {
            while (n < blocks.Length && _dirty.TryTakeColdest(order, out ulong block))
            {
                _isolated.Add(block, order);
                _isolatedPages += 1UL << order;
                blocks[n++] = block;
            }
        }
        finally { _lock.Exit(); }
        return n;
    }

    /// <summary>
    /// Makes every wholly free, naturally aligned block of 2^<paramref name="order"/> pages that is partly clean and partly
    /// dirty into one dirty free block, so that <see cref="IsolateDirty"/> at that order can take it: its clean blocks
    /// move to the dirty heap, where they merge with their dirty buddies. A clean page is thereby counted dirty — a
    /// conservative loss of knowledge, never a false claim of clean — and is clean again once the block is released.
    /// Blocks that are wholly clean, wholly dirty, or not wholly free are left as they are. O(free blocks below the order).
    /// </summary>
    /// <returns>How many such blocks were made dirty.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not in 0..<see cref="MaxOrder"/>.</exception>
    public int MergeMixedIntoDirty(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        _lock.Enter();
        try
        {
            // Free blocks below the order lie wholly inside one aligned block of the order: sum their pages per block.
            var blocks = new Dictionary<ulong, (ulong Pages, bool Dirty, List<(ulong Address, int Order)> Clean)>();
            for (int j = 0; j < order; j++)
            {
                foreach (ulong b in _dirty.FreeListAddresses(j)) Add(b, j, clean: false);
                foreach (ulong b in _clean.FreeListAddresses(j)) Add(b, j, clean: true);
            }
            int made = 0;
            foreach ((ulong pages, bool dirty, List<(ulong Address, int Order)> clean) in blocks.Values)
            {
                if (pages != 1UL << order || !dirty || clean.Count == 0) continue;
                foreach ((ulong address, int j) in clean)
                {
                    if (!_clean.TryTakeBlock(address, j)) throw new InvalidOperationException($"The clean heap lost its free block 0x{address:X} (order {j}).");
                    _dirty.Free(address, PageSize << j);
                }
                made++;
            }
            return made;

            void Add(ulong address, int j, bool clean)
            {
                ulong key = address / PageSize >> order;
                blocks.TryGetValue(key, out var entry);
                entry.Clean ??= [];
                entry.Pages += 1UL << j;
                if (clean) entry.Clean.Add((address, j)); else entry.Dirty = true;
                blocks[key] = entry;
            }
        }
        finally { _lock.Exit(); }
    }

    /// <summary>Gives an isolated block back as free memory: <see cref="PageBacking.Clean"/> when the backer released
    /// it, <see cref="PageBacking.Dirty"/> when the release did not happen.</summary>
    /// <exception cref="ArgumentException"><paramref name="block"/> is not an isolated block; nothing changed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="backing"/> is not defined.</exception>
    public void ReturnIsolated(ulong block, PageBacking backing)
    {
        CheckBacking(backing);
        if (_seeded == SeededBackingRace.ReturnOutsideLock) { SeededReturnIsolated(block, backing); return; }
        _lock.Enter();
        try
        {
            if (!_isolated.Remove(block, out int order))
                throw new ArgumentException($"0x{block:X} is not an isolated block of this heap.", nameof(block));
            _isolatedPages -= 1UL << order;
            Pools(backing).Free.Free(block, PageSize << order);
        }
        finally { _lock.Exit(); }
    }

    /// <summary>
    /// Gives back the memory of both heaps' records where they hold only zeros (see
    /// <see cref="BuddyHeap.ReleaseZeroMetadataPages"/>), under the lock; returns the bytes released. Memory that is
    /// allocated, or free in the other heap, has zero records in a heap, so once a pool has released its cold memory
    /// most of the dirty heap's records are zero, and the clean heap's inside its large free blocks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="systemPageSize"/> is not a power of two of at least 8.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="releaser"/> is null.</exception>
    public ulong ReleaseZeroMetadataPages(ulong systemPageSize, IZeroPageReleaser releaser)
    {
        _lock.Enter();
        try
        {
            return _dirty.ReleaseZeroMetadataPages(systemPageSize, releaser) + _clean.ReleaseZeroMetadataPages(systemPageSize, releaser);
        }
        finally { _lock.Exit(); }
    }

    /// <summary>
    /// Releases up to <paramref name="maxBlocks"/> dirty free blocks of 2^<paramref name="order"/> pages, coldest first:
    /// isolates them, calls <paramref name="releaser"/> for each without the lock, and returns each as clean (released)
    /// or dirty (not). The same memory is never released twice while it stays free: clean memory is not isolated again.
    /// </summary>
    /// <returns>Bytes released.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is out of range or
    /// <paramref name="maxBlocks"/> is negative.</exception>
    /// <remarks>An exception from the releaser propagates after every block not yet released is returned dirty.</remarks>
    public ulong ReleaseDirty(int order, int maxBlocks, IBackingReleaser releaser)
    {
        ArgumentNullException.ThrowIfNull(releaser);
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBlocks);
        ulong released = 0, length = PageSize << order;
        Span<ulong> batch = stackalloc ulong[32];
        while (maxBlocks > 0)
        {
            int n = IsolateDirty(order, batch[..Math.Min(maxBlocks, batch.Length)]);
            if (n == 0) break;
            maxBlocks -= n;
            int i = 0;
            try
            {
                for (; i < n; i++)
                {
                    bool done = releaser.TryRelease(batch[i], length);
                    ReturnIsolated(batch[i], done ? PageBacking.Clean : PageBacking.Dirty);
                    if (done) released += length;
                }
            }
            catch
            {
                for (; i < n; i++) if (IsIsolated(batch[i])) ReturnIsolated(batch[i], PageBacking.Dirty);
                throw;
            }
        }
        return released;
    }

    /// <summary>The state of one page: allocated (null) or free dirty / free clean; isolated pages read as null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The address is not a page of this heap.</exception>
    public PageBacking? FreePageState(ulong address)
    {
        _lock.Enter();
        try
        {
            FreeResult inDirty = _dirty.CheckFree(address, 1), inClean = _clean.CheckFree(address, 1);
            if (inDirty.Error is not (FreeError.None or FreeError.NotAllocated))
                throw new ArgumentOutOfRangeException(nameof(address), address, $"Not a page of this heap ({inDirty.Error}).");
            if (inDirty.Error == FreeError.NotAllocated) return PageBacking.Dirty;
            if (inClean.Error == FreeError.NotAllocated) return PageBacking.Clean;
            return null;
        }
        finally { _lock.Exit(); }
    }

    /// <summary>
    /// Checks both heaps' invariants (each violation's detail says which heap) and the backing layer's own:
    /// <see cref="Invariants.BackingPoolsDisjoint"/> (no page is free in both heaps) and
    /// <see cref="Invariants.IsolatedBlocksHeld"/> (every isolated block is allocated in both heaps, and the isolated
    /// page count matches). O(state); for tests and debugging.
    /// </summary>
    public IReadOnlyList<InvariantViolation> CheckInvariants()
    {
        _lock.Enter();
        try
        {
            var violations = new List<InvariantViolation>();
            foreach (InvariantViolation v in _dirty.CheckInvariants()) violations.Add(v with { Detail = "dirty heap: " + v.Detail });
            foreach (InvariantViolation v in _clean.CheckInvariants()) violations.Add(v with { Detail = "clean heap: " + v.Detail });
            foreach ((BuddyHeap free, BuddyHeap other, string name) in new[] { (_dirty, _clean, "dirty"), (_clean, _dirty, "clean") })
            {
                for (int order = 0; order <= MaxOrder; order++)
                    foreach (ulong block in free.FreeListAddresses(order))
                        if (!other.CheckFree(block, PageSize << order).Succeeded && violations.Count < 100)
                            violations.Add(new InvariantViolation(Invariants.BackingPoolsDisjoint,
                                $"the {name} heap's free block 0x{block:X} (order {order}) is not wholly allocated in the other heap"));
            }
            ulong pages = 0;
            foreach ((ulong block, int order) in _isolated)
            {
                pages += 1UL << order;
                if (!_dirty.CheckFree(block, PageSize << order).Succeeded || !_clean.CheckFree(block, PageSize << order).Succeeded)
                    violations.Add(new InvariantViolation(Invariants.IsolatedBlocksHeld, $"isolated block 0x{block:X} (order {order}) is free in a heap"));
            }
            if (pages != _isolatedPages)
                violations.Add(new InvariantViolation(Invariants.IsolatedBlocksHeld, $"isolated pages counted {_isolatedPages}, recounted {pages}"));
            return violations;
        }
        finally { _lock.Exit(); }
    }

    /// <summary>The heap of free dirty memory (tests corrupt it to see the checker report).</summary>
    internal BuddyHeap DirtyHeapForTest => _dirty;

    /// <summary>The heap of free clean memory (tests corrupt it to see the checker report).</summary>
    internal BuddyHeap CleanHeapForTest => _clean;

    private bool IsIsolated(ulong block)
    {
        _lock.Enter();
        try { return _isolated.ContainsKey(block); }
        finally { _lock.Exit(); }
    }

    /// <summary>The allocation (the caller holds the lock and has validated the size).</summary>
    private bool AllocateLocked(ulong size, out ulong address)
    {
        if (_dirty.TryAllocateValidSize(size, out address)) return true;
        if (_clean.TryAllocateValidSize(size, out address)) return true;
        // The request fits only across the two heaps (or not at all): move clean blocks, largest first, to the dirty
        // heap, where they merge with their dirty buddies, until it fits.
        while (_clean.FreeBytes > 0)
        {
            ulong blockBytes = _clean.LargestFreeBlockBytes;
            if (!_clean.TryAllocateValidSize(blockBytes, out ulong block)) break;
            _dirty.Free(block, blockBytes);
            if (_dirty.TryAllocateValidSize(size, out address)) return true;
        }
        address = 0;
        return false;
    }

    /// <summary>The heap that takes memory of a state, and the other one.</summary>
    private (BuddyHeap Free, BuddyHeap Held) Pools(PageBacking backing) =>
        backing == PageBacking.Clean ? (_clean, _dirty) : (_dirty, _clean);

    /// <summary>Of two checks of the same span, the refusal that names the lower page (a reason other than
    /// NotAllocated is the same in both heaps, which share their ranges).</summary>
    private static FreeResult FirstRefusal(FreeResult a, FreeResult b)
    {
        if (a.Succeeded) return b;
        if (b.Succeeded || a.Error != FreeError.NotAllocated) return a;
        return b.OffendingPage < a.OffendingPage ? b : a;
    }

    /// <summary>NotAllocated at the first page of the span that lies in an isolated block, or success.</summary>
    private FreeResult IsolatedOverlap(ulong address, ulong size)
    {
        ulong first = address / PageSize, last = first + (size - 1) / PageSize;
        ulong lowest = ulong.MaxValue;
        foreach ((ulong block, int order) in _isolated)
        {
            ulong blockFirst = block / PageSize, blockLast = blockFirst + (1UL << order) - 1;
            if (blockFirst <= last && blockLast >= first) lowest = Math.Min(lowest, Math.Max(first, blockFirst));
        }
        return lowest == ulong.MaxValue ? new FreeResult(FreeError.None, 0) : new FreeResult(FreeError.NotAllocated, lowest);
    }

    private BackingAccounting Measure()
    {
        ulong total = _dirty.TotalBytes, dirtyFree = _dirty.FreeBytes, cleanFree = _clean.FreeBytes;
        ulong isolated = _isolatedPages * PageSize;
        return new BackingAccounting(total, total - dirtyFree - cleanFree - isolated, dirtyFree, cleanFree, isolated);
    }

    private static void CheckBacking(PageBacking backing)
    {
        if (backing is not (PageBacking.Dirty or PageBacking.Clean))
            throw new ArgumentOutOfRangeException(nameof(backing), backing, "The backing state must be Dirty or Clean.");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowBadAllocationSize(ulong size) =>
        throw new InvalidSizeException(size, size == 0
            ? "an allocation must ask for at least one byte"
            : $"an allocation may ask for at most the maximum block size {MaxBlockSize}");
}
