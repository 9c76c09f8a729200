using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// The edges of the locked heap, its reserve wrapper and the spin lock on one thread (or two plain ones): the size
/// checks and their messages, the reserve's boundary (free == held), what each refusal reports, and the lock's
/// answers to who holds it.
/// </summary>
public sealed class ConcurrentEdgeTests
{
    private const ulong Page = 4096;

    [Fact]
    public void EverySizeCheckAcceptsTheMaximumBlockAndRefusesZeroAndOneMore()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0x10_0000, 16 * Page);
        Assert.Equal((Page, 4 * Page, 2), (heap.PageSize, heap.MaxBlockSize, heap.MaxOrder));

        Assert.True(heap.TryAllocate(4 * Page, out ulong a));
        Assert.Equal(0x10_0000UL, a);
        Assert.Equal(0x10_0000 + 4 * Page, heap.Allocate(4 * Page));
        Assert.True(heap.TryAllocateKeepingReserve(4 * Page, 0, out _));
        Assert.Equal(0x10_0000 + 12 * Page, heap.AllocateKeepingReserve(4 * Page, 0));

        foreach (Action call in new Action[]
        {
            () => heap.TryAllocate(0, out _), () => heap.Allocate(0),
            () => heap.TryAllocateKeepingReserve(0, 0, out _), () => heap.AllocateKeepingReserve(0, 0),
        })
        {
            var error = Assert.Throws<InvalidSizeException>(call);
            Assert.Equal(0UL, error.Size);
            Assert.Contains("Size 0 refused: an allocation must ask for at least one byte", error.Message);
        }
        foreach (Action call in new Action[]
        {
            () => heap.TryAllocate(4 * Page + 1, out _), () => heap.Allocate(4 * Page + 1),
            () => heap.TryAllocateKeepingReserve(4 * Page + 1, 0, out _), () => heap.AllocateKeepingReserve(4 * Page + 1, 0),
        })
        {
            var error = Assert.Throws<InvalidSizeException>(call);
            Assert.Equal(4 * Page + 1, error.Size);
            Assert.Contains($"an allocation may ask for at most the maximum block size {4 * Page}", error.Message);
        }
        Assert.Equal(new HeapAccounting(16 * Page, 16 * Page, 0, 0, 4, 0), heap.Accounting);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void FreeBlockCountChecksItsArgument()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0, 8 * Page);
        Assert.Equal(2UL, heap.FreeBlockCount(2));
        Assert.Equal(0UL, heap.FreeBlockCount(0));
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeBlockCount(-1)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeBlockCount(3)).ParamName);
        Assert.Equal(2UL, heap.FreeBlockCount(2));
    }

    [Fact]
    public void TheReserveRefusesARequestOfExactlyAllFreeMemory_AndLeavesALargerOneToTheHeap()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0, 4 * Page);
        Assert.False(heap.TryAllocateKeepingReserve(4 * Page, Page, out ulong address));   // free == held: 0 < 1 page left
        Assert.Equal(0UL, address);
        var refused = Assert.Throws<ReserveExceededException>(() => heap.AllocateKeepingReserve(4 * Page, Page));
        Assert.Equal((4 * Page, 4 * Page, Page), (refused.Size, refused.FreeBytes, refused.ReserveBytes));

        heap.Allocate(2 * Page);
        Assert.False(heap.TryAllocateKeepingReserve(3 * Page, 100 * Page, out _));   // 3 pages > 2 free: the heap's refusal
        var exhausted = Assert.Throws<HeapExhaustedException>(() => heap.AllocateKeepingReserve(3 * Page, 100 * Page));
        Assert.Equal($"Out of memory: no free block can hold {3 * Page} bytes ({2 * Page} bytes free, largest free block {2 * Page} bytes)", exhausted.Message);
        Assert.Equal(new HeapAccounting(4 * Page, 2 * Page, 2 * Page, 2 * Page, 1, 0), heap.Accounting);
    }

    [Fact]
    public void TheReserveCountsWholePages()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0, 10 * Page);
        var pages = new ConcurrentReservedHeap(heap, 8 * Page);
        Assert.False(pages.TryAllocate(2 * Page + 1, out _));   // holds 3 pages: 7 would be left
        Assert.True(pages.TryAllocate(Page + 1, out ulong a));   // holds 2 pages: exactly 8 left
        Assert.Equal((8 * Page, 2 * Page, 10 * Page), (pages.FreeBytes, pages.AllocatedBytes, pages.TotalBytes));
        Assert.Equal((Page, 4 * Page), (pages.PageSize, pages.MaxBlockSize));
        pages.Free(a, Page + 1);
        Assert.Equal(0UL, heap.AllocatedBytes);
    }

    [Fact]
    public void ExhaustionReportsTheFreeBytesAndLargestBlockOfThatMoment()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0, 7 * Page);   // blocks of 4, 2 and 1 pages
        var error = Assert.Throws<HeapExhaustedException>(() => { heap.Allocate(4 * Page); heap.Allocate(4 * Page); });
        Assert.Equal($"Out of memory: no free block can hold {4 * Page} bytes ({3 * Page} bytes free, largest free block {2 * Page} bytes)", error.Message);
        Assert.Equal(4 * Page, error.Size);
        Assert.Equal(new HeapAccounting(7 * Page, 4 * Page, 3 * Page, 2 * Page, 1, 0), heap.Accounting);
    }

    [Fact]
    public void TheReservedWrapperRefusesANullHeap()
    {
        Assert.Equal("heap", Assert.Throws<ArgumentNullException>(() => new ConcurrentReservedHeap(null!, 0)).ParamName);
    }

    [Fact]
    public void OnlyTheHolderIsTheHolder()
    {
        var spinLock = new InterlockedSpinLock();
        Assert.False(spinLock.IsHeld);
        Assert.False(spinLock.IsHeldByCurrentThread);
        spinLock.Enter();
        bool held = false, mine = true;
        var other = new Thread(() => { held = spinLock.IsHeld; mine = spinLock.IsHeldByCurrentThread; });
        other.Start();
        Assert.True(other.Join(10_000));
        Assert.True(held);
        Assert.False(mine);
        var error = Assert.Throws<LockRecursionException>(spinLock.Enter);
        Assert.Equal($"Thread {Environment.CurrentManagedThreadId} tried to enter a spin lock it already holds; the lock is not re-entrant.", error.Message);
        spinLock.Exit();
        Assert.Equal($"Thread {Environment.CurrentManagedThreadId} released a spin lock that no thread holds.",
            Assert.Throws<SynchronizationLockException>(spinLock.Exit).Message);
    }

    [Fact]
    public void ADefaultScopeHoldsNothingAndReleasesNothing()
    {
        var spinLock = new InterlockedSpinLock();
        spinLock.Enter();
        default(InterlockedSpinLock.Scope).Dispose();
        Assert.True(spinLock.IsHeldByCurrentThread);
        spinLock.Exit();
    }

    [Theory]
    [InlineData(SpinLockWaitMode.SpinOnly, 0)]
    [InlineData(SpinLockWaitMode.SpinThenYield, 0)]
    [InlineData(SpinLockWaitMode.SpinThenYield, 1000)]
    public void AWaiterGetsInOnceTheHolderLeaves(SpinLockWaitMode mode, int spinLimit)
    {
        var spinLock = new InterlockedSpinLock(mode, spinLimit);
        spinLock.Enter();
        int inside = 0;
        var waiter = new Thread(() => { spinLock.Enter(); Interlocked.Increment(ref inside); spinLock.Exit(); }) { IsBackground = true };
        waiter.Start();
        Assert.False(waiter.Join(30));
        Assert.Equal(0, Volatile.Read(ref inside));
        spinLock.Exit();
        Assert.True(waiter.Join(10_000));
        Assert.Equal(1, inside);
        Assert.False(spinLock.IsHeld);
    }
}
