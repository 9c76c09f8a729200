using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>The README's heap example does what the README says.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExampleBehavesAsDocumented()
    {
        var heap = new BuddyHeap(pageSize: 4096, maxBlockSize: 2 << 20);
        heap.AddRange(start: 0x1_0000_0000, length: 1UL << 30);
        ulong a = heap.Allocate(12_288);
        Assert.Equal(0x1_0000_0000UL, a);
        Assert.Equal(3 * 4096UL, heap.AllocatedBytes);
        heap.Free(a + 4096, 4096);
        Assert.Equal(new FreeResult(FreeError.NotAllocated, 0x100001), heap.TryFree(a + 4096, 4096));
        Assert.Empty(heap.CheckInvariants());
        var error = Assert.Throws<InvalidFreeException>(() => heap.Free(a + 4096, 4096));
        Assert.Equal(FreeError.NotAllocated, error.Reason);
        Assert.Equal(0x100001UL, error.OffendingPage);
    }
}
