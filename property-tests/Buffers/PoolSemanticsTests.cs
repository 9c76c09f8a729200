using System.Buffers;
using Verified.Buffers;
using Xunit;

namespace Verified.PropertyTests.Buffers;

/// <summary>Rent, return and dispose as <see cref="MemoryPool{T}"/> users rely on them, on real memory.</summary>
public sealed unsafe class PoolSemanticsTests
{
    internal static BuddyMemoryPool NewPool(ulong limit = 64UL << 20, ulong growth = 4UL << 20, int max = 1 << 20, ulong hot = 0) =>
        new(new BuddyMemoryPoolOptions
        {
            LimitBytes = limit, GrowthBytes = growth, MaxBufferSize = max, HotReserveBytes = hot,
            IdleDelay = Timeout.InfiniteTimeSpan, GiveBackUnderMemoryPressure = false,
        });

    [Theory]
    [InlineData(-1, 4096)]
    [InlineData(1, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(4097, 8192)]
    [InlineData(12_288, 12_288)]
    [InlineData(65_536, 65_536)]
    [InlineData(1 << 20, 1 << 20)]
    public void ARentIsAtLeastTheSizeAskedInWholePages(int asked, int expected)
    {
        using BuddyMemoryPool pool = NewPool();
        using IMemoryOwner<byte> owner = asked == -1 ? pool.Rent() : pool.Rent(asked);
        Assert.Equal(expected, owner.Memory.Length);
        Assert.Equal((ulong)expected, pool.RentedBytes);
        Span<byte> span = owner.Memory.Span;
        span.Fill(0x5A);
        Assert.Equal(0x5A, span[^1]);
        using MemoryHandle pin = owner.Memory.Pin();
        Assert.True(pin.Pointer == System.Runtime.CompilerServices.Unsafe.AsPointer(ref span[0]));
    }

    [Fact]
    public void UseAfterDisposeThrowsObjectDisposed()
    {
        using BuddyMemoryPool pool = NewPool();
        IMemoryOwner<byte> owner = pool.Rent(4096);
        Memory<byte> memory = owner.Memory;
        owner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => owner.Memory);
        Assert.Throws<ObjectDisposedException>(() => memory.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => memory.Pin());
        Assert.Equal(0UL, pool.RentedBytes);
    }

