using System.Buffers;
using System.Numerics;
using Verified.Buddy;
using Verified.Memory;

namespace Verified.Buffers;

/// <summary>
/// A <see cref="MemoryPool{T}"/> of bytes over real memory: page-granular buffers from a most-recently-used buddy heap
/// over one reserved anonymous mapping, so the pages returned last (cache-, TLB- and OS-hot) are handed out first, and
/// free memory beyond a hot reserve is given back to the operating system with <c>madvise</c>, coldest first.
/// </summary>
/// <remarks>
/// <para><b>Rent.</b> <see cref="Rent"/> returns an <see cref="IMemoryOwner{T}"/> over pinned native memory of at least
/// the size asked, rounded up to whole system pages (the buffer's length is that rounded size). <c>Rent()</c> and
/// <c>Rent(-1)</c> give <see cref="BuddyMemoryPoolOptions.DefaultBufferSize"/> (one page); the largest size is
/// <see cref="MaxBufferSize"/> (1 MiB by default). A buffer's contents are unspecified: whatever its last user left,
/// or zeros when its pages were given back with <see cref="GiveBackAdvice.DontNeed"/> since. Disposing the owner returns
/// the pages; a second dispose does nothing; use after dispose throws <see cref="ObjectDisposedException"/> (until the
/// owner object is recycled by a later rent — see <see cref="PooledMemory"/>). In steady state a rent allocates no
/// managed memory: the owner objects are recycled. <see cref="RentBlock"/> / <see cref="Return(PageBlock)"/> is the
/// object-free path: a pointer and a length.</para>
/// <para><b>Growth.</b> The mapping of <see cref="BuddyMemoryPoolOptions.LimitBytes"/> is reserved at construction
/// (address space only) and committed <see cref="BuddyMemoryPoolOptions.GrowthBytes"/> at a time when no free block
/// fits; at the limit the threads' caches are emptied into the heap, and a rent that still does not fit fails with
/// <see cref="PoolLimitReachedException"/> (<see cref="TryRent"/>: false).</para>
/// <para><b>Giving back.</b> <see cref="Trim()"/>, the idle timer (no rent or return for
/// <see cref="BuddyMemoryPoolOptions.IdleDelay"/>) and memory pressure give free memory beyond
/// <see cref="BuddyMemoryPoolOptions.HotReserveBytes"/> back to the operating system.</para>
/// <para><b>Thread-safety and speed.</b> Every member is thread-safe, and a buffer may be returned on any thread; one
/// owner is its caller's, though: disposing the same owner on two threads at the same moment is not supported (as with
/// <see cref="MemoryPool{T}.Shared"/>'s owners), a later second dispose is harmless. Each thread has a small cache in front of the
/// page heap (see <see cref="BlockCaches"/>): one block per order (2^order pages), the one it returned last. A rent of a
/// power-of-two number of pages takes it back and a return puts its block there, each with plain loads and stores (no
/// interlocked operation, no lock; another thread empties a cache with a process-wide barrier instead); a rent the cache cannot serve, and the block a return displaces, go to the heap under its spin lock.
/// A thread that returns a buffer and rents one of the same size gets the same pages back. Cached blocks count as free
/// memory: every give-back empties the caches of all threads first.</para>
/// <para><b>Bookkeeping.</b> The heap's records for the whole limit are allocated at construction (2 × 4 bytes per
/// page of <see cref="BuddyMemoryPoolOptions.LimitBytes"/>, 8 MiB of managed memory for 4 GiB) and become resident only
/// as ranges are committed, so growing leaves no re-allocated arrays behind.</para>
/// <para><b>Lifetime.</b> Disposing the pool refuses further rents; the memory stays mapped until the last rented
/// buffer is returned (each rent holds a reference on the mapping's <see cref="System.Runtime.InteropServices.SafeHandle"/>).</para>
/// </remarks>
public sealed unsafe class BuddyMemoryPool : MemoryPool<byte>
{
    private readonly ReservedMapping _mapping;
    private readonly BackedBuddyHeap _pages;   // knows which free pages the OS still backs (docs/backing.md)
    private readonly MadviseReleaser _releaser;
    private ulong _metadataReleased;   // under the give-back's lock
    private readonly int _largestBufferOrder;   // the order of MaxBufferSize: the caches' top slot, the give-back's largest blocks
    private readonly IFreeMemoryRelease _release;
    private readonly byte* _base;
    private readonly ulong _pageSize;
    private readonly int _defaultSize;
    private readonly int _pageShift;
    private readonly int _maxBufferSize;
    private readonly object _growLock = new();
    private readonly BlockCaches _caches;
    private readonly PoolGiveBack _giveBack;
    private ulong _committed;   // bytes of the mapping committed and added to the heap; written under _growLock
    private int _disposed;

