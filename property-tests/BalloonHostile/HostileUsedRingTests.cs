using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.BalloonHostile;

/// <summary>Which fault a buggy or hostile device puts into a used ring.</summary>
public enum UsedRingFault
{
    /// <summary>The entry's id is beyond the queue size.</summary>
    IdOutOfRange,
    /// <summary>The entry's id is a free descriptor, not a chain in flight.</summary>
    IdNotInFlight,
    /// <summary>used.idx moves 5 entries with one chain in flight.</summary>
    IndexJumpsBy5,
    /// <summary>used.idx goes back by one.</summary>
    IndexGoesBackwards,
    /// <summary>The last acknowledgement is published a second time when nothing is in flight.</summary>
    DoubleAcknowledgement,
    /// <summary>The stats buffer is returned twice.</summary>
    StatsReturnedTwice,
    /// <summary>len says the device wrote bytes into a chain that has no device-writable buffer.</summary>
    LengthImplausible,
    /// <summary>used.idx jumps across the 2^16 wrap.</summary>
    IndexJumpsAcrossTheWrap,
    /// <summary>The fault hits the deflate queue while pages are being deflated (MUST_TELL_HOST).</summary>
    DeflateIdOutOfRange,
    /// <summary>As <see cref="DeflateIdOutOfRange"/>, without MUST_TELL_HOST (the deflated pages went back early).</summary>
    DeflateIdOutOfRangeNoTell,
    /// <summary>The device finds the queue malformed (the test breaks a descriptor in flight) and sets DEVICE_NEEDS_RESET.</summary>
    DeviceNeedsReset,
}

/// <summary>
/// A buggy or hostile device against the driver: each fault of the issue is written into the used ring at a chosen
/// moment. The driver never throws, never believes the entry, resets the device, negotiates again, resubmits, and
/// completes the inflation — with every page conserved at each step and both sides agreeing at the end.
/// </summary>
public sealed class HostileUsedRingTests
{
    private const BalloonFeatures Default = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom;