    [Fact]
    public void ASecondDisposeIsHarmless()
    {
        using BuddyMemoryPool pool = NewPool();
        IMemoryOwner<byte> first = pool.Rent(8192);
        using IMemoryOwner<byte> other = pool.Rent(4096);
        first.Dispose();
        first.Dispose();
        Assert.Equal(4096UL, pool.RentedBytes);
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65_536)]
    [InlineData(1 << 20)]
    public void TheMostRecentlyReturnedPagesComeBackOnTheNextRentOfThatSize(int size)
    {
        using BuddyMemoryPool pool = NewPool();
        var held = Enumerable.Range(0, 8).Select(_ => (PooledMemory)pool.Rent(size)).ToList();
        ulong returned = held[3].Offset;
        ((IDisposable)held[5]).Dispose();
        ((IDisposable)held[3]).Dispose();    // the most recent return
        using var next = (PooledMemory)pool.Rent(size);
        Assert.Equal(returned, next.Offset);
        foreach (int i in new[] { 0, 1, 2, 4, 6, 7 }) ((IDisposable)held[i]).Dispose();
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(65_536)]
    [InlineData(1 << 20)]
    public void ReturnedBuffersComeBackMostRecentFirstThroughTheCacheAndTheHeap(int size)
    {
        // The thread's cache holds the last return of a size; the one it displaces goes to the head of the heap's list.
        using BuddyMemoryPool pool = NewPool();
        var held = Enumerable.Range(0, 4).Select(_ => (PooledMemory)pool.Rent(size)).ToList();
        ulong first = held[1].Offset, second = held[2].Offset;
        ((IDisposable)held[1]).Dispose();
        ((IDisposable)held[2]).Dispose();
        var a = (PooledMemory)pool.Rent(size);
        var b = (PooledMemory)pool.Rent(size);
        Assert.Equal(second, a.Offset);
        Assert.Equal(first, b.Offset);
        foreach (IDisposable owner in new[] { held[0], held[3], a, b }) owner.Dispose();
        Assert.Equal(0UL, pool.RentedBytes);
    }

    [Fact]
    public void ASizeThatIsNoPowerOfTwoPagesBypassesTheCache()
    {
        using BuddyMemoryPool pool = NewPool();
        pool.Rent(3 * 4096).Dispose();
        Assert.Equal(0UL, pool.CachedBytes);
        Assert.Equal(0UL, pool.Pages.AllocatedBytes);
        pool.Rent(2 * 4096).Dispose();
        Assert.Equal(8192UL, pool.CachedBytes);
        Assert.Equal(0UL, pool.RentedBytes);          // cached memory is free memory
        Assert.Equal(8192UL, pool.Pages.AllocatedBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    [InlineData((1 << 20) + 1)]
    [InlineData(int.MaxValue)]
    public void ABadSizeIsRefusedTypedAndNothingLeaks(int size)
    {
        using BuddyMemoryPool pool = NewPool();
        using IMemoryOwner<byte> kept = pool.Rent(4096);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(size));
        Assert.Equal("minBufferSize", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.TryRent(size, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.RentBlock(size));
        Assert.Equal(4096UL, pool.RentedBytes);
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void AtTheLimitARentIsRefusedTypedAndNothingLeaks()
    {
        using BuddyMemoryPool pool = NewPool(limit: 2UL << 20, growth: 1UL << 20, max: 1 << 20);
        IMemoryOwner<byte> a = pool.Rent(1 << 20);
        using IMemoryOwner<byte> b = pool.Rent(1 << 19);
        using IMemoryOwner<byte> c = pool.Rent(1 << 19);
        var error = Assert.Throws<PoolLimitReachedException>(() => pool.Rent(4096));
        Assert.Equal(2UL << 20, error.LimitBytes);
        Assert.Equal(4096, error.RequestedBytes);
        Assert.IsAssignableFrom<OutOfMemoryException>(error);
        Assert.False(pool.TryRent(4096, out IMemoryOwner<byte>? none));
        Assert.Null(none);
        Assert.Throws<PoolLimitReachedException>(() => pool.RentBlock(1));
        Assert.Equal(2UL << 20, pool.RentedBytes);
        Assert.Equal(2UL << 20, pool.CommittedBytes);
        Assert.Empty(pool.Pages.CheckInvariants());
        a.Dispose();
        Assert.True(pool.TryRent(4096, out IMemoryOwner<byte>? again));
        again!.Dispose();
        Assert.Equal(1UL << 20, pool.RentedBytes);
    }

    [Fact]
    public void ThePoolGrowsRangeByRangeUpToTheLimit()
    {
        using BuddyMemoryPool pool = NewPool(limit: 8UL << 20, growth: 2UL << 20, max: 1 << 20);
        Assert.Equal(0UL, pool.CommittedBytes);
        var held = new List<IMemoryOwner<byte>>();
        for (int i = 1; i <= 8; i++)
        {
            held.Add(pool.Rent(1 << 20));
            Assert.Equal((ulong)((i + 1) / 2) * (2UL << 20), pool.CommittedBytes);
        }
        Assert.False(pool.TryRent(1, out _));
        held.ForEach(h => h.Dispose());
        Assert.Equal(0UL, pool.RentedBytes);
    }

    [Fact]
    public void TheBlockPathRentsWithoutAnObjectAndRefusesABadReturn()
    {
        using BuddyMemoryPool pool = NewPool();
        PageBlock block = pool.RentBlock(10_000);
        Assert.Equal(12_288, block.Length);
        block.Span.Fill(7);
        Assert.Equal(7, block.Pointer[12_287]);
        pool.Return(block);
        Assert.Equal(0UL, pool.RentedBytes);
        var again = Assert.Throws<ArgumentException>(() => pool.Return(block));
        Assert.Equal("block", again.ParamName);
        Assert.Throws<ArgumentException>(() => pool.Return(default));
        Assert.Equal(0UL, pool.RentedBytes);
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void ADisposedPoolRefusesRentsAndKeepsRentedMemoryUntilReturned()
    {
        BuddyMemoryPool pool = NewPool();
        IMemoryOwner<byte> owner = pool.Rent(4096);
        pool.Dispose();
        pool.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Rent(4096));
        Assert.Throws<ObjectDisposedException>(() => pool.Trim());
        owner.Memory.Span.Fill(1);                         // still mapped: the rent holds a reference on the mapping
        Assert.Equal(1, owner.Memory.Span[4095]);
        owner.Dispose();
        Assert.True(pool.Mapping.Handle.IsClosed);         // the last return released the mapping
    }

    [Fact]
    public void SettingsOutOfBoundsAreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => new BuddyMemoryPool(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyMemoryPool(new BuddyMemoryPoolOptions { MaxBufferSize = 3 << 12 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyMemoryPool(new BuddyMemoryPoolOptions { GrowthBytes = 1 << 12 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyMemoryPool(new BuddyMemoryPoolOptions { LimitBytes = (64UL << 20) + 4096 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyMemoryPool(new BuddyMemoryPoolOptions { DefaultBufferSize = -5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyMemoryPool(new BuddyMemoryPoolOptions { IdleDelay = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyMemoryPool(new BuddyMemoryPoolOptions { Advice = (Verified.Memory.GiveBackAdvice)3 }));
    }

    [Fact]
    public void SteadyStateRentAndReturnAllocateNoManagedMemory()
    {
        using BuddyMemoryPool pool = NewPool();
        for (int i = 0; i < 1000; i++) pool.Rent(4096).Dispose();   // warm: owner objects exist, code is jitted
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            using IMemoryOwner<byte> owner = pool.Rent(4096);
            owner.Memory.Span[0] = 1;
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void APoolNoLongerReferencedIsCollectedThoughThisThreadKeepsItsCache()
    {
        // Each pool is used on this thread (its block cache becomes the thread's last used and holds the spare owner),
        // one with its idle timer and metrics on, one disposed; then dropped. The thread-static references to the caches,
        // the timer and the process-wide meter must not keep either pool alive.
        WeakReference undisposed = UseOnThisThreadAndDrop(dispose: false);
        WeakReference disposed = UseOnThisThreadAndDrop(dispose: true);
        for (int i = 0; i < 5 && (undisposed.IsAlive || disposed.IsAlive); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(undisposed.IsAlive, "an undisposed pool nobody references stayed alive");
        Assert.False(disposed.IsAlive, "a disposed pool nobody references stayed alive");

        // The thread then drops its references to the dead pools' caches when it looks for another pool's.
        using BuddyMemoryPool next = NewPool();
        next.Rent(4096).Dispose();
        Assert.Equal(1, next.CacheCount);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference UseOnThisThreadAndDrop(bool dispose)
    {
        var pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions
        {
            LimitBytes = 64UL << 20, GrowthBytes = 4UL << 20, IdleDelay = TimeSpan.FromMilliseconds(50),
            GiveBackUnderMemoryPressure = true, Name = dispose ? "collected-disposed" : "collected-undisposed",
        });
        for (int i = 0; i < 3; i++) pool.Rent(4096).Dispose();
        pool.Rent(8192).Dispose();
        if (dispose) pool.Dispose();
        return new WeakReference(pool);
    }
}
