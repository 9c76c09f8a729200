using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>The locked heap's contract on one thread: the same answers as <see cref="BuddyHeap"/>, typed errors with
/// nothing changed (and the lock released), the reserve, and the accounting snapshot.</summary>
public sealed class ConcurrentBuddyHeapTests
{
    private const ulong Page = 4096;

    [Fact]
    public void GivesTheSameAnswersAsTheHeapItWraps()
    {
        var plain = new BuddyHeap(Page, 8 * Page);
        var locked = new ConcurrentBuddyHeap(Page, 8 * Page);
        plain.AddRange(0x40_0000, 24 * Page); plain.AddRange(0x10_0000, 5 * Page);
        locked.AddRange(0x40_0000, 24 * Page); locked.AddRange(0x10_0000, 5 * Page);
        var sizes = new ulong[] { Page, 3 * Page, 8 * Page, 5 * Page, 1, 2 * Page + 1, 2 * Page };
        var got = new List<ulong>();
        foreach (ulong size in sizes)
        {
            ulong a = plain.Allocate(size);
            Assert.Equal(a, locked.Allocate(size));
            got.Add(a);
        }
        // Partial frees and whole frees, in a scrambled order.
        (ulong Address, ulong Size)[] frees =
            [(got[2] + 2 * Page, 3 * Page), (got[0], Page), (got[2], 2 * Page), (got[4], 1), (got[1], 3 * Page), (got[2] + 5 * Page, 3 * Page)];
        foreach ((ulong address, ulong size) in frees)
        {
            Assert.Equal(plain.TryFree(address, size), locked.TryFree(address, size));
        }
        for (int order = 0; order <= plain.MaxOrder; order++)
            Assert.Equal(plain.FreeListAddresses(order), locked.FreeListAddresses(order));
        HeapAccounting accounting = locked.Accounting;
        Assert.Equal((plain.TotalBytes, plain.AllocatedBytes, plain.FreeBytes, plain.LargestFreeBlockBytes),
            (accounting.TotalBytes, accounting.AllocatedBytes, accounting.FreeBytes, accounting.LargestFreeBlockBytes));
        Assert.Equal((ulong)sizes.Length, accounting.Allocations);
        Assert.Equal((ulong)frees.Length, accounting.Frees);
        Assert.Empty(locked.CheckInvariants());
    }

    [Fact]
    public void BadInput_ThrowsTyped_ChangesNothing_AndReleasesTheLock()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0x10_0000, 8 * Page);
        ulong held = heap.Allocate(2 * Page);
        HeapAccounting before = heap.Accounting;

        Assert.Equal(0UL, Assert.Throws<InvalidSizeException>(() => heap.Allocate(0)).Size);
        Assert.Throws<InvalidSizeException>(() => heap.TryAllocate(4 * Page + 1, out _));
        Assert.Throws<InvalidSizeException>(() => heap.Free(held, 0));
        Assert.Equal(FreeError.NotAllocated, Assert.Throws<InvalidFreeException>(() => heap.Free(held + 2 * Page, Page)).Reason);
        Assert.Equal(FreeError.Misaligned, heap.TryFree(held + 1, Page).Error);
        Assert.Equal(FreeError.ForeignAddress, heap.TryFree(0x90_0000, Page).Error);
        Assert.Equal(RangeError.Overlaps, Assert.Throws<InvalidRangeException>(() => heap.AddRange(0x10_0000 + 4 * Page, 8 * Page)).Reason);
        Assert.Equal(RangeError.Misaligned, Assert.Throws<InvalidRangeException>(() => heap.AddRange(0x20_0001, Page)).Reason);
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeBlockCount(3));

        Assert.Equal(before, heap.Accounting);
        Assert.Empty(heap.CheckInvariants());
        heap.Free(held, 2 * Page);   // the lock was released by every failed call, or this would never return
        Assert.Equal(0UL, heap.AllocatedBytes);
    }

    [Fact]
    public void WhenNothingFits_TryAllocateSaysNo_AndAllocateThrowsHeapExhausted()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0x10_0000, 6 * Page);
        heap.Allocate(4 * Page);
        HeapAccounting before = heap.Accounting;
        Assert.False(heap.TryAllocate(3 * Page, out ulong address));
        Assert.Equal(0UL, address);
        HeapExhaustedException error = Assert.Throws<HeapExhaustedException>(() => heap.Allocate(4 * Page));
        Assert.Contains("8192 bytes free", error.Message);
        Assert.Equal(before, heap.Accounting);
        Assert.Equal(0x10_0000 + 4 * Page, heap.Allocate(2 * Page));
    }

    [Fact]
    public void ReserveKeepingAllocation_RefusesWhatWouldTouchTheReserve()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page);
        heap.AddRange(0x10_0000, 16 * Page);
        var pages = new ConcurrentReservedHeap(heap, 8 * Page);
        Assert.Equal(8 * Page, pages.ReserveBytes);

        Assert.True(pages.TryAllocate(4 * Page, out _));
        Assert.True(heap.TryAllocateKeepingReserve(3 * Page, 8 * Page, out _));   // holds 3 pages: 9 left
        Assert.False(pages.TryAllocate(2 * Page, out _));                          // would leave 7
        ReserveExceededException error = Assert.Throws<ReserveExceededException>(() => pages.Allocate(Page + 1));
        Assert.Equal((9 * Page, 8 * Page, Page + 1), (error.FreeBytes, error.ReserveBytes, error.Size));
        Assert.Equal(9 * Page, pages.FreeBytes);
        ulong last = pages.Allocate(Page);                                          // leaves exactly 8
        Assert.Equal(8 * Page, heap.FreeBytes);
        Assert.Throws<ReserveExceededException>(() => heap.AllocateKeepingReserve(1, 8 * Page));
        Assert.True(heap.TryAllocate(Page, out _));                                 // the heap itself keeps no reserve
        pages.Free(last, Page);
        Assert.Equal(8 * Page, heap.FreeBytes);
        Assert.Throws<InvalidSizeException>(() => pages.TryAllocate(0, out _));
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void Accounting_CountsSuccessfulOperationsOnly_AndAddsUp()
    {
        var heap = new ConcurrentBuddyHeap(Page, 4 * Page, SpinLockWaitMode.SpinOnly);
        Assert.Equal(SpinLockWaitMode.SpinOnly, heap.WaitMode);
        Assert.Equal(new HeapAccounting(0, 0, 0, 0, 0, 0), heap.Accounting);
        heap.AddRange(0x10_0000, 8 * Page);
        ulong a = heap.Allocate(3 * Page);
        heap.TryAllocate(4 * Page, out _);
        Assert.False(heap.TryAllocate(4 * Page, out _));
        heap.Free(a, Page);
        Assert.False(heap.TryFree(a, Page).Succeeded);
        HeapAccounting s = heap.Accounting;
        Assert.Equal(new HeapAccounting(8 * Page, 6 * Page, 2 * Page, Page, 2, 1), s);
        Assert.Equal(s.TotalBytes, s.AllocatedBytes + s.FreeBytes);
        Assert.Equal((s.TotalBytes, s.AllocatedBytes, s.FreeBytes), (heap.TotalBytes, heap.AllocatedBytes, heap.FreeBytes));
        Assert.Equal(2UL, heap.FreeBlockCount(0));   // pages 0 and 3 of the first block
    }
}
