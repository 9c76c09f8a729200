using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// The driver queue's invariant checker is shown to detect: each test corrupts the queue's private bookkeeping through
/// its internal test hooks and asserts exactly the invariant <see cref="DriverVirtqueue.CheckInvariants"/> names.
/// </summary>
public sealed class VirtqueueCheckerTests
{
    private const int Entries = 8;

    /// <summary>A queue of 8 descriptors with one chain of two descriptors in flight (the device has not seen it).</summary>
    private static (DriverVirtqueue Queue, ushort Head) WithAChainInFlight()
    {
        var memory = new SimulatedGuestMemory(1UL << 20);
        var queue = new DriverVirtqueue(memory, VirtqueueLayout.Contiguous(0x1000, Entries), 0);
        Assert.True(queue.TryAdd([new BufferSegment(0x8000, 4, false), new BufferSegment(0x9000, 8, true)], out ushort head));
        Assert.Equal(Entries - 2, queue.FreeDescriptors);
        Assert.Empty(queue.CheckInvariants());
        return (queue, head);
    }

    [Fact]
    public void ALostDescriptorBreaksConservationOnly()
    {
        (DriverVirtqueue queue, _) = WithAChainInFlight();
        queue.PopFreeForTest();
        Assert.Equal(["DescriptorsConserved"], queue.CheckInvariants());
    }

    [Fact]
    public void AnExtraFreeDescriptorBreaksConservationOnly()
    {
        var memory = new SimulatedGuestMemory(1UL << 20);
        var queue = new DriverVirtqueue(memory, VirtqueueLayout.Contiguous(0x1000, Entries), 0);
        Assert.True(queue.TryAdd([new BufferSegment(0x8000, 4, false)], out ushort head));
        Assert.Equal(0, head);        // descriptors 1..7 are free
        queue.PushFreeForTest(2);
        // 8 free entries (one of them twice) + 1 in flight: not distinct, and 9 != 8.
        Assert.Equal(["FreeDescriptorsDistinct", "DescriptorsConserved"], queue.CheckInvariants());
    }

    [Fact]
    public void AFreeDescriptorListedTwiceBreaksDistinctnessOnly()
    {
        (DriverVirtqueue queue, _) = WithAChainInFlight();
        ushort top = queue.PopFreeForTest(), second = queue.PopFreeForTest();
        queue.PushFreeForTest(second);
        queue.PushFreeForTest(second);   // top is lost, second is there twice: the count still adds up
        Assert.NotEqual(top, second);
        Assert.Equal(["FreeDescriptorsDistinct"], queue.CheckInvariants());
    }

    [Theory]
    [InlineData(Entries)]        // the first index past the table
    [InlineData(ushort.MaxValue)]
    public void AFreeDescriptorOutsideTheTableBreaksDistinctnessOnly(int descriptor)
    {
        (DriverVirtqueue queue, _) = WithAChainInFlight();
        queue.PopFreeForTest();
        queue.PushFreeForTest((ushort)descriptor);
        Assert.Equal(["FreeDescriptorsDistinct"], queue.CheckInvariants());
    }

    [Fact]
    public void ADescriptorBothFreeAndInFlightBreaksDisjointnessOnly()
    {
        (DriverVirtqueue queue, ushort head) = WithAChainInFlight();
        queue.PopFreeForTest();
        queue.PushFreeForTest(head);   // the chain's head, still in flight, is also free
        Assert.Equal(["FreeAndInFlightDisjoint"], queue.CheckInvariants());
    }

    [Fact]
    public void TheSecondDescriptorOfAChainInFlightCountsToo()
    {
        (DriverVirtqueue queue, ushort head) = WithAChainInFlight();
        // Every descriptor not free now belongs to the chain: find its second one, the one that is neither free nor the head.
        var free = new HashSet<ushort>();
        while (queue.FreeDescriptors > 0) free.Add(queue.PopFreeForTest());
        ushort tail = Enumerable.Range(0, Entries).Select(i => (ushort)i).Single(d => d != head && !free.Contains(d));
        foreach (ushort d in free.Where(d => d != free.First())) queue.PushFreeForTest(d);
        queue.PushFreeForTest(tail);
        Assert.Equal(["FreeAndInFlightDisjoint"], queue.CheckInvariants());
    }
}
