using Verified.Balloon;
using Verified.PropertyTests.BalloonHostile;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// The device's state over its life: what a reset clears and what it keeps, the config-change interrupt, when the
/// host may take the stats buffer back, and how the deflate rule without DEFLATE_ON_OOM follows the targets.
/// </summary>
public sealed class DeviceLifecycleTests
{
    private const ulong MiB = 1UL << 20;
    private const BalloonFeatures Default = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom;
    private const DeviceStatus Running = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk;

    [Fact]
    public void AReset_ClearsTheBalloonAndTheDriversFields_AndKeepsTheHostsRecord()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        g.Handshake(Default | BalloonFeatures.PagePoison, poisonBeforeDriverOk: 0x77);
        g.Device.SetTarget(3);
        Assert.True(g.Device.TakeConfigInterrupt());
        g.Request(0, 0, 0, 900, 901);
        g.Descriptor(2, 0, RawGuest.Buffer(1), g.Stats(RawGuest.Buffer(1), (4, 44)));
        g.Publish(2, 0);
        g.Device.Service();
        g.Device.WriteConfig32(BalloonConfig.Actual, 2);
        g.Request(0, 1, 2, 5000);   // a PFN beyond the guest: one violation on record
        g.Device.Service();
        g.Device.SetTarget(9);
        Assert.Equal((Running, 2, 2, 1L, 8192UL), (g.Device.Status, g.Device.BalloonPages, g.Device.AcknowledgedPages, g.Device.Log.Total, g.Device.DiscardedBytes));

        g.Device.WriteStatus(DeviceStatus.Reset);
        Assert.Equal(DeviceStatus.Reset, g.Device.Status);
        Assert.Equal(BalloonFeatures.None, g.Device.NegotiatedFeatures);
        Assert.Equal((0, 0), (g.Device.BalloonPages, g.Device.AcknowledgedPages));
        Assert.False(g.Device.IsBallooned(900));
        Assert.Equal((9u, 0u, 0u), (g.Device.ReadConfig32(BalloonConfig.NumPages), g.Device.ReadConfig32(BalloonConfig.Actual), g.Device.ReadConfig32(BalloonConfig.PoisonVal)));
        Assert.False(g.Device.ConfigInterruptPending);
        Assert.Equal((-1, -1, 2), (g.Device.StatsQueueIndex, g.Device.ReportingQueueIndex, g.Device.QueueCount));
        Assert.False(g.Device.RequestStats());
        // Kept: the host's record of what happened.
        Assert.Equal((1, 1L, 8192UL, 1, 44UL), (g.Device.Resets, g.Device.Log.Total, g.Device.DiscardedBytes, g.Device.StatsReceived, g.Device.LastStats[BalloonStatTag.FreeMemory]));
        g.Device.WriteStatus(DeviceStatus.Reset);   // a reset of a reset device is not another reset
        Assert.Equal(1, g.Device.Resets);

