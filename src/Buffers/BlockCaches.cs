using System.Runtime.CompilerServices;

namespace Verified.Buffers;

/// <summary>
/// One thread's block cache for one pool: a slot per block order (2^order pages) holding the block of that order the
/// thread returned last, as its offset + 1 (0: empty), and the thread's spare owner object. A rent of that order takes
/// the block back; a return puts its block in and sends the block it displaces to the page heap.
/// </summary>
/// <remarks>
/// <para><b>The owner's side: plain loads and stores.</b> Only the thread that created the cache (<see cref="Thread"/>)
/// rents and returns through it. It marks each visit to a slot by making the operation count odd on entry and even on
/// exit, and checks on entry whether another thread asked to empty the cache; if so it leaves the slots alone (its rent
/// goes to the heap, its return's block too). No interlocked operation, no fence: the slots' loads and stores are
/// <see cref="Volatile"/> ones, plain moves on x64 (they order the slot against the count on weakly ordered processors,
/// and under Coyote they are the scheduling points that let its exploration interleave the owner and a drainer).</para>
/// <para><b>Another thread's side (a give-back, the pool's disposal, a rent at the limit, the pruning of ended
/// threads): an asymmetric fence.</b> The drainer raises the request flag, then runs
/// <see cref="Interlocked.MemoryBarrierProcessWide"/>, then waits until the count is even, then empties the slots with
/// plain loads and stores and lowers the flag (<see cref="EnterDrain"/>, <see cref="TakeDrained"/>,
/// <see cref="ExitDrain"/>). Why no block can go to both sides: the process-wide barrier runs on the owner's processor
/// too, either before the owner's store of an odd count — then the owner's load of the flag comes after the barrier and
/// sees it raised, and the owner stays out — or after that store — then the barrier makes the store visible, the
/// drainer sees an odd count and waits for the owner to leave. The owner's stores of the count are release stores and
/// the drainer's reads acquire loads, so the drainer sees the slots as the owner left them; the drainer's lowering of
/// the flag is a release store and the owner's read of it an acquire load, so the owner then sees the slots emptied.
/// Drainers exclude each other with the pool's drain lock. (This relies on the JIT keeping the owner's store of the
/// count before its load of the flag, as it keeps volatile accesses in program order.)</para>
/// </remarks>
internal sealed class ThreadBlockCache
{
    // The slots, the operation count and the drain flag live in one array with 64 bytes of padding on each side: the
    // caches of two threads may end up next to each other after the GC compacts, and must not share a cache line.
    private const int Pad = 8;
    private readonly ulong[] _cells;
    private readonly int _count;   // index of the operation count (twice the operations, +1 while the owner is inside)
    private readonly int _drain;   // index of the drain request flag (1 while a drainer works on the cache)

    internal ThreadBlockCache(BlockCaches owner, int orders, Thread thread)
    {
        Owner = owner;
        Orders = orders;
        _cells = new ulong[Pad + orders + 2 + Pad];
        _count = Pad + orders;
        _drain = Pad + orders + 1;
        Thread = thread;
    }

    /// <summary>The pool's set of caches this one belongs to.</summary>
    internal BlockCaches Owner { get; }

    /// <summary>Slots: one per order, 0..K.</summary>
    internal int Orders { get; }

    /// <summary>The thread that created the cache: the only one that rents and returns through it.</summary>
    internal Thread Thread { get; }

    /// <summary>The owner thread's spare owner object (read and written by that thread only).</summary>
    internal PooledMemory? Spare;

    /// <summary>The slot of <paramref name="order"/>: the cached block's offset + 1, or 0. For readers that only count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ref ulong Slot(int order) => ref _cells[Pad + order];

    /// <summary>Counts one rent or return that does not touch the slots (called by the owner thread only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CountOperation()
    {
        ref ulong count = ref _cells[_count];
        Volatile.Write(ref count, count + 2);
    }

    /// <summary>Rents and returns made through this cache (read by the idle timer).</summary>
    internal ulong Operations => Volatile.Read(ref _cells[_count]) >> 1;

    /// <summary>Owner only: takes the cached block of <paramref name="order"/>, or returns false (also while a drainer
    /// works on the cache). Counts one operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryTake(int order, out ulong offset)
    {
        ulong[] cells = _cells;
        ref ulong count = ref cells[_count];
        ulong before = count;
        Volatile.Write(ref count, before + 1);   // inside
        ulong slot = 0;
        if (Volatile.Read(ref cells[_drain]) == 0)
        {
            ref ulong cell = ref cells[Pad + order];
            slot = Volatile.Read(ref cell);
            if (slot != 0) Volatile.Write(ref cell, 0);
        }
        Volatile.Write(ref count, before + 2);   // outside
        offset = slot - 1;
        return slot != 0;
    }

    /// <summary>Owner only: caches a block of <paramref name="order"/>; returns the block the caller must free to the heap
    /// (offset + 1): the one it displaced, or this one while a drainer works on the cache; 0 when none. Counts one
    /// operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ulong Put(int order, ulong offset)
    {
        ulong[] cells = _cells;
        ref ulong count = ref cells[_count];
        ulong before = count;
        Volatile.Write(ref count, before + 1);   // inside
        ulong toFree = offset + 1;
        if (Volatile.Read(ref cells[_drain]) == 0)
        {
            ref ulong cell = ref cells[Pad + order];
            ulong displaced = Volatile.Read(ref cell);
            Volatile.Write(ref cell, toFree);
            toFree = displaced;
        }
        Volatile.Write(ref count, before + 2);   // outside
        return toFree;
    }

