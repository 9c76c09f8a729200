using Verified.Balloon;
using Verified.PropertyTests.BalloonHostile;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// What the device leaves unchanged when it refuses something (a status write, driver features, a queue set-up, a
/// request), which requests it still acknowledges, and the bookkeeping of large host pages: the cases the device's
/// mutation run of 3 Dec showed no test pinned down (<c>docs/mutation-testing.md</c>).
/// </summary>
public sealed class DeviceRefusalTests
{
    private const ulong MiB = 1UL << 20;
    private const ulong Page = 4096;
    private const BalloonFeatures Default = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom;

    private static string[] Log(BalloonDevice device) => [.. device.Violations.Select(v => v.ToString())];

    [Fact]
    public void AStatusWriteThatClearsABit_IsRefusedWhole_EvenTheBitItAdds()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        g.Device.WriteStatus(DeviceStatus.Acknowledge);
        g.Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        g.Device.WriteDriverFeatures(Default | BalloonFeatures.Version1);
        g.Device.WriteStatus(DeviceStatus.Driver | DeviceStatus.FeaturesOk);   // clears ACKNOWLEDGE, adds FEATURES_OK
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver, g.Device.Status);
        Assert.Equal(BalloonFeatures.None, g.Device.NegotiatedFeatures);
        Assert.Equal(["StatusProtocol (queue -1): status bits Acknowledge cleared without a reset"], Log(g.Device));
    }

    [Fact]
    public void DriverFeaturesWrittenBeforeDriver_AreNotKept()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        g.Device.WriteStatus(DeviceStatus.Acknowledge);
        g.Device.WriteDriverFeatures(Default | BalloonFeatures.Version1);   // too early: ignored
        g.Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        g.Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        // The device holds no accepted features, so not VERSION_1: FEATURES_OK does not stick.
        Assert.Equal(DeviceStatus.Acknowledge | DeviceStatus.Driver, g.Device.Status);
        Assert.Equal(BalloonFeatures.None, g.Device.NegotiatedFeatures);
        Assert.Single(g.Device.Violations);
        Assert.Equal(ViolationKind.StatusProtocol, g.Device.Violations[0].Kind);
    }

    [Fact]
    public void AQueueSetUpAfterDriverOk_IsRefused_AndTheQueueInUseStays()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        VirtqueueLayout elsewhere = VirtqueueLayout.Contiguous(0x50000, g.QueueSize);
        g.Device.AttachQueue(0, elsewhere);
        Assert.Single(g.Device.Violations);
        Assert.Equal(ViolationKind.StatusProtocol, g.Device.Violations[0].Kind);
        g.Request(0, 0, 0, 7);   // on the queue set up before DRIVER_OK
        Assert.True(g.Device.Service());
        Assert.True(g.Device.IsBallooned(7));
        Assert.Equal(1, g.UsedIdx(0));
    }

    [Fact]
    public void Service_AnswersTrue_WhenTwoQueuesHadWork()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Request(0, 0, 0, 1);
        Assert.True(g.Device.Service());
        g.Request(0, 1, 1, 2);
        g.Request(1, 0, 2, 1);
        Assert.True(g.Device.Service());   // both the inflate and the deflate queue had a request
        Assert.Equal((2, 1), ((int)g.UsedIdx(0), (int)g.UsedIdx(1)));
        Assert.Empty(g.Device.Violations);
    }

    [Fact]
    public void ServiceQueue_OfTheIndexEqualToTheQueueCount_DoesNothing_WithAllFourQueues()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default | BalloonFeatures.PageReporting);
        Assert.Equal(4, g.Device.QueueCount);
        Assert.False(g.Device.ServiceQueue(4));
        Assert.Empty(g.Device.Violations);
    }

    [Theory]
    [InlineData(0, "inflate")]
    [InlineData(1, "deflate")]
    public void ARequestOfMoreThan256Pfns_IsRefusedWhole_AndStillAcknowledged(int queue, string what)
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Request(queue, 0, 0, [.. Enumerable.Range(1, 257).Select(i => (uint)i)]);
        Assert.True(g.Device.Service());
        Assert.Equal(1, g.UsedIdx(queue));   // the chain comes back, with nothing changed
        Assert.Equal(0, g.Device.BalloonPages);
        Assert.Equal([$"RequestTooLong (queue {queue}): the {what} request of 1028 bytes is longer than 256 PFNs; refused whole"], Log(g.Device));
    }

    [Fact]
    public void ADeflateNamingThePageJustBeyondTheGuest_IsThatPagesViolationOnly()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);   // 2048 pages
        g.Request(0, 0, 0, 1);
        g.Device.Service();
        g.Request(1, 0, 1, 1, 2048);
        Assert.True(g.Device.Service());
        Assert.False(g.Device.IsBallooned(1));
        Assert.Equal(0, g.Device.BalloonPages);
        Assert.Equal(1, g.UsedIdx(1));
        Assert.Single(g.Device.Violations);
        Assert.Equal((ViolationKind.PfnOutsideGuest, 2048UL), (g.Device.Violations[0].Kind, g.Device.Violations[0].Pfn));
    }

    [Fact]
    public void APageOfAPartlyBalloonedHostPage_IsNotDiscarded_SoWritingItBeforeItsDeflateIsNotSeen()
    {
        // QEMU's rule on 16 KiB host pages: one sub-page of four in the balloon discards nothing, so the host cannot
        // tell a write to it; the device reports only writes to pages it discarded.
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, hostPageSize: 16384);
        g.Request(0, 0, 0, 4);
        g.Device.Service();
        Assert.Equal(0UL, g.Device.DiscardedBytes);
        g.Memory.Touch(4 * Page, Page);
        g.Request(1, 0, 1, 4);
        g.Device.Service();
        Assert.Empty(g.Device.Violations);
        Assert.Equal(0, g.Device.BalloonPages);
    }

    [Fact]
    public void OnTheIdealHost_ADeflatedSubPageNoLongerCountsTowardsItsHostPage()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, hostPageSize: 16384, hostModel: HostModel.IdealHost);
        g.Request(0, 0, 0, 4, 5, 6);
        g.Device.Service();
        g.Request(1, 0, 1, 6);
        g.Device.Service();
        g.Request(0, 1, 2, 7);   // 4, 5 and 7 of host page 1: three of four
        g.Device.Service();
        Assert.Equal(0UL, g.Device.DiscardedBytes);
        g.Request(0, 2, 3, 6);   // now all four
        g.Device.Service();
        Assert.Equal(16384UL, g.Device.DiscardedBytes);
        Assert.Empty(g.Device.Violations);
    }

    [Fact]
    public void AWholeLargeHostPage_MarksExactlyItsOwnSubPagesDiscarded()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, hostPageSize: 16384);
        g.Request(0, 0, 0, 4, 5, 6, 7);   // host page 1
        g.Device.Service();
        Assert.Equal(16384UL, g.Device.DiscardedBytes);
        g.Memory.Touch(5 * Page, Page);
        Assert.Equal(1, g.Device.Audit());
        Assert.Single(g.Device.Violations);
        Assert.Equal((ViolationKind.PageUsedWhileBallooned, 5UL), (g.Device.Violations[0].Kind, g.Device.Violations[0].Pfn));
    }

    [Fact]
    public void AReportNamingMoreThanTheGuest_IsRefusedWhole_AndStillReturned()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default | BalloonFeatures.PageReporting);
        int reporting = g.Device.ReportingQueueIndex;
        // Two device-writable buffers of 5 MiB each: each lies inside the 8 MiB guest, together they name more.
        g.Descriptor(reporting, 0, 0, (uint)(5 * MiB), VirtqueueLayout.FlagWrite | VirtqueueLayout.FlagNext, 1);
        g.Descriptor(reporting, 1, 3 * MiB, (uint)(5 * MiB), VirtqueueLayout.FlagWrite);
        g.Publish(reporting, 0);
        Assert.True(g.Device.Service());
        Assert.Equal(1, g.UsedIdx(reporting));
        Assert.Equal(0UL, g.Device.ReportedBytes);
        Assert.Equal([$"RequestTooLong (queue {reporting}): a report of {10 * MiB} bytes names more than the guest's {8 * MiB}; refused whole"], Log(g.Device));
    }

    [Fact]
    public void AfterAReset_TheActualCheckKnowsOnlyTheNewRequests_DeflatesIncluded()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Request(0, 0, 0, 1, 2);
        g.Device.Service();
        g.Request(1, 0, 1, 1);
        g.Device.Service();
        g.Device.WriteConfig32(BalloonConfig.Actual, 1);
        Assert.Empty(g.Device.Violations);

        g.Handshake(Default);   // a reset, then the handshake again
        g.Request(0, 0, 0, 3, 4, 5);
        g.Device.Service();
        g.Device.WriteConfig32(BalloonConfig.Actual, 2);   // 3 inflated, the deflate of 1 was before the reset
        Assert.Single(g.Device.Violations);
        Assert.Equal(ViolationKind.ActualNotAcknowledged, g.Device.Violations[0].Kind);
        g.Device.WriteConfig32(BalloonConfig.Actual, 3);
        Assert.Single(g.Device.Violations);
    }

    [Fact]
    public void PoisonValWrittenBeforeFeaturesOk_IsAllowedWhenTheDriverAcceptedPagePoison()
    {
        // Between DRIVER and FEATURES_OK nothing is negotiated yet: the features the driver wrote decide.
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default, attach: false);
        g.Device.WriteStatus(DeviceStatus.Acknowledge);
        g.Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        g.Device.WriteDriverFeatures(Default | BalloonFeatures.PagePoison | BalloonFeatures.Version1);
        g.Device.WriteConfig32(BalloonConfig.PoisonVal, 0xAA);
        Assert.Empty(g.Device.Violations);
        Assert.Equal(0xAAu, g.Device.ReadConfig32(BalloonConfig.PoisonVal));
        g.Device.WriteDriverFeatures(Default | BalloonFeatures.Version1);   // changed its mind: no PAGE_POISON
        g.Device.WriteConfig32(BalloonConfig.PoisonVal, 0xBB);
        Assert.Equal(["PoisonValChanged (queue -1): poison_val written without PAGE_POISON"], Log(g.Device));
    }
}
