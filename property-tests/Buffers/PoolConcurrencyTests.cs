using System.Buffers;
using System.Collections.Concurrent;
using Verified.Buffers;
using Xunit;

namespace Verified.PropertyTests.Buffers;

/// <summary>Rent and return from several real threads at once, with a ledger: no byte range is ever handed to two
/// holders, and a holder's bytes are untouched by anyone else while it holds them.</summary>
public sealed class PoolConcurrencyTests
{
    [Fact]
    public void ConcurrentRentAndReturnNeverHandOutOneRangeTwice()
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 256UL << 20, growth: 4UL << 20, max: 1 << 16);
        const int Threads = 4, Operations = 20_000;
        var owners = new ConcurrentDictionary<ulong, int>();   // page offset → thread holding it
        int doubleHanded = 0, corrupted = 0;
        var workers = Enumerable.Range(1, Threads).Select(id => new Thread(() =>
        {
            var random = new Random(id);
            var held = new List<IMemoryOwner<byte>>();
            for (int op = 0; op < Operations; op++)
            {
                if (held.Count > 0 && (held.Count > 16 || random.Next(2) == 0))
                {
                    int i = random.Next(held.Count);
                    var owner = (PooledMemory)held[i];
                    Span<byte> span = owner.Memory.Span;
                    if (span[0] != (byte)id || span[^1] != (byte)id) Interlocked.Increment(ref corrupted);
                    for (ulong page = 0; page < (ulong)span.Length; page += 4096)
                        if (!owners.TryRemove(owner.Offset + page, out int was) || was != id) Interlocked.Increment(ref doubleHanded);
                    ((IDisposable)owner).Dispose();
                    held[i] = held[^1];
                    held.RemoveAt(held.Count - 1);
                }
                else
                {
                    var owner = (PooledMemory)pool.Rent(1 + random.Next(1 << 16));
                    Span<byte> span = owner.Memory.Span;
                    for (ulong page = 0; page < (ulong)span.Length; page += 4096)
                        if (!owners.TryAdd(owner.Offset + page, id)) Interlocked.Increment(ref doubleHanded);
                    span[0] = (byte)id;
                    span[^1] = (byte)id;
                    held.Add(owner);
                }
            }
            foreach (var owner in held.Cast<PooledMemory>())
            {
                // Out of the ledger first, then back to the pool: another thread may rent the pages at once.
                for (ulong page = 0; page < (ulong)owner.Memory.Length; page += 4096) owners.TryRemove(owner.Offset + page, out _);
                ((IDisposable)owner).Dispose();
            }
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        Assert.Equal(0, doubleHanded);
        Assert.Empty(owners);
        Assert.Equal(0, corrupted);
        Assert.Equal(0UL, pool.RentedBytes);
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void CachedSizesRentedAndReturnedWhileTrimEmptiesTheCachesAreNeverHandedOutTwice()
    {
        // Sizes the threads' caches serve (1, 2 and 16 pages), a ledger of every page, and a thread that empties every
        // cache and gives everything free back, over and over.
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 64UL << 20, growth: 4UL << 20, max: 1 << 16);
        int[] sizes = [4096, 8192, 65_536];
        const int Threads = 3, Operations = 30_000;
        var owners = new ConcurrentDictionary<ulong, int>();
        int doubleHanded = 0, corrupted = 0;
        bool stop = false;
        var trimmer = new Thread(() => { while (!Volatile.Read(ref stop)) pool.Trim(0); });
        var workers = Enumerable.Range(1, Threads).Select(id => new Thread(() =>
        {
            var random = new Random(id);
            var held = new List<PooledMemory>();
            for (int op = 0; op < Operations; op++)
            {
                if (held.Count > 0 && (held.Count > 4 || random.Next(2) == 0))
                {
                    PooledMemory owner = held[^1];   // the latest first: its size is what the cache has just seen
                    held.RemoveAt(held.Count - 1);
                    Span<byte> span = owner.Memory.Span;
                    if (span.IndexOfAnyExcept((byte)id) >= 0) Interlocked.Increment(ref corrupted);
                    for (ulong page = 0; page < (ulong)span.Length; page += 4096)
                        if (!owners.TryRemove(owner.Offset + page, out int was) || was != id) Interlocked.Increment(ref doubleHanded);
                    ((IDisposable)owner).Dispose();
                }
                else
                {
                    var owner = (PooledMemory)pool.Rent(sizes[random.Next(sizes.Length)]);
                    Span<byte> span = owner.Memory.Span;
                    for (ulong page = 0; page < (ulong)span.Length; page += 4096)
                        if (!owners.TryAdd(owner.Offset + page, id)) Interlocked.Increment(ref doubleHanded);
                    span.Fill((byte)id);
                    held.Add(owner);
                }
            }
            foreach (PooledMemory owner in held)
            {
                for (ulong page = 0; page < (ulong)owner.Memory.Length; page += 4096) owners.TryRemove(owner.Offset + page, out _);
                ((IDisposable)owner).Dispose();
            }
        })).ToList();
        trimmer.Start();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Volatile.Write(ref stop, true);
        trimmer.Join();

        Assert.Equal(0, doubleHanded);
        Assert.Equal(0, corrupted);   // neither another holder nor a give-back touched a rented page
        Assert.Empty(owners);
        Assert.Equal(0UL, pool.RentedBytes);
        Assert.True(pool.TrimCount > 0);
        pool.DrainCaches();
        Assert.Equal(0UL, pool.Pages.AllocatedBytes);   // every cached block reached the heap exactly once
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void TrimEmptiesTheCachesOfOtherThreadsRunningOrEnded()
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 64UL << 20, growth: 4UL << 20, max: 1 << 20);
        using var returned = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        void RentWriteReturn()
        {
            foreach (int size in new[] { 4096, 65_536, 1 << 20 })
            {
                using IMemoryOwner<byte> owner = pool.Rent(size);
                owner.Memory.Span.Fill(0xA5);
            }
        }
        var running = new Thread(() => { RentWriteReturn(); returned.Set(); release.Wait(); });
        var ended = new Thread(RentWriteReturn);
        running.Start();
        ended.Start();
        ended.Join();
        returned.Wait();
        const ulong Cached = 2 * (4096 + 65_536 + (1 << 20));
        Assert.Equal(Cached, pool.CachedBytes);        // one block of each size in each thread's cache
        Assert.Equal(0UL, pool.RentedBytes);
        Assert.Equal(Cached, pool.Trim(0));             // the give-back reached both threads' caches
        Assert.Equal(0UL, pool.CachedBytes);
        Assert.Equal(0UL, pool.Pages.AllocatedBytes);
        Assert.Equal(0UL, pool.ResidentBytes());
        release.Set();
        running.Join();
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void TheCachesOfEndedThreadsAreEmptiedAndForgottenOnceThereAreMany()
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 64UL << 20, growth: 4UL << 20, max: 1 << 16);
        for (int i = 0; i < 3 * BlockCaches.PruneAt; i++)
        {
            var thread = new Thread(() => pool.Rent(8192).Dispose());
            thread.Start();
            thread.Join();
        }
        // Each registration past PruneAt caches first removed the ended threads' caches and emptied them into the heap.
        Assert.True(pool.CacheCount <= BlockCaches.PruneAt + 1, $"{pool.CacheCount} caches registered");
        Assert.Equal(0UL, pool.RentedBytes);
        Assert.Equal((ulong)pool.CacheCount * 8192, pool.CachedBytes);
        pool.DrainCaches();
        Assert.Equal(0UL, pool.Pages.AllocatedBytes);
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void ConcurrentRentAndReturnRaceWithTrimOnRealThreads()
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 64UL << 20, growth: 4UL << 20, max: 1 << 16);
        int corrupted = 0;
        bool stop = false;
        var trimmer = new Thread(() => { while (!Volatile.Read(ref stop)) pool.Trim(0); });
        var workers = Enumerable.Range(1, 2).Select(id => new Thread(() =>
        {
            var random = new Random(id);
            for (int op = 0; op < 20_000; op++)
            {
                using IMemoryOwner<byte> owner = pool.Rent(1 + random.Next(1 << 16));
                Span<byte> span = owner.Memory.Span;
                span.Fill((byte)id);
                Thread.Yield();
                if (span[0] != (byte)id || span[^1] != (byte)id || span[span.Length / 2] != (byte)id) Interlocked.Increment(ref corrupted);
            }
        })).ToList();
        trimmer.Start();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        Volatile.Write(ref stop, true);
        trimmer.Join();

        Assert.Equal(0, corrupted);   // a give-back never touched a rented page
        Assert.Equal(0UL, pool.RentedBytes);
        Assert.True(pool.TrimCount > 0);
        Assert.Empty(pool.Pages.CheckInvariants());
    }
}
