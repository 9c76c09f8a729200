using Verified.Balloon;
using Verified.PropertyTests.BalloonHostile;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// The order in which each side makes its writes visible, seen at the scheduling points the Coyote tests interleave
/// at (<c>Interleave</c>): what the other side would read there. The driver writes a ring entry before the avail.idx
/// that publishes it, the device a used entry before used.idx, and the device counts a request as acknowledged only
/// just before its used entry is published. The seeded protocol bug shows the opposite order, so these checks can fail.
/// </summary>
public sealed class PublicationOrderTests
{
    private const ulong MemoryBytes = 1UL << 20;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheDriver_WritesTheRingEntryBeforeTheIndexThatPublishesIt(bool seededIndexFirst)
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        memory.WriteUInt16(layout.AvailRing + 4, 0xBEEF);   // a stale entry in slot 0
        var driver = new DriverVirtqueue(memory, layout, 0) { SeedPublishIndexBeforeEntry = seededIndexFirst };
        var seen = new List<(ushort Index, ushort Entry)>();
        driver.Interleave = () => seen.Add((memory.ReadUInt16(layout.AvailRing + 2), memory.ReadUInt16(layout.AvailRing + 4)));
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out ushort head));
        Assert.Equal(0, head);
        (ushort, ushort)[] expected = seededIndexFirst
            ? [(0, 0xBEEF), (1, 0xBEEF), (1, 0)]   // the device could read the stale entry at the second point
            : [(0, 0xBEEF), (0, 0), (1, 0)];
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void TheDriver_OffersOneSchedulingPointAfterReadingUsedIdx_AndNoneWhenBroken()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 0);
        int points = 0;
        driver.Interleave = () => points++;
        Assert.False(driver.TryTakeUsed(out _, out _));
        Assert.Equal(1, points);
        memory.WriteUInt16(layout.UsedRing + 2, 9);
        Assert.Throws<VirtqueueException>(() => driver.TryTakeUsed(out _, out _));
        Assert.Equal(2, points);
        Assert.False(driver.TryTakeUsed(out _, out _));
        Assert.Equal(2, points);
    }

    [Fact]
    public void TheDevice_WritesTheUsedEntryBeforeTheIndexThatPublishesIt()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 0);
        var device = new DeviceVirtqueue(memory, layout, 0);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out _));
        Assert.True(driver.TryAdd([new BufferSegment(0x9000, 8, true)], out ushort second));
        var seen = new List<(ushort Index, uint Id, uint Length)>();
        device.Interleave = () => seen.Add((memory.ReadUInt16(layout.UsedRing + 2), memory.ReadUInt32(layout.UsedRing + 4), memory.ReadUInt32(layout.UsedRing + 8)));
        Assert.True(device.TryPop(out DescriptorChain? first));
        Assert.True(device.TryPop(out DescriptorChain? next));
        Assert.Equal(second, next!.Head);
        device.PushUsed(next, 6);
        Assert.Equal([(0, 0u, 0u), (0, 0u, 0u), (0, (uint)second, 6u), (1, (uint)second, 6u)], seen);
        Assert.False(device.TryPop(out _));
        Assert.Equal(5, seen.Count);   // one point after each read of avail.idx, even when nothing is new
        Assert.Equal((1, (ushort)0), (device.Held, first!.Head));
    }

    [Fact]
    public void TheDevice_CountsARequestAcknowledged_OnlyJustBeforePublishingIt()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8UL << 20), BalloonFeatures.MustTellHost | BalloonFeatures.DeflateOnOom);
        var seen = new List<(int Balloon, int Acknowledged, ushort UsedIdx)>();
        g.Device.Interleave = () => seen.Add((g.Device.BalloonPages, g.Device.AcknowledgedPages, g.UsedIdx(0)));
        g.Request(0, 0, 0, 900, 901, 902);
        Assert.True(g.Device.ServiceQueue(0));
        // Reading avail.idx; between the two counters; after the used entry; after used.idx; reading avail.idx again.
        Assert.Equal([(0, 0, (ushort)0), (3, 0, (ushort)0), (3, 3, (ushort)0), (3, 3, (ushort)1), (3, 3, (ushort)1)], seen);
    }

    [Fact]
    public void AQueueAttachedAfterTheHookWasSet_GetsItToo()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8UL << 20), BalloonFeatures.MustTellHost, attach: false);
        int points = 0;
        g.Device.Interleave = () => points++;
        g.Handshake(BalloonFeatures.MustTellHost);
        g.Request(0, 0, 0, 903);
        Assert.True(g.Device.ServiceQueue(0));
        Assert.Equal(5, points);
        Assert.Equal(1, g.Device.BalloonPages);
    }
}
