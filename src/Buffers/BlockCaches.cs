using System.Runtime.CompilerServices;

namespace Verified.Buffers;

/// <summary>
/// One thread's block cache for one pool: a slot per block order (2^order pages) holding the block of that order the
/// thread returned last, as its offset + 1 (0: empty). A rent of that order takes it back; a return puts its block in
/// and sends the block it displaces to the page heap. Every access to a slot, the owner thread's included, is one
/// <see cref="Interlocked.Exchange(ref ulong, ulong)"/>, so any other thread can empty it at any time (a give-back, the
/// pool's disposal) and exactly one of them gets the block.
/// </summary>
internal sealed class ThreadBlockCache
{
    // The slots and the operation count live in one array with 64 bytes of padding on each side: the caches of two
    // threads may end up next to each other after the GC compacts, and must not share a cache line.
    private const int Pad = 8;
    private readonly ulong[] _cells;
    private readonly int _operations;   // index of the operation count in _cells

    internal ThreadBlockCache(BlockCaches owner, int orders, Thread thread)
    {
        Owner = owner;
        Orders = orders;
        _cells = new ulong[Pad + orders + 1 + Pad];
        _operations = Pad + orders;
        Thread = thread;
    }

    /// <summary>The pool's set of caches this one belongs to.</summary>
    internal BlockCaches Owner { get; }

    /// <summary>Slots: one per order, 0..K.</summary>
    internal int Orders { get; }

    /// <summary>The thread that created the cache and is its usual user (any thread may use it safely).</summary>
    internal Thread Thread { get; }

    /// <summary>The slot of <paramref name="order"/>: the cached block's offset + 1, or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref ulong Slot(int order) => ref _cells[Pad + order];

    /// <summary>Counts one rent or return (called by the cache's own thread only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CountOperation() => _cells[_operations]++;

    /// <summary>Rents and returns made through this cache (read by the idle timer).</summary>
    internal ulong Operations => Volatile.Read(ref _cells[_operations]);

    /// <summary>Takes the cached block of <paramref name="order"/>, or returns false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryTake(int order, out ulong offset)
    {
        ulong slot = Interlocked.Exchange(ref Slot(order), 0);
        offset = slot - 1;
        return slot != 0;
    }

    /// <summary>Caches a block of <paramref name="order"/>; returns the block it displaced (offset + 1), or 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Put(int order, ulong offset) => Interlocked.Exchange(ref Slot(order), offset + 1);
}

/// <summary>
/// The per-thread block caches of one <see cref="BuddyMemoryPool"/>: the fast path in front of its page heap. Rent and
/// return of a block of 2^order pages go through the calling thread's cache (two uncontended exchanges, no lock), so a
/// thread that returns a buffer and rents one of the same size gets the same pages back — the most recently returned,
/// as the heap's MRU order would give, without taking the heap's lock.
/// </summary>
/// <remarks>
/// <para><b>Giving back.</b> Cached blocks count as free memory: the pool's give-back empties every thread's cache into
/// the heap first (<see cref="BuddyMemoryPool.DrainCaches"/>), the caches of threads that have ended included. A cache
/// never holds more than one block per order, so at most (2^(K+1) − 1) pages per thread.</para>
/// <para><b>Ended threads.</b> Once the pool has <see cref="PruneAt"/> caches, a thread that registers a new one first
/// removes the caches of threads that have ended and empties them (they can fill no more). Below that count nothing is
/// removed, so the registry holds at most <see cref="PruneAt"/> caches plus one per live thread.</para>
/// <para><b>Finding a thread's cache.</b> A thread-static reference to the cache used last (any pool) makes the
/// common case one read; a thread that uses several pools keeps a short list of its caches.</para>
/// </remarks>
internal sealed class BlockCaches
{
    [ThreadStatic] private static ThreadBlockCache? t_last;               // this thread's cache used last (any pool)
    [ThreadStatic] private static List<ThreadBlockCache>? t_all;          // this thread's caches, one per pool it used

    private readonly int _orders;
    private readonly object _registryLock = new();
    private ThreadBlockCache[] _caches = [];   // copy-on-write under _registryLock; read without it
    private ulong _retiredOperations;          // operations of caches forgotten (their threads ended); under _registryLock
    private bool _closed;                      // the pool was disposed

    /// <summary>The registry size from which registering a cache first removes those of ended threads.</summary>
    internal const int PruneAt = 64;

    private readonly Action<ThreadBlockCache> _empty;

    /// <param name="orders">Slots per cache: K + 1.</param>
    /// <param name="empty">Moves the blocks of a cache into the heap (used on the caches of ended threads).</param>
    internal BlockCaches(int orders, Action<ThreadBlockCache> empty)
    {
        _orders = orders;
        _empty = empty;
    }

    /// <summary>Every cache of the pool (a snapshot: a thread that starts using the pool later is not in it).</summary>
    internal ThreadBlockCache[] All => Volatile.Read(ref _caches);

    /// <summary>The calling thread's cache, created on its first use of the pool.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ThreadBlockCache ForCurrentThread()
    {
        ThreadBlockCache? cache = t_last;
        return cache is not null && cache.Owner == this ? cache : Find();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ThreadBlockCache Find()
    {
        List<ThreadBlockCache> mine = t_all ??= [];
        mine.RemoveAll(static cache => Volatile.Read(ref cache.Owner._closed));
        foreach (ThreadBlockCache cache in mine)
            if (cache.Owner == this) return t_last = cache;
        var created = new ThreadBlockCache(this, _orders, Thread.CurrentThread);
        ThreadBlockCache[] ended = [];
        lock (_registryLock)
        {
            if (_caches.Length >= PruneAt) ended = ForgetEndedThreads();
            Volatile.Write(ref _caches, [.. _caches, created]);
        }
        foreach (ThreadBlockCache cache in ended) _empty(cache);
        mine.Add(created);
        return t_last = created;
    }

    /// <summary>Rents and returns so far, over every cache (the idle timer's measure of activity).</summary>
    internal ulong Operations
    {
        get
        {
            ulong sum;
            ThreadBlockCache[] caches;
            lock (_registryLock) { sum = _retiredOperations; caches = _caches; }
            foreach (ThreadBlockCache cache in caches) sum += cache.Operations;
            return sum;
        }
    }

    /// <summary>Removes the caches of threads that have ended and returns them, for the caller to empty (their threads
    /// can fill them no more, so once emptied they stay empty). The caller holds the registry lock.</summary>
    private ThreadBlockCache[] ForgetEndedThreads()
    {
        // One look at each thread: a thread may end while we look, and counting first and sorting after would then disagree.
        List<ThreadBlockCache>? kept = null, forgotten = null;
        foreach (ThreadBlockCache cache in _caches)
        {
            if (cache.Thread.IsAlive) (kept ??= []).Add(cache);
            else (forgotten ??= []).Add(cache);
        }
        if (forgotten is null) return [];
        foreach (ThreadBlockCache cache in forgotten) _retiredOperations += cache.Operations;
        Volatile.Write(ref _caches, kept is null ? [] : kept.ToArray());
        return forgotten.ToArray();
    }

    /// <summary>Marks the pool disposed: threads drop their caches of it the next time they look for another pool's.</summary>
    internal void Close() => Volatile.Write(ref _closed, true);
}
