using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// The split virtqueue's edges: the layout of every queue size the ring allows, each layout rule with its exact
/// message, the queue constructors' refusals, and the exact errors of both sides (their kind, queue and detail).
/// </summary>
public sealed class VirtqueueEdgeTests
{
    private const ulong MemoryBytes = 1UL << 20;
    private const string SizeRule = "A split virtqueue's size is a power of two from 1 to 32768.";

    public static TheoryData<int> EverySize() => [.. Enumerable.Range(0, 16).Select(k => 1 << k)];

    [Theory]
    [MemberData(nameof(EverySize))]
    public void EveryQueueSize_IsLaidOutAsTheSpecSays(int size)
    {
        const ulong Base = 0x20_0000;
        VirtqueueLayout l = VirtqueueLayout.Contiguous(Base, size);
        ulong q = (ulong)size;
        Assert.Equal((ushort)size, l.Size);
        Assert.Equal(size, l.Entries);
        Assert.Equal(Base, l.DescriptorTable);
        Assert.Equal(Base + 16 * q, l.AvailRing);
        Assert.Equal((Base + 16 * q + 6 + 2 * q + 3) / 4 * 4, l.UsedRing);
        Assert.Equal(l.UsedRing + 6 + 8 * q - Base, VirtqueueLayout.BytesFor(size));
        var memory = new SimulatedGuestMemory(Base + VirtqueueLayout.BytesFor(size) + 4096 - 1 & ~4095UL);
        Assert.Null(l.Validate(memory));
    }

