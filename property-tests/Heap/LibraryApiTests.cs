using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>The heap's public surface as a .NET user meets it: argument errors are argument exceptions with the
/// parameter named, every heap error is caught by one interface, TryFree is on every allocator, and messages never
/// call an address a page.</summary>
public sealed class LibraryApiTests
{
    private static BuddyHeap Heap()
    {
        var heap = new BuddyHeap(4096, 2 << 20);
        heap.AddRange(0x1_0000_0000, 1UL << 30);
        return heap;
    }

    [Fact]
    public void ASizeErrorIsAnArgumentOutOfRangeExceptionNamingTheParameter()
    {
        BuddyHeap heap = Heap();
        var error = Assert.Throws<InvalidSizeException>(() => heap.Allocate(0));
        Assert.IsAssignableFrom<ArgumentOutOfRangeException>(error);
        Assert.Equal("size", error.ParamName);
        Assert.Equal(0UL, error.ActualValue);
        Assert.Equal("Size 0 refused: an allocation must ask for at least one byte", error.Message);
        try { heap.Allocate(0); Assert.Fail("no exception"); }
        catch (ArgumentException caught) { Assert.Same(typeof(InvalidSizeException), caught.GetType()); }
    }

    [Fact]
    public void RangeAndFreeErrorsAreArgumentExceptionsNamingTheParameter()
    {
        BuddyHeap heap = Heap();
        var range = Assert.Throws<InvalidRangeException>(() => heap.AddRange(0x1000, 0));
        Assert.Equal("length", range.ParamName);
        var overlap = Assert.Throws<InvalidRangeException>(() => heap.AddRange(0x1_0000_0000, 4096));
        Assert.Equal("start", overlap.ParamName);
        var free = Assert.Throws<InvalidFreeException>(() => heap.Free(0x1_0000_0000, 4096));
        Assert.IsAssignableFrom<ArgumentException>(free);
        Assert.Equal("address", free.ParamName);
    }

    [Fact]
    public void EveryHeapErrorIsCaughtByIHeapError()
    {
        BuddyHeap heap = Heap();
        var small = new BuddyHeap(4096, 8192);
        small.AddRange(0, 8192);
        small.Allocate(8192);
        var reserved = new ReservedHeap(Heap(), 1UL << 30);
        Action[] failures =
        [
            () => heap.Allocate(0),
            () => heap.AddRange(1, 4096),
            () => heap.Free(0x1_0000_0000, 4096),
            () => small.Allocate(4096),
            () => reserved.Allocate(4096),
        ];
        foreach (Action failure in failures)
        {
            try { failure(); Assert.Fail("no exception"); }
            catch (Exception e) when (e is IHeapError error) { Assert.Equal(e.Message, error.Message); }
        }
    }

    [Fact]
    public void AFreeMessageNamesTheAddressAsAnAddressAndThePageAsAPage()
    {
        BuddyHeap heap = Heap();
        ulong a = heap.Allocate(12_288);
        heap.Free(a + 4096, 4096);
        var error = Assert.Throws<InvalidFreeException>(() => heap.Free(a + 4096, 4096));
        Assert.Equal("Free of [0x100001000, +4096) refused (NotAllocated) at address 0x100001000 (page 1048577): "
            + "the page is already free (double free, or a partly free span)", error.Message);
        Assert.Equal("FreeResult { Error = NotAllocated, OffendingPage = 1048577, Succeeded = False }", heap.TryFree(a + 4096, 4096).ToString());
    }

    [Fact]
    public void TryFreeIsOnEveryAllocatorAndTheReserveWrappers()
    {
        var concurrent = new ConcurrentBuddyHeap(4096, 2 << 20);
        concurrent.AddRange(0, 4UL << 20);
        IPageAllocator[] allocators =
        [
            Heap(), concurrent, new ReservedHeap(Heap(), 4096), new ConcurrentReservedHeap(concurrent, 4096),
        ];
        foreach (IPageAllocator allocator in allocators)
        {
            ulong a = allocator.Allocate(8192);
            Assert.True(allocator.TryFree(a, 4096).Succeeded);
            FreeResult twice = allocator.TryFree(a, 4096);
            Assert.Equal(FreeError.NotAllocated, twice.Error);
            Assert.Equal(a / 4096, twice.OffendingPage);
            Assert.Equal(FreeError.InvalidSize, allocator.TryFree(a, 0).Error);
            Assert.True(allocator.TryFree(a + 4096, 4096).Succeeded);
            Assert.Equal(0UL, allocator.AllocatedBytes);
        }
    }
}