    /// <summary>Creates a pool with the default settings (see <see cref="BuddyMemoryPoolOptions"/>).</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux.</exception>
    public BuddyMemoryPool() : this(new BuddyMemoryPoolOptions()) { }

    /// <summary>Creates a pool: reserves the address space of the limit and commits nothing yet.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of bounds (the message names it).</exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux, or libc is not reachable.</exception>
    /// <exception cref="OutOfMemoryException">The address space could not be reserved.</exception>
    public BuddyMemoryPool(BuddyMemoryPoolOptions options) : this(options, IsolatingRelease.Instance) { }

    /// <summary>Test-only constructor: the Coyote suite passes a defective release to prove its scenario finds it.</summary>
    internal BuddyMemoryPool(BuddyMemoryPoolOptions options, IFreeMemoryRelease release)
    {
        ArgumentNullException.ThrowIfNull(options);
        ulong page = ReservedMapping.SystemPageSize;
        if (options.MaxBufferSize < (int)page || !BitOperations.IsPow2(options.MaxBufferSize) || options.MaxBufferSize > (1 << 30))
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBufferSize, $"MaxBufferSize must be a power of two between the page size {page} and 1 GiB.");
        if (!BitOperations.IsPow2(options.GrowthBytes) || options.GrowthBytes < (ulong)options.MaxBufferSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.GrowthBytes, $"GrowthBytes must be a power of two of at least MaxBufferSize ({options.MaxBufferSize}).");
        if (options.LimitBytes == 0 || options.LimitBytes % options.GrowthBytes != 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.LimitBytes, $"LimitBytes must be a positive multiple of GrowthBytes ({options.GrowthBytes}).");
        if (options.DefaultBufferSize < 0 || options.DefaultBufferSize > options.MaxBufferSize)
            throw new ArgumentOutOfRangeException(nameof(options), options.DefaultBufferSize, $"DefaultBufferSize must be 0 (one page) or at most MaxBufferSize ({options.MaxBufferSize}).");
        if (options.IdleDelay != Timeout.InfiniteTimeSpan && options.IdleDelay <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), options.IdleDelay, "IdleDelay must be positive or Timeout.InfiniteTimeSpan.");
        if (options.Advice is not (GiveBackAdvice.DontNeed or GiveBackAdvice.Free))
            throw new ArgumentOutOfRangeException(nameof(options), options.Advice, "Advice must be DontNeed or Free.");
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Name, nameof(options));

        Options = options;
        _release = release;
        _pageSize = page;
        _pageShift = BitOperations.Log2(page);
        _maxBufferSize = options.MaxBufferSize;
        _defaultSize = options.DefaultBufferSize == 0 ? (int)page : options.DefaultBufferSize;
        _mapping = ReservedMapping.Reserve(options.LimitBytes, accessible: false);
        _base = _mapping.Pointer;
        // Free memory coalesces up to a whole growth range (1 GiB at most, the heap's limit), not only up to the largest
        // buffer: given-back memory then lies in few large clean blocks, whose records are zero but for one per block,
        // so the record pages of cold memory hold only zeros and go back too (ReleaseZeroMetadataPages).
        _pages = new BackedBuddyHeap(page, Math.Min(options.GrowthBytes, BuddyHeap.MaxBlockSizeLimit));
        try
        {
            _pages.ReserveMetadata(options.LimitBytes);
        }
        catch (ArgumentOutOfRangeException e)
        {
            _mapping.Dispose();
            throw new ArgumentOutOfRangeException(nameof(options), options.LimitBytes, $"LimitBytes is larger than one heap can keep records for: {e.Message}");
        }
        _largestBufferOrder = BitOperations.Log2((ulong)options.MaxBufferSize) - _pageShift;
        _caches = new BlockCaches(_largestBufferOrder + 1, this);
        _releaser = new MadviseReleaser(_mapping, options.Advice);
        _giveBack = new PoolGiveBack(this);
    }

    /// <summary>The settings the pool was created with.</summary>
    public BuddyMemoryPoolOptions Options { get; }

    /// <summary>The largest buffer a rent may ask for, in bytes.</summary>
    public override int MaxBufferSize => Options.MaxBufferSize;

    /// <summary>The page size: every buffer's length is a multiple of it.</summary>
    public int PageSize => (int)_pageSize;

    /// <summary>Bytes of the mapping committed so far (grows by <see cref="BuddyMemoryPoolOptions.GrowthBytes"/>, never shrinks).</summary>
    public ulong CommittedBytes => Volatile.Read(ref _committed);

    /// <summary>Bytes in buffers rented and not yet returned (whole pages). Exact when no rent or return runs meanwhile;
    /// otherwise a figure from the last few operations.</summary>
    public ulong RentedBytes
    {
        get
        {
            ulong held = _pages.Accounting.AllocatedBytes, cached = CachedBytes;
            return held > cached ? held - cached : 0;
        }
    }

    /// <summary>Bytes in blocks the threads' caches hold (free memory, returned and not yet back in the heap). O(threads
    /// × orders); exact when no rent or return runs meanwhile.</summary>
    internal ulong CachedBytes
    {
        get
        {
            ulong bytes = 0;
            foreach (ThreadBlockCache cache in _caches.All)
                for (int order = 0; order < cache.Orders; order++)
                    if (Volatile.Read(ref cache.Slot(order)) != 0) bytes += _pageSize << order;
            return bytes;
        }
    }

    /// <summary>Bytes of the pool's memory resident now, by <c>mincore</c> over the committed part: rented and free pages
    /// that hold memory. O(committed pages).</summary>
    public ulong ResidentBytes()
    {
        ulong committed = CommittedBytes;
        return committed == 0 ? 0 : _mapping.ResidentBytes(0, committed);
    }

    /// <summary>Bytes given back to the operating system so far (each give-back counted once).</summary>
    public ulong GivenBackBytes => _giveBack.GivenBackBytes;

    /// <summary>How many give-backs have run so far (by <see cref="Trim()"/>, the idle timer or memory pressure).</summary>
    public long TrimCount => _giveBack.TrimCount;

    /// <summary>The mapping under the pool (for residency queries in tests and tools).</summary>
    internal ReservedMapping Mapping => _mapping;

    /// <summary>The page heap under the pool (for tests).</summary>
    internal BackedBuddyHeap Pages => _pages;

    /// <summary>Rents a buffer of at least <paramref name="minBufferSize"/> bytes (whole pages); -1 means the default size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is 0, negative other than -1, or above <see cref="MaxBufferSize"/>.</exception>
    /// <exception cref="PoolLimitReachedException">The pool is at its limit and no free block fits; nothing changed.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        int length = CheckSize(minBufferSize);
        ThreadBlockCache cache = _caches.ForCurrentThread(this);
        if (!TryTakePages(cache, length, out ulong offset)) ThrowLimit(length);
        return PooledMemory.Take(cache, this, _base + offset, length);
    }

    /// <summary>The offset in the mapping of a pointer into it (the owner objects keep only the pointer).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal ulong OffsetOf(byte* pointer) => (ulong)(pointer - _base);

    /// <summary>As <see cref="Rent"/>, but returns false (with nothing rented) when the pool is at its limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is 0, negative other than -1, or above <see cref="MaxBufferSize"/>.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public bool TryRent(int minBufferSize, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IMemoryOwner<byte>? owner)
    {
        int length = CheckSize(minBufferSize);
        ThreadBlockCache cache = _caches.ForCurrentThread(this);
        if (!TryTakePages(cache, length, out ulong offset)) { owner = null; return false; }
        owner = PooledMemory.Take(cache, this, _base + offset, length);
        return true;
    }

    /// <summary>Rents pages without an owner object: give them back with <see cref="Return(PageBlock)"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is 0, negative other than -1, or above <see cref="MaxBufferSize"/>.</exception>
    /// <exception cref="PoolLimitReachedException">The pool is at its limit and no free block fits; nothing changed.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public PageBlock RentBlock(int minBufferSize)
    {
        int length = CheckSize(minBufferSize);
        if (!TryTakePages(_caches.ForCurrentThread(this), length, out ulong offset)) ThrowLimit(length);
        return new PageBlock(_base + offset, offset, length);
    }

    /// <summary>Returns pages rented with <see cref="RentBlock"/>.</summary>
    /// <exception cref="ArgumentException">The block is not rented from this pool (never rented, already returned, or
    /// another pool's); nothing changed.</exception>
    public void Return(PageBlock block)
    {
        if (block.IsEmpty || block.Pointer != _base + block.Offset || block.Length <= 0 || (ulong)block.Length % _pageSize != 0
            || block.Offset >= CommittedBytes)
            throw new ArgumentException("The block was not rented from this pool.", nameof(block));
        FreeResult result = _pages.TryFree(block.Offset, (ulong)block.Length);
        _caches.ForCurrentThread(this).CountOperation();
        if (!result.Succeeded)
            throw new ArgumentException($"The block at offset 0x{block.Offset:X} ({block.Length} bytes) is not rented from this pool ({result.Error} at page {result.OffendingPage}); nothing changed.", nameof(block));
        _mapping.Handle.DangerousRelease();
    }

    /// <summary>Gives free memory beyond the hot reserve back to the operating system now, coldest first.</summary>
    /// <returns>Bytes given back by this call.</returns>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public ulong Trim() => Trim(Options.HotReserveBytes);

    /// <summary>Gives free memory beyond <paramref name="keepFreeBytes"/> back to the operating system now, coldest first.</summary>
    /// <returns>Bytes given back by this call.</returns>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public ulong Trim(ulong keepFreeBytes)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _giveBack.GiveBack(keepFreeBytes);
    }

    /// <summary>Rents and returns so far (the idle timer's measure of activity; each thread counts its own).</summary>
    internal ulong OperationCount => _caches.Operations;

    /// <summary>True when free memory the operating system may still back (cached blocks included) exceeds
    /// <paramref name="keepFreeBytes"/>.</summary>
    internal bool HasFreeBeyond(ulong keepFreeBytes) => _pages.Accounting.DirtyFreeBytes + CachedBytes > keepFreeBytes;

    /// <summary>Empties every thread's cache into the heap, then releases free memory the operating system still backs
    /// beyond <paramref name="keepFreeBytes"/>, coldest first, with <c>madvise</c>; returns the bytes released.</summary>
    internal ulong ReleaseFreeBeyond(ulong keepFreeBytes)
    {
        DrainCaches();
        ulong released = _release.ReleaseBeyond(_pages, _largestBufferOrder, keepFreeBytes, _releaser);
        // The heap's records of the memory just released (and of memory handed out) are zero now, yet resident since
        // the burst that wrote them; their pages go back too.
        if (released > 0) _metadataReleased += _pages.ReleaseZeroMetadataPages(ReservedMapping.SystemPageSize, ZeroPageReleaser.Instance);
        return released;
    }

    /// <summary>Bytes of the heap's record pages offered back by the give-backs so far (a page still released is counted
    /// again by every give-back that finds it zero).</summary>
    internal ulong MetadataReleasedBytes => Volatile.Read(ref _metadataReleased);

    /// <summary>Gives back pages of the heap's records that hold only zeros, skipping those no longer resident.</summary>
    internal sealed class ZeroPageReleaser : IZeroPageReleaser
    {
        public static readonly ZeroPageReleaser Instance = new();

        public bool TryReleaseZeroPages(nint start, nuint length) => ZeroPages.TryRelease(start, length);

        public void GetResidency(nint start, nuint length, Span<byte> residency) => ZeroPages.GetResidency(start, length, residency);
    }

    /// <summary>Moves every block the threads' caches hold into the heap; returns the bytes moved. Safe against the
    /// caches' own threads renting and returning meanwhile: each cache is emptied while its thread stays out of it (see
    /// <see cref="ThreadBlockCache"/>), so a block goes to the heap or to a rent, never to both.</summary>
    internal ulong DrainCaches()
    {
        ulong moved = 0;
        foreach (ThreadBlockCache cache in _caches.All) moved += Drain(cache);
        return moved;
    }

    /// <summary>Registered caches (for tests).</summary>
    internal int CacheCount => _caches.All.Length;

    /// <summary>Moves the blocks of one cache into the heap; returns the bytes moved. Any thread, the cache's own
    /// included when it is outside its slots.</summary>
    internal ulong Drain(ThreadBlockCache cache)
    {
        Span<ulong> taken = stackalloc ulong[cache.Orders];
        lock (_caches.DrainLock)
        {
            _release.EnterDrain(cache);
            for (int order = 0; order < cache.Orders; order++) taken[order] = cache.TakeDrained(order);
            cache.ExitDrain();
        }
        ulong moved = 0;
        for (int order = 0; order < taken.Length; order++)
        {
            if (taken[order] == 0) continue;
            FreeToHeap(taken[order] - 1, _pageSize << order);
            moved += _pageSize << order;
        }
        return moved;
    }

    /// <summary>The pool's releasing action for the backing heap: <c>madvise</c> on the pool's mapping.</summary>
    private sealed class MadviseReleaser(ReservedMapping mapping, GiveBackAdvice advice) : IBackingReleaser
    {
        public bool TryRelease(ulong address, ulong length)
        {
            try
            {
                mapping.GiveBack(address, length, advice);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;   // madvise refused: the memory stays dirty and is tried again by a later give-back
            }
        }
    }

    /// <summary>Called by <see cref="PooledMemory"/> when its owner disposes it (exactly once per rent): a block of
    /// 2^order pages goes to the thread's cache, and the block it displaces (or any other length) to the heap. Returns
    /// the thread's cache, for the owner object to park itself there.</summary>
    internal ThreadBlockCache ReturnPages(ulong offset, int length)
    {
        ThreadBlockCache cache = _caches.ForCurrentThread(this);
        int order = CachedOrder(length);
        if (order < 0)
        {
            cache.CountOperation();
            FreeToHeap(offset, (ulong)length);
            return cache;
        }
        ulong toFree = cache.Put(order, offset);
        // Disposal sets _disposed, then empties every cache, each after a process-wide barrier: a return whose visit to
        // its slot the drain did not wait for began after that barrier, so it sees the flag here and empties its own
        // cache, whichever block is there.
        if (Volatile.Read(ref _disposed) != 0) Drain(cache);
        if (toFree != 0) FreeToHeap(toFree - 1, _pageSize << order);
        return cache;
    }

    /// <summary>Frees a block into the heap and drops the reference on the mapping its rent took.</summary>
    private void FreeToHeap(ulong offset, ulong length)
    {
        _pages.Free(offset, length);   // cannot fail: the block was rented or cached, and only one holder frees it
        _mapping.Handle.DangerousRelease();
    }

    /// <summary>The order of a cacheable length (a power-of-two number of pages), or -1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int CachedOrder(int length)
    {
        uint pages = (uint)length >> _pageShift;
        return BitOperations.IsPow2(pages) ? BitOperations.Log2(pages) : -1;
    }

    /// <summary>Refuses further rents, stops the idle timer and drops the pool's reference on the mapping; the memory is
    /// unmapped once every rented buffer has been returned.</summary>
    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _caches.Close();
        DrainCaches();
        _giveBack.Dispose();
        _mapping.Dispose();
    }

    private int CheckSize(int minBufferSize)
    {
        if (minBufferSize == -1) return _defaultSize;
        if ((uint)(minBufferSize - 1) >= (uint)_maxBufferSize) ThrowBadSize(minBufferSize);
        return (int)(((ulong)minBufferSize + _pageSize - 1) & ~(_pageSize - 1));
    }

    /// <summary>Takes pages for a rent: the thread's cached block of that size, else a block of the heap (growing the
    /// mapping when nothing fits) with a reference on the mapping. A cached block still holds the reference its first
    /// rent took.</summary>
    private bool TryTakePages(ThreadBlockCache cache, int length, out ulong offset)
    {
        if (Volatile.Read(ref _disposed) != 0) ThrowDisposed();
        int order = CachedOrder(length);
        if (order >= 0)
        {
            if (cache.TryTake(order, out offset)) return true;
        }
        else cache.CountOperation();
        return TryTakeFromHeap(length, out offset);
    }

    private bool TryTakeFromHeap(int length, out ulong offset)
    {
        bool referenced = false;
        _mapping.Handle.DangerousAddRef(ref referenced);
        bool drained = false;
        while (!_pages.TryAllocate((ulong)length, out offset))
        {
            if (Grow()) continue;
            // At the limit: the blocks the threads' caches hold are free memory too — move them to the heap, try again.
            if (!drained && DrainCaches() > 0) { drained = true; continue; }
            _mapping.Handle.DangerousRelease();
            return false;
        }
        return true;
    }

    /// <summary>Commits the next <see cref="BuddyMemoryPoolOptions.GrowthBytes"/> and adds them to the heap; false at the
    /// limit. A thread that finds another has grown meanwhile returns true without growing again.</summary>
    private bool Grow()
    {
        ulong seen = Volatile.Read(ref _committed);
        lock (_growLock)
        {
            if (_committed != seen) return true;   // another thread grew: try again
            if (_committed >= Options.LimitBytes) return false;
            ulong length = Options.GrowthBytes;
            _mapping.Commit(_committed, length);
            _pages.AddRange(_committed, length);
            Volatile.Write(ref _committed, _committed + length);
            return true;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowBadSize(int size) =>
        throw new ArgumentOutOfRangeException("minBufferSize", size,
            $"A rent asks for 1 to {Options.MaxBufferSize} bytes, or -1 for the default size ({_defaultSize}).");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowLimit(int length) => throw new PoolLimitReachedException(length, Options.LimitBytes, RentedBytes);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowDisposed() => throw new ObjectDisposedException(nameof(BuddyMemoryPool));
}
