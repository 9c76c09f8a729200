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
