using Verified.Balloon;
using Verified.PropertyTests.BalloonHostile;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// The edges of the balloon device's own API: every argument it refuses, with the parameter, the value and the exact
/// message; the boundaries it accepts; and the transport registers written in the wrong state, each a named
/// violation with its exact detail and nothing changed.
/// </summary>
public sealed class DeviceEdgeTests
{
    private const ulong MiB = 1UL << 20;
    private const BalloonFeatures Default = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom;

    private static void AssertRefused(Action call, string parameter, object value, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(call);
        Assert.Equal(parameter, error.ParamName);
        Assert.Equal(value, error.ActualValue);
        Assert.Equal(new ArgumentOutOfRangeException(parameter, value, message).Message, error.Message);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(2048UL)]
    [InlineData(4095UL)]
    [InlineData(12288UL)]              // not a power of two
    [InlineData(2UL << 30)]            // above 1 GiB
    [InlineData(16UL << 20)]           // a power of two that does not divide the 8 MiB + 4 MiB guest
    public void TheHostPageSize_IsRefusedUnlessAPowerOfTwoFrom4KiBTo1GiBDividingTheGuest(ulong hostPageSize)
    {
        using var memory = new SimulatedGuestMemory(12 * MiB);
        AssertRefused(() => new BalloonDevice(memory, Default, hostPageSize), "hostPageSize", hostPageSize,
            "The host page size must be a power of two from 4096 to 1 GiB that divides the guest size.");
    }

    [Theory]
    [InlineData(4096UL)]
    [InlineData(8192UL)]
    [InlineData(4UL << 20)]
    public void EveryValidHostPageSize_IsAccepted(ulong hostPageSize)
    {
        using var memory = new SimulatedGuestMemory(12 * MiB);
        var device = new BalloonDevice(memory, Default, hostPageSize);
        Assert.Equal(hostPageSize, device.HostPageSize);
    }

    [Fact]
    public void AOneGiBHostPage_IsAcceptedOnAOneGiBGuest()
    {
        using var memory = new SimulatedGuestMemory(1UL << 30);
        Assert.Equal(1UL << 30, new BalloonDevice(memory, Default, 1UL << 30, HostModel.IdealHost).HostPageSize);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(99)]
    public void AnUndefinedHostModel_IsRefused(int raw)
    {
        using var memory = new SimulatedGuestMemory(4 * MiB);
        AssertRefused(() => new BalloonDevice(memory, Default, 4096, (HostModel)raw), "hostModel", (HostModel)raw,
            "The host model must be Qemu or IdealHost.");
    }

    [Fact]
    public void NullMemory_IsRefused()
    {
        Assert.Equal("memory", Assert.Throws<ArgumentNullException>(() => new BalloonDevice(null!, Default)).ParamName);
    }

    [Fact]
    public void TheOfferAlwaysHasVersion1_AndNeverFreePageHint()
    {
        using var memory = new SimulatedGuestMemory(4 * MiB);
        var device = new BalloonDevice(memory, BalloonFeatures.FreePageHint | BalloonFeatures.StatsVq);
        Assert.Equal(BalloonFeatures.StatsVq | BalloonFeatures.Version1, device.OfferedFeatures);
        Assert.Equal(HostModel.Qemu, device.HostModel);
        Assert.Equal(4096UL, device.HostPageSize);
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(13)]
    [InlineData(16)]
    [InlineData(int.MaxValue)]
    public void AConfigOffsetThatIsNotAField_IsRefused(int offset)
    {
        using var memory = new SimulatedGuestMemory(4 * MiB);
        var device = new BalloonDevice(memory, Default);
        const string Fields = "Config fields are le32 at offsets 0, 4, 8 and 12.";
        AssertRefused(() => device.ReadConfig32(offset), "offset", offset, Fields);
        AssertRefused(() => device.WriteConfig32(offset, 1), "offset", offset, Fields);
        Assert.Equal(0L, device.Log.Total);
    }