        // After the reset the balloon is empty: the same pages may be inflated again, and actual 0 is what it holds.
        g.Handshake(Default);
        g.Device.WriteConfig32(BalloonConfig.Actual, 0);
        g.Request(0, 0, 0, 900);
        g.Device.Service();
        g.Device.WriteConfig32(BalloonConfig.Actual, 1);
        Assert.Equal(1L, g.Device.Log.Total);
        Assert.Equal(1, g.Device.Resets);   // the handshake's status 0 found the device reset already
    }

    [Fact]
    public void AReset_ForgetsTheHeldStatsBufferAndTheStatsTagSet()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Descriptor(2, 0, RawGuest.Buffer(0), g.Stats(RawGuest.Buffer(0), (4, 1)));
        g.Publish(2, 0);
        g.Device.Service();
        Assert.Equal(1, g.Device.StatsReceived);

        g.Handshake(Default);
        Assert.False(g.Device.RequestStats());   // the buffer held before the reset belongs to no queue now
        g.Descriptor(2, 0, RawGuest.Buffer(0), g.Stats(RawGuest.Buffer(0), (5, 2), (6, 3)));
        g.Publish(2, 0);
        g.Device.Service();
        Assert.Equal(0L, g.Device.Log.Total);    // another tag set than before the reset: the first buffer of a new driver
        Assert.Equal((2, 2UL), (g.Device.StatsReceived, g.Device.LastStats[BalloonStatTag.TotalMemory]));
        Assert.True(g.Device.RequestStats());
        Assert.Equal(1, g.UsedIdx(2));
    }

    [Fact]
    public void AReset_DetachesEveryQueue_SoAQueueNotSetUpAgainIsNotServed()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        BalloonDevice d = g.Device;
        d.WriteStatus(DeviceStatus.Reset);
        d.WriteStatus(DeviceStatus.Acknowledge);
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        d.WriteDriverFeatures(Default | BalloonFeatures.Version1);
        d.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        d.AttachQueue(0, g.Layout(0));   // the deflate and stats queues are not set up this time
        d.WriteStatus(Running);
        g.Request(1, 0, 0, 900);         // written where the deflate queue lay before the reset
        Assert.False(d.HasPendingWork);
        Assert.False(d.Service());
        Assert.Equal((0, 0L), ((int)g.UsedIdx(1), d.Log.Total));
    }

    [Fact]
    public void AReset_ForgetsWhichSubPagesOfALargeHostPageWereInTheBalloon()
    {
        // The ideal host discards a 16 KiB host page when its fourth sub-page arrives; three arrived before the reset.
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, hostPageSize: 16 << 10, hostModel: HostModel.IdealHost);
        g.Request(0, 0, 0, 401, 402, 403);
        g.Device.Service();
        g.Handshake(Default);
        g.Request(0, 0, 0, 400);
        g.Device.Service();
        Assert.Equal(0UL, g.Device.DiscardedBytes);   // one sub-page of four since the reset
        g.Request(0, 1, 1, 401, 402, 403);
        g.Device.Service();
        Assert.Equal(16UL << 10, g.Device.DiscardedBytes);
        Assert.Equal((4, 0L), (g.Device.BalloonPages, g.Device.Log.Total));
    }

    [Fact]
    public void TheConfigInterrupt_IsRaisedBySetTarget_AndTakenOnce()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        Assert.False(g.Device.ConfigInterruptPending);
        Assert.False(g.Device.TakeConfigInterrupt());
        g.Device.SetTarget(4);
        Assert.True(g.Device.ConfigInterruptPending);
        Assert.True(g.Device.TakeConfigInterrupt());
        Assert.False(g.Device.ConfigInterruptPending);
        Assert.False(g.Device.TakeConfigInterrupt());
        Assert.Equal(4u, g.Device.ReadConfig32(BalloonConfig.NumPages));
        g.Device.Notify(0);   // a notification changes nothing by itself: the device works at its next Service
        Assert.Equal(0, g.UsedIdx(0));
    }

    [Fact]
    public void RequestStats_GivesTheHeldBufferBackOnce_AndOnlyWhileRunning()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        Assert.False(g.Device.RequestStats());                       // no buffer held yet
        g.Descriptor(2, 0, RawGuest.Buffer(0), g.Stats(RawGuest.Buffer(0), (4, 1)));
        g.Publish(2, 0);
        g.Device.Service();
        Assert.Equal((1, 0), (g.Device.StatsReceived, (int)g.UsedIdx(2)));
        g.Device.WriteStatus(Running | DeviceStatus.Failed);
        Assert.False(g.Device.RequestStats());                       // not running
        Assert.Equal(0, g.UsedIdx(2));

        var h = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        h.Descriptor(2, 0, RawGuest.Buffer(0), h.Stats(RawGuest.Buffer(0), (4, 1)));
        h.Publish(2, 0);
        h.Device.Service();
        Assert.True(h.Device.RequestStats());
        Assert.Equal(1, h.UsedIdx(2));
        Assert.False(h.Device.RequestStats());                       // given back already
        Assert.Equal(1, h.UsedIdx(2));

        var plain = new RawGuest(new SimulatedGuestMemory(8 * MiB), BalloonFeatures.MustTellHost);
        Assert.False(plain.Device.RequestStats());                   // no stats queue
    }

    [Fact]
    public void WithoutDeflateOnOom_TheLowestTargetSinceTheLastRequestCounts_AndAnEmptyDeflateIsNoDeflate()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), BalloonFeatures.MustTellHost);
        g.Device.SetTarget(3);
        g.Request(0, 0, 0, 900, 901, 902);
        g.Device.Service();
        // The host asks for 1, then for 5: the driver may have acted on the 1.
        g.Device.SetTarget(1);
        g.Device.SetTarget(5);
        g.Request(1, 0, 1, 902);
        g.Device.Service();
        Assert.Equal(0L, g.Device.Log.Total);
        // Since that request the lowest target is 5, not below the balloon's 2 pages: a deflate now breaks the rule,
        // but an empty deflate request deflates nothing.
        g.Descriptor(1, 1, RawGuest.Buffer(2), 0);
        g.Publish(1, 1);
        g.Device.Service();
        Assert.Equal(0L, g.Device.Log.Total);
        g.Request(1, 2, 3, 901);
        g.Device.Service();
        Assert.Equal(["DeflateWithoutOom (queue 1): a deflate request while num_pages (lowest since the previous request: 5) is not below the balloon's 2 pages, without DEFLATE_ON_OOM"],
            g.Device.Violations.Select(v => v.ToString()));
        Assert.Equal(1, g.Device.BalloonPages);
        // An inflate request also starts a new window: a target of 0 before it no longer counts after it.
        g.Device.SetTarget(0);
        g.Device.SetTarget(6);
        g.Request(0, 2, 4, 903);
        g.Device.Service();
        g.Request(1, 3, 5, 903);
        g.Device.Service();
        Assert.Equal(2L, g.Device.Log.CountOf(ViolationKind.DeflateWithoutOom));
        Assert.Equal(1, g.Device.BalloonPages);
    }
}
