using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>The reserve wrapper ("pages" heap) refuses exactly the allocations that would eat into its reserve.</summary>
public sealed class ReservedHeapTests
{
    private const ulong P = 4096;

    [Fact]
    public void AllocationsStopAtTheReserveAndNotBefore()
    {
        var heap = new BuddyHeap(P, 64 * P);
        heap.AddRange(0, 64 * P);
        var pages = new ReservedHeap(heap, 10 * P);
        int taken = 0;
        while (pages.TryAllocate(P, out _)) taken++;
        Assert.Equal(54, taken);
        Assert.Equal(10 * P, heap.FreeBytes);

        string before = string.Join(",", heap.FreeListAddresses(0));
        var error = Assert.Throws<ReserveExceededException>(() => pages.Allocate(1));
        Assert.Equal(10 * P, error.ReserveBytes);
        Assert.Equal(10 * P, error.FreeBytes);
        Assert.Equal(before, string.Join(",", heap.FreeListAddresses(0)));
        Assert.Empty(heap.CheckInvariants());

        heap.Allocate(P);   // the heap beneath may still use its reserve
        Assert.Equal(9 * P, heap.FreeBytes);
    }

    [Fact]
    public void ReserveCountsWholePagesOfTheRequest()
    {
        var heap = new BuddyHeap(P, 64 * P);
        heap.AddRange(0, 16 * P);
        var pages = new ReservedHeap(heap, 4 * P);
        Assert.False(pages.TryAllocate(12 * P + 1, out _));   // 13 pages would leave 3
        Assert.True(pages.TryAllocate(12 * P, out ulong address));
        Assert.Equal(4 * P, pages.FreeBytes);
        pages.Free(address, 12 * P);
        Assert.Equal(16 * P, pages.FreeBytes);
    }

    [Fact]
    public void BadSizesAreRefusedBeforeTheReserveCheck()
    {
        var heap = new BuddyHeap(P, 64 * P);
        heap.AddRange(0, 16 * P);
        var pages = new ReservedHeap(heap, 0);
        Assert.Throws<InvalidSizeException>(() => pages.Allocate(0));
        Assert.Throws<InvalidSizeException>(() => pages.TryAllocate(65 * P, out _));
        Assert.Throws<HeapExhaustedException>(() => { pages.Allocate(16 * P); pages.Allocate(P); });
    }
}