    [Theory]
    [InlineData(UsedRingFault.IdOutOfRange)]
    [InlineData(UsedRingFault.IdNotInFlight)]
    [InlineData(UsedRingFault.IndexJumpsBy5)]
    [InlineData(UsedRingFault.IndexGoesBackwards)]
    [InlineData(UsedRingFault.DoubleAcknowledgement)]
    [InlineData(UsedRingFault.StatsReturnedTwice)]
    [InlineData(UsedRingFault.LengthImplausible)]
    [InlineData(UsedRingFault.IndexJumpsAcrossTheWrap)]
    [InlineData(UsedRingFault.DeflateIdOutOfRange)]
    [InlineData(UsedRingFault.DeflateIdOutOfRangeNoTell)]
    [InlineData(UsedRingFault.DeviceNeedsReset)]
    public void TheDriverRecoversByReset_AndCompletesTheInflation(UsedRingFault fault)
    {
        bool deflate = fault is UsedRingFault.DeflateIdOutOfRange or UsedRingFault.DeflateIdOutOfRangeNoTell;
        BalloonFeatures features = fault == UsedRingFault.DeflateIdOutOfRangeNoTell ? Default & ~BalloonFeatures.MustTellHost : Default;
        var rig = new GuestRig(features: features, initialIndex: fault == UsedRingFault.IndexJumpsAcrossTheWrap ? (ushort)65535 : (ushort)0);
        rig.Use(10);
        uint final = 32;
        if (deflate)
        {
            rig.Device.SetTarget(24);
            rig.Run();
            rig.Device.SetTarget(final = 12);
        }
        else rig.Device.SetTarget(fault == UsedRingFault.DoubleAcknowledgement ? 8u : final);
        int queue = deflate ? 1 : fault == UsedRingFault.StatsReturnedTwice ? 2 : 0;
        VirtqueueLayout l = rig.Driver.Queues[queue].Layout;
        Assert.True(rig.Driver.Step());              // the request goes out (or, for stats, nothing new)
        string expected;
        switch (fault)
        {
            case UsedRingFault.DeviceNeedsReset:
            {
                ulong head = rig.Memory.ReadUInt16(l.AvailRing + 4);
                rig.Memory.WriteUInt16(l.DescriptorTable + 16 * head + 12, VirtqueueLayout.FlagIndirect);
                rig.Device.Service();
                Assert.True(rig.Device.Status.HasFlag(DeviceStatus.DeviceNeedsReset));
                expected = "DEVICE_NEEDS_RESET";
                break;
            }
            case UsedRingFault.StatsReturnedTwice:
            {
                rig.Device.Service();                 // the device takes the stats buffer
                Assert.True(rig.Device.RequestStats());
                ushort idx = rig.Memory.ReadUInt16(l.UsedIdx);
                ulong last = l.UsedRing + 4 + 8UL * (ulong)((idx - 1) % l.Size);
                ulong again = l.UsedRing + 4 + 8UL * (ulong)(idx % l.Size);
                rig.Memory.WriteUInt64(again, rig.Memory.ReadUInt64(last));
                rig.Memory.WriteUInt16(l.UsedIdx, (ushort)(idx + 1));
                expected = nameof(VirtqueueError.UsedIndexJump);
                break;
            }
            case UsedRingFault.DoubleAcknowledgement:
            {
                rig.Device.Service();
                Assert.True(rig.Driver.Step());       // takes the acknowledgement; the target is reached
                Assert.False(rig.Driver.RequestInFlight);
                ushort idx = rig.Memory.ReadUInt16(l.UsedIdx);
                rig.Memory.WriteUInt64(l.UsedRing + 4 + 8UL * (ulong)(idx % l.Size), rig.Memory.ReadUInt64(l.UsedRing + 4 + 8UL * (ulong)((idx - 1) % l.Size)));
                rig.Memory.WriteUInt16(l.UsedIdx, (ushort)(idx + 1));
                expected = nameof(VirtqueueError.UsedIndexJump);
                break;
            }
            default:
            {
                rig.Device.Service();
                ushort idx = rig.Memory.ReadUInt16(l.UsedIdx);
                ulong entry = l.UsedRing + 4 + 8UL * (ulong)((ushort)(idx - 1) % l.Size);
                uint id = rig.Memory.ReadUInt32(entry);
                (string, Action) pick = fault switch
                {
                    UsedRingFault.IdOutOfRange or UsedRingFault.DeflateIdOutOfRange or UsedRingFault.DeflateIdOutOfRangeNoTell =>
                        (nameof(VirtqueueError.BadUsedEntry), new Action(() => rig.Memory.WriteUInt32(entry, 99))),
                    UsedRingFault.IdNotInFlight => (nameof(VirtqueueError.BadUsedEntry), new Action(() => rig.Memory.WriteUInt32(entry, (id + 1) % l.Size))),
                    UsedRingFault.IndexJumpsBy5 => (nameof(VirtqueueError.UsedIndexJump), new Action(() => rig.Memory.WriteUInt16(l.UsedIdx, (ushort)(idx + 4)))),
                    UsedRingFault.IndexGoesBackwards => (nameof(VirtqueueError.UsedIndexJump), new Action(() => rig.Memory.WriteUInt16(l.UsedIdx, (ushort)(idx - 2)))),
                    UsedRingFault.LengthImplausible => (nameof(VirtqueueError.UsedLengthImplausible), new Action(() => rig.Memory.WriteUInt32(entry + 4, 4096))),
                    UsedRingFault.IndexJumpsAcrossTheWrap => (nameof(VirtqueueError.UsedIndexJump), new Action(() =>
                    {
                        Assert.Equal((ushort)0, idx);   // the device's entry crossed 65535 → 0
                        rig.Memory.WriteUInt16(l.UsedIdx, 5);
                    })),
                    _ => throw new ArgumentOutOfRangeException(nameof(fault)),
                };
                expected = pick.Item1;
                pick.Item2();
                break;
            }
        }
        rig.AssertConserved();
        Assert.True(rig.Driver.Step());               // sees the fault, resets, negotiates again
        Assert.Equal(1, rig.Driver.Recoveries);
        Assert.Contains(expected, rig.Driver.LastFault, StringComparison.Ordinal);
        Assert.True(rig.Device.Resets >= 1);
        Assert.True(rig.Device.Status.HasFlag(DeviceStatus.DriverOk));
        rig.AssertConserved();

        rig.Run();
        Assert.Equal(1, rig.Driver.Recoveries);
        rig.AssertAgreed(fault == UsedRingFault.DoubleAcknowledgement ? 8u : final);
        long deviceFound = fault == UsedRingFault.DeviceNeedsReset ? 1 : 0;
        Assert.Equal(deviceFound, rig.Device.Log.Total);
    }