    [Theory]
    [InlineData(1, 38UL)]      // 16 + 8 = 24, aligned 24; + 6 + 8
    [InlineData(2, 66UL)]      // 32 + 10 = 42, aligned 44; + 6 + 16
    [InlineData(4, 118UL)]     // 64 + 14 = 78, aligned 80; + 6 + 32
    [InlineData(32768, 851982UL)]
    public void BytesFor_IsTheExactSum(int size, ulong bytes) => Assert.Equal(bytes, VirtqueueLayout.BytesFor(size));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(32769)]
    [InlineData(65536)]
    [InlineData(int.MinValue)]
    public void ASizeThatIsNotAPowerOfTwoUpTo32768_IsRefused(int size)
    {
        foreach (Action call in new Action[] { () => VirtqueueLayout.BytesFor(size), () => VirtqueueLayout.Contiguous(0x1000, size) })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(call);
            Assert.Equal("size", error.ParamName);
            Assert.Equal(size, error.ActualValue);
            Assert.Equal(new ArgumentOutOfRangeException("size", size, SizeRule).Message, error.Message);
        }
    }

    [Theory]
    [InlineData(0x1001UL)]
    [InlineData(0x1008UL)]
    [InlineData(0x100CUL)]
    public void AContiguousLayout_NeedsASixteenByteAlignedBase(ulong baseAddress)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => VirtqueueLayout.Contiguous(baseAddress, 4));
        Assert.Equal("baseAddress", error.ParamName);
        Assert.Equal(baseAddress, error.ActualValue);
        Assert.Equal(new ArgumentOutOfRangeException("baseAddress", baseAddress, "The descriptor table must be 16-byte aligned.").Message, error.Message);
        Assert.Equal(0x1010UL, VirtqueueLayout.Contiguous(0x1010, 4).DescriptorTable);
    }

    public static TheoryData<VirtqueueLayout, string> BadLayouts() => new()
    {
        { new VirtqueueLayout(0x1000, 0x2000, 0x3000, 0), "queue size 0 is not a power of two from 1 to 32768" },
        { new VirtqueueLayout(0x1000, 0x2000, 0x3000, 3), "queue size 3 is not a power of two from 1 to 32768" },
        { new VirtqueueLayout(0x1000, 0x2000, 0x3000, 32769), "queue size 32769 is not a power of two from 1 to 32768" },
        { new VirtqueueLayout(0x1000, 0x2000, 0x3000, 65535), "queue size 65535 is not a power of two from 1 to 32768" },
        { new VirtqueueLayout(0x1008, 0x2000, 0x3000, 4), "the descriptor table is not 16-byte aligned" },
        { new VirtqueueLayout(0x1001, 0x2000, 0x3000, 4), "the descriptor table is not 16-byte aligned" },
        { new VirtqueueLayout(0x1000, 0x2001, 0x3000, 4), "the available ring is not 2-byte aligned" },
        { new VirtqueueLayout(0x1000, 0x2000, 0x3002, 4), "the used ring is not 4-byte aligned" },
        { new VirtqueueLayout(0x1000, 0x2000, 0x3001, 4), "the used ring is not 4-byte aligned" },
        // Each part just past the end of 1 MiB of memory, and each part at the very end (accepted, below).
        { new VirtqueueLayout(MemoryBytes - 16 * 4 + 16, 0x2000, 0x3000, 4), "the descriptor table lies outside guest memory" },
        { new VirtqueueLayout(0x1000, MemoryBytes - (6 + 2 * 4) + 2, 0x3000, 4), "the available ring lies outside guest memory" },
        { new VirtqueueLayout(0x1000, 0x2000, MemoryBytes - (6 + 8 * 4) + 2, 4), "the used ring lies outside guest memory" },
        { new VirtqueueLayout(ulong.MaxValue - 15, 0x2000, 0x3000, 4), "the descriptor table lies outside guest memory" },
    };

    [Theory]
    [MemberData(nameof(BadLayouts))]
    public void EachLayoutRule_HasItsOwnMessage_AndBothQueueSidesRefuseTheLayout(VirtqueueLayout layout, string problem)
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        Assert.Equal(problem, layout.Validate(memory));
        foreach (Action call in new Action[] { () => new DriverVirtqueue(memory, layout, 0), () => new DeviceVirtqueue(memory, layout, 0) })
        {
            var error = Assert.Throws<ArgumentException>(call);
            Assert.Equal("layout", error.ParamName);
            Assert.Equal(new ArgumentException($"Invalid virtqueue layout: {problem}.", "layout").Message, error.Message);
        }
        Assert.Equal(0UL, memory.PopulatedBytes());   // the driver side wrote nothing before refusing
    }

    [Fact]
    public void APartEndingExactlyAtTheEndOfMemory_IsInside()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        Assert.Null(new VirtqueueLayout(MemoryBytes - 16 * 4, 0x2000, 0x3000, 4).Validate(memory));
        Assert.Null(new VirtqueueLayout(0x1000, MemoryBytes - (6 + 2 * 4), 0x3000, 4).Validate(memory));
        // 6 + 8Q is 2 mod 4, so a 4-aligned used ring ends at best 2 bytes before the end.
        Assert.Null(new VirtqueueLayout(0x1000, 0x2000, MemoryBytes - (6 + 8 * 4) - 2, 4).Validate(memory));
        Assert.Null(new VirtqueueLayout(0x1000, 0x2000, 0x3000, 32768).Validate(new SimulatedGuestMemory(8 * MemoryBytes)));
    }

    [Fact]
    public void NullMemory_IsRefusedEverywhere()
    {
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        Assert.Equal("memory", Assert.Throws<ArgumentNullException>(() => layout.Validate(null!)).ParamName);
        Assert.Equal("memory", Assert.Throws<ArgumentNullException>(() => new DriverVirtqueue(null!, layout, 0)).ParamName);
        Assert.Equal("memory", Assert.Throws<ArgumentNullException>(() => new DeviceVirtqueue(null!, layout, 0)).ParamName);
    }

    [Fact]
    public void TheDriverSide_ClearsTheRingHeaders_AndOffersEveryDescriptor()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 8);
        memory.Write(layout.DescriptorTable, Enumerable.Repeat((byte)0xEE, (int)VirtqueueLayout.BytesFor(8)).ToArray());
        var driver = new DriverVirtqueue(memory, layout, 5);
        Assert.Equal((5, 8, 0, false), (driver.QueueIndex, driver.FreeDescriptors, driver.InFlight, driver.Broken));
        Assert.Equal(layout, driver.Layout);
        Assert.Equal(0, memory.ReadUInt16(layout.AvailRing));
        Assert.Equal(0, memory.ReadUInt16(layout.AvailRing + 2));
        Assert.Equal(0, memory.ReadUInt16(layout.UsedRing));
        Assert.Equal(0, memory.ReadUInt16(layout.UsedRing + 2));
        Assert.Equal(0xEEEE, memory.ReadUInt16(layout.AvailRing + 4));   // ring entries are left as they were
        Assert.Empty(driver.CheckInvariants());
        // The lowest descriptor first: a chain of all eight takes 0..7 in order.
        Assert.True(driver.TryAdd([.. Enumerable.Range(0, 8).Select(i => new BufferSegment(0x8000, 1, false))], out ushort head));
        Assert.Equal(0, head);
        for (int i = 0; i < 7; i++) Assert.Equal(i + 1, memory.ReadUInt16(layout.DescriptorTable + 16UL * (ulong)i + 14));
        Assert.Equal(0, memory.ReadUInt16(layout.DescriptorTable + 16 * 7 + 14));
        Assert.Equal(0, memory.ReadUInt16(layout.DescriptorTable + 16 * 7 + 12));
    }

    [Fact]
    public void TryAdd_RefusesNoSegmentsAndASegmentOutsideMemory_AndChangesNothing()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        var driver = new DriverVirtqueue(memory, VirtqueueLayout.Contiguous(0x1000, 4), 0);
        var empty = Assert.Throws<ArgumentException>(() => driver.TryAdd([], out _));
        Assert.Equal(("segments", new ArgumentException("A chain needs at least one buffer.", "segments").Message), (empty.ParamName, empty.Message));
        BufferSegment[] outside = [new BufferSegment(0x8000, 4, false), new BufferSegment(MemoryBytes - 4, 5, true)];
        var error = Assert.Throws<ArgumentException>(() => driver.TryAdd(outside, out _));
        Assert.Equal(new ArgumentException("Buffer [0xFFFFC, +5) lies outside guest memory.", "segments").Message, error.Message);
        Assert.Equal((4, 0, (ushort)0), (driver.FreeDescriptors, driver.InFlight, memory.ReadUInt16(driver.Layout.AvailRing + 2)));
        Assert.True(driver.TryAdd([new BufferSegment(MemoryBytes - 4, 4, true)], out _));   // the last bytes are inside
    }

    [Fact]
    public void TryAdd_WhenTooFewDescriptorsAreFree_ReturnsFalseAndChangesNothing()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        var driver = new DriverVirtqueue(memory, VirtqueueLayout.Contiguous(0x1000, 4), 0);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out _));
        BufferSegment[] four = [.. Enumerable.Repeat(new BufferSegment(0x8000, 4, false), 4)];
        Assert.False(driver.TryAdd(four, out ushort head));
        Assert.Equal(((ushort)0, 3, 1, (ushort)1), (head, driver.FreeDescriptors, driver.InFlight, memory.ReadUInt16(driver.Layout.AvailRing + 2)));
        Assert.True(driver.TryAdd(four[..3], out _));   // exactly the free ones
        Assert.Equal(0, driver.FreeDescriptors);
        Assert.Empty(driver.CheckInvariants());
    }

    [Fact]
    public void ABrokenDriverQueue_RefusesAllUse()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 3);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, true)], out _));
        memory.WriteUInt16(layout.UsedRing + 2, 2);   // two entries with one chain in flight
        var error = Assert.Throws<VirtqueueException>(() => driver.TryTakeUsed(out _, out _));
        Assert.Equal((VirtqueueError.UsedIndexJump, 3), (error.Error, error.Queue));
        Assert.Equal("Virtqueue 3: UsedIndexJump: used.idx 2 is 2 entries past 0, but only 1 chains are in flight", error.Message);
        Assert.True(driver.Broken);
        Assert.False(driver.TryTakeUsed(out ushort head, out uint written));
        Assert.Equal(((ushort)0, 0u), (head, written));
        var refused = Assert.Throws<InvalidOperationException>(() => driver.TryAdd([new BufferSegment(0x8000, 4, false)], out _));
        Assert.Equal("Virtqueue 3 is broken; reset the device first.", refused.Message);
        Assert.Equal((3, 1), (driver.FreeDescriptors, driver.InFlight));
    }

    [Theory]
    [InlineData(4u, "used id 4 is not a chain in flight")]
    [InlineData(uint.MaxValue, "used id 4294967295 is not a chain in flight")]
    [InlineData(1u, "used id 1 is not a chain in flight")]
    public void AUsedIdThatIsNotAChainInFlight_IsABadUsedEntry(uint id, string detail)
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 1);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, true)], out ushort head));
        Assert.Equal(0, head);
        memory.WriteUInt32(layout.UsedRing + 4, id);
        memory.WriteUInt16(layout.UsedRing + 2, 1);
        var error = Assert.Throws<VirtqueueException>(() => driver.TryTakeUsed(out _, out _));
        Assert.Equal($"Virtqueue 1: BadUsedEntry: {detail}", error.Message);
        Assert.Equal((3, 1), (driver.FreeDescriptors, driver.InFlight));
        Assert.Empty(driver.CheckInvariants());
    }

    [Theory]
    [InlineData(12u, true)]    // every device-writable byte of the chain
    [InlineData(13u, false)]
    public void AUsedLength_MayBeAtMostTheChainsDeviceWritableBytes(uint length, bool accepted)
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 2);
        var device = new DeviceVirtqueue(memory, layout, 2);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 100, false), new BufferSegment(0x9000, 5, true), new BufferSegment(0xA000, 7, true)], out ushort head));
        Assert.True(device.TryPop(out DescriptorChain? chain));
        device.PushUsed(chain!, length);
        if (accepted)
        {
            Assert.True(driver.TryTakeUsed(out ushort back, out uint written));
            Assert.Equal((head, length), (back, written));
            Assert.Equal((4, 0), (driver.FreeDescriptors, driver.InFlight));
            return;
        }
        var error = Assert.Throws<VirtqueueException>(() => driver.TryTakeUsed(out _, out _));
        Assert.Equal($"Virtqueue 2: UsedLengthImplausible: used entry for chain {head} says 13 bytes written, but the chain has 12 device-writable bytes", error.Message);
        Assert.Equal((1, 1), (driver.FreeDescriptors, driver.InFlight));
    }

    [Fact]
    public void TheDeviceSide_ReturnsOnlyChainsItHolds()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 0);
        var device = new DeviceVirtqueue(memory, layout, 0);
        Assert.Equal((layout, 0, 0, false, false), (device.Layout, device.QueueIndex, device.Held, device.Broken, device.HasAvailable));
        Assert.Equal("chain", Assert.Throws<ArgumentNullException>(() => device.PushUsed(null!, 0)).ParamName);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false), new BufferSegment(0x9000, 4, false)], out _));
        Assert.True(device.HasAvailable);
        Assert.True(device.TryPop(out DescriptorChain? chain));
        Assert.Equal((1, false), (device.Held, device.HasAvailable));
        Assert.Equal(new ushort[] { 0, 1 }, chain!.Descriptors);
        device.PushUsed(chain, 0);
        Assert.Equal(0, device.Held);
        var error = Assert.Throws<InvalidOperationException>(() => device.PushUsed(chain, 0));
        Assert.Equal("Descriptor 0 is not a chain the device holds.", error.Message);
        Assert.Equal(1, memory.ReadUInt16(layout.UsedRing + 2));
        Assert.True(driver.TryTakeUsed(out _, out _));
        Assert.Empty(driver.CheckInvariants());
    }

    [Fact]
    public void ABrokenDeviceQueue_TakesNothingMore()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var device = new DeviceVirtqueue(memory, layout, 7);
        memory.WriteUInt16(layout.AvailRing + 4, 9);   // head 9 of a queue of 4
        memory.WriteUInt16(layout.AvailRing + 2, 1);
        var error = Assert.Throws<VirtqueueException>(() => device.TryPop(out _));
        Assert.Equal("Virtqueue 7: DescriptorIndexOutOfRange: available entry 0 names descriptor 9 ≥ 4", error.Message);
        Assert.Equal((VirtqueueError.DescriptorIndexOutOfRange, 7), (error.Error, error.Queue));
        Assert.True(device.Broken);
        memory.WriteUInt16(layout.AvailRing + 4, 0);
        Assert.False(device.HasAvailable);
        Assert.False(device.TryPop(out DescriptorChain? chain));
        Assert.Null(chain);
        Assert.Equal(0, device.Held);
    }

    [Fact]
    public void AChainOfEveryDescriptor_IsNotALoop()
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 8);
        var driver = new DriverVirtqueue(memory, layout, 0);
        var device = new DeviceVirtqueue(memory, layout, 0);
        BufferSegment[] eight = [.. Enumerable.Range(0, 8).Select(i => new BufferSegment(0x8000 + (ulong)i * 16, (uint)i, i % 2 == 1))];
        Assert.True(driver.TryAdd(eight, out _));
        Assert.True(device.TryPop(out DescriptorChain? chain));
        Assert.Equal(eight, chain!.Segments);
        Assert.Equal(8, chain.Descriptors.Length);
        // After a chain is taken its descriptors are held; after it is returned, a chain may use them again.
        device.PushUsed(chain, 1 + 3 + 5 + 7);
        Assert.True(driver.TryTakeUsed(out _, out uint written));
        Assert.Equal(16u, written);
        Assert.True(driver.TryAdd(eight[..1], out _));
        Assert.True(device.TryPop(out _));
    }

    /// <summary>The first index past the queue is out of range (Q itself, not only indices well beyond it), as a head
    /// and as a next link: the device refuses it with the named error rather than reading past its own tables.</summary>
    [Theory]
    [InlineData(true, "Virtqueue 3: DescriptorIndexOutOfRange: available entry 0 names descriptor 4 ≥ 4")]
    [InlineData(false, "Virtqueue 3: DescriptorIndexOutOfRange: descriptor 0 chains to 4 ≥ 4")]
    public void TheIndexEqualToTheQueueSize_IsOutOfRange(bool asHead, string message)
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        VirtqueueLayout layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var device = new DeviceVirtqueue(memory, layout, 3);
        if (asHead) memory.WriteUInt16(layout.AvailRing + 4, 4);
        else
        {
            // Descriptor 0: a readable buffer that chains on to descriptor 4.
            memory.WriteUInt64(layout.Descriptor(0), 0x8000);
            memory.WriteUInt32(layout.Descriptor(0) + 8, 16);
            memory.WriteUInt16(layout.Descriptor(0) + 12, VirtqueueLayout.FlagNext);
            memory.WriteUInt16(layout.Descriptor(0) + 14, 4);
            memory.WriteUInt16(layout.AvailRing + 4, 0);
        }
        memory.WriteUInt16(layout.AvailRing + 2, 1);
        var error = Assert.Throws<VirtqueueException>(() => device.TryPop(out _));
        Assert.Equal(message, error.Message);
        Assert.Equal(VirtqueueError.DescriptorIndexOutOfRange, error.Error);
        Assert.True(device.Broken);
        Assert.Equal(0, device.Held);
    }

    /// <summary>Ring entry addresses for every ring index over two wraps of the 16-bit index, for small and large
    /// queues: entry idx mod Q, 2 bytes apart in the available ring and 8 in the used ring, after the 4-byte header.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(256)]
    [InlineData(32768)]
    public void RingEntries_AreAtIndexModuloTheQueueSize(int size)
    {
        VirtqueueLayout l = VirtqueueLayout.Contiguous(0x20_0000, size);
        for (int i = 0; i < 2 * 65536; i += i < 4096 ? 1 : 61)
        {
            ushort idx = (ushort)i;
            ulong slot = (ulong)(idx % size);
            Assert.Equal(l.AvailRing + 4 + 2 * slot, l.AvailEntry(idx));
            Assert.Equal(l.UsedRing + 4 + 8 * slot, l.UsedEntry(idx));
        }
    }
}