    /// <summary>Drainer (under the pool's drain lock): raises the request flag. Step one of <see cref="EnterDrain"/>.</summary>
    internal void RequestDrain() => Volatile.Write(ref _cells[_drain], 1);

    /// <summary>Drainer: true while the owner thread is inside <see cref="TryTake"/> or <see cref="Put"/>.</summary>
    internal bool OwnerInside => (Volatile.Read(ref _cells[_count]) & 1) != 0;

    /// <summary>Drainer (under the pool's drain lock): asks the owner to stay out, makes sure it is out, and from then on
    /// has the slots to itself until <see cref="ExitDrain"/>.</summary>
    internal void EnterDrain()
    {
        RequestDrain();
        Interlocked.MemoryBarrierProcessWide();
        WaitForOwnerOutside();
    }

    /// <summary>Drainer: waits until the owner thread has left the slots (it never blocks inside: a few instructions).</summary>
    internal void WaitForOwnerOutside()
    {
        while (OwnerInside) Thread.Yield();
    }

    /// <summary>Drainer, between <see cref="EnterDrain"/> and <see cref="ExitDrain"/>: takes the block of
    /// <paramref name="order"/> (offset + 1, or 0).</summary>
    internal ulong TakeDrained(int order)
    {
        ref ulong cell = ref _cells[Pad + order];
        ulong slot = Volatile.Read(ref cell);
        Volatile.Write(ref cell, 0);
        return slot;
    }

    /// <summary>Drainer: lowers the request flag; the owner uses its slots again.</summary>
    internal void ExitDrain() => Volatile.Write(ref _cells[_drain], 0);
}

/// <summary>
/// The per-thread block caches of one <see cref="BuddyMemoryPool"/>: the fast path in front of its page heap. Rent and
/// return of a block of 2^order pages go through the calling thread's cache (plain loads and stores, no lock, see
/// <see cref="ThreadBlockCache"/>), so a thread that returns a buffer and rents one of the same size gets the same pages
/// back — the most recently returned, as the heap's MRU order would give, without taking the heap's lock.
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
/// <para><b>Lifetime.</b> Those thread-static references reach this object, never the pool: it holds the pool only
/// weakly, so a pool nobody references any more can be collected (undisposed: its mapping's handle then unmaps the
/// memory) although threads still know its caches. A thread drops the caches of pools disposed or collected the next
/// time it looks for another pool's cache.</para>
/// </remarks>
internal sealed class BlockCaches
{
    [ThreadStatic] private static ThreadBlockCache? t_last;               // this thread's cache used last (any pool)
    [ThreadStatic] private static List<ThreadBlockCache>? t_all;          // this thread's caches, one per pool it used

    private readonly int _orders;
    private readonly WeakReference<BuddyMemoryPool> _pool;
    private readonly object _registryLock = new();
    private ThreadBlockCache[] _caches = [];   // copy-on-write under _registryLock; read without it
    private ulong _retiredOperations;          // operations of caches forgotten (their threads ended); under _registryLock
    private bool _closed;                      // the pool was disposed

    /// <summary>The registry size from which registering a cache first removes those of ended threads.</summary>
    internal const int PruneAt = 64;

    /// <param name="orders">Slots per cache: K + 1.</param>
    /// <param name="pool">The pool (held weakly).</param>
    internal BlockCaches(int orders, BuddyMemoryPool pool)
    {
        _orders = orders;
        _pool = new WeakReference<BuddyMemoryPool>(pool);
    }

    /// <summary>Drainers of this pool's caches take it, one at a time (see <see cref="ThreadBlockCache"/>).</summary>
    internal object DrainLock { get; } = new();

    /// <summary>Every cache of the pool (a snapshot: a thread that starts using the pool later is not in it).</summary>
    internal ThreadBlockCache[] All => Volatile.Read(ref _caches);

    /// <summary>The pool was disposed or collected: its caches are of no more use.</summary>
    internal bool IsClosed => Volatile.Read(ref _closed) || !_pool.TryGetTarget(out _);

    /// <summary>The calling thread's cache, created on its first use of the pool (whose drain empties the caches of
    /// ended threads when registering prunes them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal ThreadBlockCache ForCurrentThread(BuddyMemoryPool pool)
    {
        ThreadBlockCache? cache = t_last;
        return cache is not null && cache.Owner == this ? cache : Find(pool);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ThreadBlockCache Find(BuddyMemoryPool pool)
    {
        List<ThreadBlockCache> mine = t_all ??= [];
        mine.RemoveAll(static cache => cache.Owner.IsClosed);
        if (t_last is { } last && last.Owner.IsClosed) t_last = null;
        foreach (ThreadBlockCache cache in mine)
            if (cache.Owner == this) return t_last = cache;
        var created = new ThreadBlockCache(this, _orders, Thread.CurrentThread);
        ThreadBlockCache[] ended = [];
        lock (_registryLock)
        {
            if (_caches.Length >= PruneAt) ended = ForgetEndedThreads();
            Volatile.Write(ref _caches, [.. _caches, created]);
        }
        foreach (ThreadBlockCache cache in ended) pool.Drain(cache);
        mine.Add(created);
        return t_last = created;
    }

    /// <summary>Drops the calling thread's references to caches of pools disposed or collected (for tests: threads do it
    /// themselves when they look for another pool's cache).</summary>
    internal static void ForgetClosedOnCurrentThread()
    {
        t_all?.RemoveAll(static cache => cache.Owner.IsClosed);
        if (t_last is { } last && last.Owner.IsClosed) t_last = null;
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