    [Theory]
    [InlineData(BalloonConfig.NumPages)]
    [InlineData(BalloonConfig.FreePageHintCmdId)]
    public void TheDevicesOwnConfigFields_AreNotDriverWritable(int offset)
    {
        using var memory = new SimulatedGuestMemory(4 * MiB);
        var device = new BalloonDevice(memory, Default);
        device.SetTarget(7);
        AssertRefused(() => device.WriteConfig32(offset, 99), "offset", offset, "Only actual and poison_val are driver-writable.");
        Assert.Equal(7u, device.ReadConfig32(BalloonConfig.NumPages));
        Assert.Equal(0u, device.ReadConfig32(BalloonConfig.FreePageHintCmdId));
        Assert.Equal(0L, device.Log.Total);
    }

    [Fact]
    public void EveryConfigField_ReadsBackWhatWasWritten()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default | BalloonFeatures.PagePoison, attach: false);
        g.Handshake(Default | BalloonFeatures.PagePoison, poisonBeforeDriverOk: 0xA5A5_0001);
        g.Device.SetTarget(0x0102_0304);
        Assert.Equal(0x0102_0304u, g.Device.ReadConfig32(BalloonConfig.NumPages));
        Assert.Equal(0xA5A5_0001u, g.Device.ReadConfig32(BalloonConfig.PoisonVal));
        g.Device.WriteConfig32(BalloonConfig.Actual, 0);
        Assert.Equal(0u, g.Device.ReadConfig32(BalloonConfig.Actual));
        Assert.Equal(0L, g.Device.Log.Total);
    }

    [Fact]
    public void AQueueIndexOutsideTheNegotiatedQueues_IsRefused()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        BalloonDevice d = g.Device;
        d.WriteStatus(DeviceStatus.Acknowledge);
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        d.WriteDriverFeatures(BalloonFeatures.Version1 | BalloonFeatures.StatsVq);
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        Assert.Equal(3, d.QueueCount);
        foreach (int index in new[] { -1, 3, 4, int.MinValue })
            AssertRefused(() => d.AttachQueue(index, g.Layout(0)), "index", index, "The negotiated features give 3 queues.");
        for (int i = 0; i < 3; i++) d.AttachQueue(i, g.Layout(i));
        Assert.Equal(0L, d.Log.Total);
    }

    [Fact]
    public void TheQueueIndices_FollowTheNegotiatedFeatures()
    {
        (BalloonFeatures Features, int Stats, int Reporting, int Count)[] cases =
        [
            (BalloonFeatures.None, -1, -1, 2),
            (BalloonFeatures.StatsVq, 2, -1, 3),
            (BalloonFeatures.PageReporting, -1, 2, 3),
            (BalloonFeatures.StatsVq | BalloonFeatures.PageReporting, 2, 3, 4),
        ];
        foreach ((BalloonFeatures features, int stats, int reporting, int count) in cases)
        {
            var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), features);
            Assert.Equal((stats, reporting, count), (g.Device.StatsQueueIndex, g.Device.ReportingQueueIndex, g.Device.QueueCount));
        }
    }

    [Fact]
    public void DriverFeaturesWrittenOutsideDriverToFeaturesOk_AreAViolationAndIgnored()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        BalloonDevice d = g.Device;
        d.WriteDriverFeatures(BalloonFeatures.Version1);                        // status 0
        d.WriteStatus(DeviceStatus.Acknowledge);
        d.WriteDriverFeatures(BalloonFeatures.Version1);                        // ACKNOWLEDGE only
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        d.WriteDriverFeatures(BalloonFeatures.Version1 | BalloonFeatures.MustTellHost);   // the one accepted
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        d.WriteDriverFeatures(BalloonFeatures.Version1 | BalloonFeatures.StatsVq);         // after FEATURES_OK
        Assert.Equal(BalloonFeatures.Version1 | BalloonFeatures.MustTellHost, d.NegotiatedFeatures);
        Assert.Equal(
        [
            "StatusProtocol (queue -1): driver features written in status Reset (only between DRIVER and FEATURES_OK)",
            "StatusProtocol (queue -1): driver features written in status Acknowledge (only between DRIVER and FEATURES_OK)",
            "StatusProtocol (queue -1): driver features written in status Acknowledge, Driver, FeaturesOk (only between DRIVER and FEATURES_OK)",
        ], d.Violations.Select(v => v.ToString()));
    }

    [Fact]
    public void FeaturesWithoutVersion1_DoNotReachFeaturesOk()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        BalloonDevice d = g.Device;
        d.WriteStatus(DeviceStatus.Acknowledge);
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        d.WriteDriverFeatures(BalloonFeatures.MustTellHost);
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver, d.Status);
        Assert.Equal(BalloonFeatures.None, d.NegotiatedFeatures);
        Assert.Equal(0L, d.Log.Total);   // refusing is the device's answer, not a broken rule
    }

    [Fact]
    public void TheDriversDeviceNeedsResetBit_IsIgnored_AndTheDevicesKept()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        BalloonDevice d = g.Device;
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.DeviceNeedsReset);
        Assert.Equal(DeviceStatus.Acknowledge, d.Status);
        g.Handshake(Default);
        // The device sets DEVICE_NEEDS_RESET on a malformed queue; a status write without it does not clear it.
        g.Publish(0, 200);
        d.Service();
        DeviceStatus running = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk;
        Assert.Equal(running | DeviceStatus.DeviceNeedsReset, d.Status);
        d.WriteStatus(running);
        Assert.Equal(running | DeviceStatus.DeviceNeedsReset, d.Status);
        d.WriteStatus(running | DeviceStatus.Failed);
        Assert.Equal(running | DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed, d.Status);
        Assert.Equal(["MalformedQueue (queue 0): Virtqueue 0: DescriptorIndexOutOfRange: available entry 0 names descriptor 200 ≥ 8"],
            d.Violations.Select(v => v.ToString()));
    }

    [Theory]
    [InlineData(DeviceStatus.Driver, "Driver")]
    [InlineData(DeviceStatus.Acknowledge | DeviceStatus.FeaturesOk, "Acknowledge, FeaturesOk")]
    [InlineData(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.DriverOk, "Acknowledge, Driver, DriverOk")]
    public void AStatusBitBeforeTheOneThatMustPrecedeIt_IsRefused(DeviceStatus written, string shown)
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        g.Device.WriteStatus(written);
        Assert.Equal(DeviceStatus.Reset, g.Device.Status);
        Assert.Equal([$"StatusProtocol (queue -1): status {shown} sets a bit before the one that must precede it (ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK)"],
            g.Device.Violations.Select(v => v.ToString()));
    }

    [Fact]
    public void FailedMayBeSetAtAnyTime_AndStopsTheDevice()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Request(0, 0, 0, 900);
        g.Device.WriteStatus(g.Device.Status | DeviceStatus.Failed);
        Assert.False(g.Device.HasPendingWork);
        Assert.False(g.Device.Service());
        Assert.Equal(0, g.Device.BalloonPages);
        Assert.Equal(0L, g.Device.Log.Total);
    }

    [Fact]
    public void HasPendingWork_IsTrueExactlyWhileAQueueHasABufferTheDeviceWouldTake()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default | BalloonFeatures.PageReporting);
        Assert.False(g.Device.HasPendingWork);
        g.Descriptor(3, 0, 0x300000, 4096, VirtqueueLayout.FlagWrite);   // the last queue: reporting
        g.Publish(3, 0);
        Assert.True(g.Device.HasPendingWork);
        Assert.True(g.Device.ServiceQueue(3));
        Assert.False(g.Device.HasPendingWork);
        Assert.False(g.Device.ServiceQueue(3));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]      // STATS_VQ without PAGE_REPORTING: three queues
    [InlineData(4)]
    public void ServiceQueue_OfAQueueThatDoesNotExist_DoesNothing(int index)
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Request(0, 0, 0, 900);
        Assert.False(g.Device.ServiceQueue(index));
        Assert.Equal(0, g.Device.BalloonPages);
        Assert.True(g.Device.ServiceQueue(0));
        Assert.Equal(1, g.Device.BalloonPages);
    }

    [Fact]
    public void ServiceQueue_TakesAtMostTheQueueSizeOfBuffersPerCall()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        for (int i = 0; i < 8; i++) g.Request(0, i, i, (uint)(900 + i));
        Assert.True(g.Device.ServiceQueue(0));
        Assert.Equal(8, g.Device.BalloonPages);
        Assert.Equal(8, g.UsedIdx(0));
        Assert.False(g.Device.ServiceQueue(0));
    }

    [Fact]
    public void ServiceQueue_StopsAfterTheQueueSizeOfBuffers_EvenWhileTheDriverKeepsAddingMore()
    {
        // A queue of one descriptor: each time the device returns it, the driver makes it available again at once.
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, queueSize: 1);
        int published = 0;
        void Add() { g.Request(0, 0, published, (uint)(900 + published)); published++; }
        Add();
        g.Device.Interleave = () => { if (g.UsedIdx(0) == published && published < 3) Add(); };
        for (int call = 1; call <= 3; call++)
        {
            Assert.True(g.Device.ServiceQueue(0));
            Assert.Equal((call, call), (g.Device.BalloonPages, (int)g.UsedIdx(0)));
            Assert.Equal(call < 3, g.Device.HasPendingWork);
        }
        Assert.False(g.Device.ServiceQueue(0));
    }

    [Fact]
    public void AMalformedQueue_CountsAsWorkDone_AndStopsTheDevice()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Publish(0, 200);
        Assert.True(g.Device.HasPendingWork);
        Assert.True(g.Device.Service());
        Assert.True(g.Device.Status.HasFlag(DeviceStatus.DeviceNeedsReset));
        Assert.True(g.Device.ConfigInterruptPending);
        g.Request(1, 0, 0, 900);
        Assert.False(g.Device.HasPendingWork);
        Assert.False(g.Device.Service());
        Assert.Equal(1L, g.Device.Log.Total);
    }

    [Fact]
    public void AnInjectedUsedRingFault_NeedsAnAttachedQueue_AndActsOnTheNextAcknowledgementOnly()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);   // queues 0, 1 and 2 (stats)
        static ushort Jump(GuestMemory memory, VirtqueueLayout layout, DescriptorChain chain, ushort publish) => (ushort)(publish + 4);
        Assert.False(g.Device.InjectUsedRingFault(-1, Jump));
        Assert.False(g.Device.InjectUsedRingFault(3, Jump));   // not negotiated, so not attached
        Assert.False(g.Device.InjectUsedRingFault(4, Jump));   // no such queue
        Assert.True(g.Device.InjectUsedRingFault(0, Jump));
        g.Request(0, 0, 0, 900);
        g.Device.Service();
        Assert.Equal(5, g.UsedIdx(0));
        g.Request(0, 1, 1, 901);
        g.Device.Service();
        Assert.Equal(2, g.UsedIdx(0));   // the device's own count again: the fault was used once
        Assert.Equal(2, g.Device.BalloonPages);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(2047UL)]
    [InlineData(2048UL)]               // the first page beyond the 8 MiB guest
    [InlineData(ulong.MaxValue)]
    public void IsBallooned_AnswersFalseForEveryPageNotInTheBalloon_EvenBeyondTheGuest(ulong pfn)
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Request(0, 0, 0, 1);
        g.Device.Service();
        Assert.True(g.Device.IsBallooned(1));
        Assert.False(g.Device.IsBallooned(pfn));
    }
}