    /// <summary>A device that rewrites head.next of a returned chain cannot corrupt the driver's free list: the driver
    /// frees from its private copy, and the next two-buffer chain goes out as two buffers. The same rewrite against the
    /// seeded driver bug (following the shared links) breaks the named invariant, so the check can fail.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARewrittenNextLinkDoesNotReachTheDriversFreeList(bool seededBug)
    {
        var memory = new SimulatedGuestMemory(1UL << 20);
        var layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 0) { SeedFreeBySharedNext = seededBug };
        var device = new DeviceVirtqueue(memory, layout, 0);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out ushort head));
        Assert.True(device.TryPop(out DescriptorChain? chain));
        device.PushUsed(chain!, 0);
        // The device rewrites the returned head: it now claims to chain on to descriptor 1, which is free.
        memory.WriteUInt16(layout.DescriptorTable + 16UL * head + 12, VirtqueueLayout.FlagNext);
        memory.WriteUInt16(layout.DescriptorTable + 16UL * head + 14, (ushort)((head + 1) % 4));
        Assert.True(driver.TryTakeUsed(out _, out _));
        if (seededBug)
        {
            Assert.Contains("FreeDescriptorsDistinct", driver.CheckInvariants());
            return;
        }
        Assert.Empty(driver.CheckInvariants());
        Assert.Equal(4, driver.FreeDescriptors);
        BufferSegment[] two = [new BufferSegment(0x9000, 8, false), new BufferSegment(0xA000, 16, true)];
        Assert.True(driver.TryAdd(two, out _));
        Assert.True(device.TryPop(out DescriptorChain? next));
        Assert.Equal(two, next!.Segments);
        Assert.Empty(driver.CheckInvariants());
    }

    /// <summary>Exactly what each driver frees when the device has rewritten the returned head's links (queue of 4, head 0,
    /// descriptors 1, 2, 3 free, listed top first): the driver frees its private copy, the head alone; the seeded bug
    /// follows the shared links, masked to the queue, until a descriptor without NEXT, and at most Q of them.</summary>
    [Theory]
    [InlineData(false, (ushort)0, new ushort[] { 0, 1, 2, 3 })]
    [InlineData(true, (ushort)0, new ushort[] { 0, 0, 0, 0, 1, 2, 3 })]   // a self-loop: Q pushes of the head
    [InlineData(true, (ushort)5, new ushort[] { 1, 0, 1, 2, 3 })]         // 5 masked to 1, whose flags end the walk
    [InlineData(true, (ushort)2, new ushort[] { 3, 2, 0, 1, 2, 3 })]      // on to 2, which chains to 3
    public void TheFreeListAfterARewrittenHead_IsThePrivateCopy_OrForTheSeededBugTheSharedLinks(bool seededBug, ushort next, ushort[] freeTopFirst)
    {
        var memory = new SimulatedGuestMemory(1UL << 20);
        var layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 0) { SeedFreeBySharedNext = seededBug };
        var device = new DeviceVirtqueue(memory, layout, 0);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out ushort head));
        Assert.Equal(0, head);
        Assert.True(device.TryPop(out DescriptorChain? chain));
        device.PushUsed(chain!, 0);
        memory.WriteUInt16(layout.DescriptorTable + 12, VirtqueueLayout.FlagNext);
        memory.WriteUInt16(layout.DescriptorTable + 14, next);
        memory.WriteUInt16(layout.DescriptorTable + 16 * 2 + 12, VirtqueueLayout.FlagNext);
        memory.WriteUInt16(layout.DescriptorTable + 16 * 2 + 14, 3);
        Assert.True(driver.TryTakeUsed(out ushort back, out _));
        Assert.Equal(((ushort)0, 0), (back, driver.InFlight));
        var free = new List<ushort>();
        while (driver.FreeDescriptors > 0) free.Add(driver.PopFreeForTest());
        Assert.Equal(freeTopFirst, free);
    }

    /// <summary>The checker itself: each named invariant of the driver queue reports when its state is corrupted.</summary>
    [Fact]
    public void TheQueueInvariantCheckerNamesEachCorruption()
    {
        var memory = new SimulatedGuestMemory(1UL << 20);
        var layout = VirtqueueLayout.Contiguous(0x1000, 4);
        var driver = new DriverVirtqueue(memory, layout, 0) { SeedFreeBySharedNext = true };
        var device = new DeviceVirtqueue(memory, layout, 0);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out _));
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out ushort second));
        Assert.True(device.TryPop(out DescriptorChain? first));
        device.PushUsed(first!, 0);
        // The returned head now links to the second chain, which is still in flight.
        memory.WriteUInt16(layout.DescriptorTable + 16UL * first!.Head + 12, VirtqueueLayout.FlagNext);
        memory.WriteUInt16(layout.DescriptorTable + 16UL * first.Head + 14, second);
        memory.WriteUInt16(layout.DescriptorTable + 16UL * second + 12, 0);
        Assert.True(driver.TryTakeUsed(out _, out _));
        IReadOnlyList<string> problems = driver.CheckInvariants();
        Assert.Contains("FreeAndInFlightDisjoint", problems);
        Assert.Contains("DescriptorsConserved", problems);
    }

    [Fact]
    public void ADeviceThatRefusesFeaturesOk_GetsFailed_AndTheDriverATypedError()
    {
        var memory = new SimulatedGuestMemory(4UL << 20);
        var device = new BalloonDevice(memory, Default) { RefuseFeatures = true };
        var heap = new Verified.Buddy.BuddyHeap();
        heap.AddRange(0, memory.Size);
        Assert.Throws<BalloonDeviceException>(() => new BalloonDriver(memory, heap, device));
        Assert.True(device.Status.HasFlag(DeviceStatus.Failed));
        Assert.Equal(0UL, heap.AllocatedBytes);
    }

    [Fact]
    public void ADeviceThatRefusesAfterAReset_LeavesTheDriverFailed_WithEveryPageBackInTheHeap()
    {
        var rig = new GuestRig();
        rig.Use(5);
        rig.Device.SetTarget(20);
        rig.Run();
        rig.Device.RefuseFeatures = true;
        VirtqueueLayout l = rig.Driver.Queues[0].Layout;
        rig.Memory.WriteUInt16(l.UsedIdx, 40);
        Assert.True(rig.Driver.Step());
        Assert.True(rig.Driver.IsFailed);
        Assert.Empty(rig.Driver.HeldPfns());
        Assert.True(rig.Device.Status.HasFlag(DeviceStatus.Failed));
        rig.AssertConserved();
        Assert.False(rig.Driver.Step());
        Assert.Equal(0UL, rig.Driver.DeflateOnOom(1 << 20));
    }

    [Fact]
    public void ATargetAboveGuestMemory_InflatesWhatFits_AndConserves()
    {
        var rig = new GuestRig();
        rig.Use(30);
        rig.Device.SetTarget(uint.MaxValue);
        rig.Run();
        Assert.True(rig.Driver.InflateBlocked);
        Assert.Equal(rig.Device.BalloonPages, (int)rig.Driver.Actual);
        Assert.Equal(0UL, rig.Heap.FreeBytes);
        rig.AssertConserved();
        Assert.Equal(0L, rig.Device.Log.Total);
    }

    [Fact]
    public void ATargetChangedMidRequest_EndsAtTheNewTarget()
    {
        var rig = new GuestRig();
        rig.Device.SetTarget(30);
        Assert.True(rig.Driver.Step());
        Assert.True(rig.Driver.RequestInFlight);
        rig.Device.SetTarget(3);
        rig.Run();
        rig.AssertAgreed(3);
        Assert.Equal(0L, rig.Device.Log.Total);
    }

    [Fact]
    public void MemoryPressureAfterAReset_ReleasesPagesHeldForResubmission()
    {
        var rig = new GuestRig();
        rig.Device.SetTarget(24);
        rig.Run();
        rig.Memory.WriteUInt16(rig.Driver.Queues[0].Layout.UsedIdx, 77);
        Assert.True(rig.Driver.Step());               // recovery: 24 pages wait to be inflated again
        Assert.Equal(24, rig.Driver.HeldPfns().Length - rig.Driver.BalloonPfns().Length);
        Assert.Equal(24UL, rig.Driver.DeflateOnOom(1));   // one request's worth covers them all: straight to the heap
        Assert.Empty(rig.Driver.HeldPfns());
        rig.AssertConserved();
        rig.Run();
        Assert.Equal(0u, rig.Driver.Actual);
        rig.AssertConserved();
    }
}
