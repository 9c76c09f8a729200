using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.BalloonHostile;

/// <summary>
/// A hostile or buggy guest against the device: each case writes raw ring contents, config or status values, and
/// asserts the typed outcome (the exact violation counts per kind, the queue error when the queue is malformed), that
/// the device allocated little managed memory while serving it, that its balloon agrees with its page map, and that
/// the device still works afterwards: a reset and a correct driver bring it to a target with every page conserved.
/// </summary>
public sealed class HostileDeviceInputTests
{
    private const ulong MiB = 1UL << 20;
    private const BalloonFeatures Default = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom;

    /// <summary>What a case must produce.</summary>
    private sealed record Expect(int BalloonPages, params (ViolationKind Kind, long Count)[] Violations)
    {
        public VirtqueueError? QueueError { get; init; }
        public Action<RawGuest>? Also { get; init; }
    }

    public static TheoryData<string> Cases() => [.. typeof(HostileDeviceInputTests).GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
        .Where(m => m.ReturnType == typeof(Expect)).Select(m => m.Name).Order()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheDeviceGivesTheTypedOutcome_AndStaysSound(string name)
    {
        var memory = new SimulatedGuestMemory(8 * MiB);
        var guest = new RawGuest(memory, Default);
        var scenario = (Func<RawGuest, Expect>)Delegate.CreateDelegate(typeof(Func<RawGuest, Expect>),
            typeof(HostileDeviceInputTests).GetMethod(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!);
        Expect expect = scenario(guest);
        long allocated = guest.ServiceMeasured();
        CheckOutcome(guest, expect, allocated);
        Assert.Equal(ExpectedLog[name], guest.Device.Violations.Select(v => v.ToString()));
        RecoverWithACorrectDriver(memory, guest.Device);
    }

    /// <summary>Every case's log, exactly: kind, queue, page and detail of each violation, in order (empty: none).</summary>
    private static readonly Dictionary<string, string[]> ExpectedLog = new(StringComparer.Ordinal)
    {
        [nameof(ActualAheadOfAcknowledgements)] = ["ActualNotAcknowledged (queue -1): actual 5 is not the balloon size after any acknowledged inflate and deflate requests (the device has acknowledged 1 pages)"],
        [nameof(AvailIndexGoesBackwards)] = ["MalformedQueue (queue 0): Virtqueue 0: AvailIndexJump: avail.idx 0 is 65535 entries past 1, more than the queue size 8"],
        [nameof(AvailIndexJumpsBeyondTheQueueSize)] = ["MalformedQueue (queue 0): Virtqueue 0: AvailIndexJump: avail.idx 9 is 9 entries past 0, more than the queue size 8"],
        [nameof(AvailIndexWrapsAt65536)] = [],
        [nameof(BufferAddressWrapping64Bits)] = ["MalformedQueue (queue 0): Virtqueue 0: BufferOutsideGuestMemory: descriptor 0 names [0xFFFFFFFFFFFFFFFC, +8) outside guest memory of 8388608 bytes"],
        [nameof(BufferOutsideMemory)] = ["MalformedQueue (queue 0): Virtqueue 0: BufferOutsideGuestMemory: descriptor 0 names [0x800000, +4) outside guest memory of 8388608 bytes"],
        [nameof(ChainLoop)] = ["MalformedQueue (queue 0): Virtqueue 0: ChainLoop: descriptor 1 chains back to 0"],
        [nameof(ChainSelfLoop)] = ["MalformedQueue (queue 0): Virtqueue 0: ChainLoop: descriptor 3 chains back to 3"],
        [nameof(ChainThroughEveryDescriptorAndBack)] = ["MalformedQueue (queue 0): Virtqueue 0: ChainLoop: descriptor 7 chains back to 0"],
        [nameof(DeflateOfAPageNeverInflated)] = ["DeflateOfUnacknowledged (queue 1, pfn 0x385): the page is not in the balloon (its inflation was never acknowledged)"],
        [nameof(DeflateWithoutOomBelowTheTargetIsFine)] = [],
        [nameof(DeflateWithoutOomWhileTheTargetIsNotBelow)] = ["DeflateWithoutOom (queue 1): a deflate request while num_pages (lowest since the previous request: 2) is not below the balloon's 2 pages, without DEFLATE_ON_OOM"],
        [nameof(DescriptorSharedWithAHeldChain)] = ["MalformedQueue (queue 2): Virtqueue 2: DescriptorInUse: descriptor 0 belongs to a chain the device still holds"],
        [nameof(Exactly256PfnsAreAccepted)] = [],
        [nameof(FeaturesNotOfferedAreRefusedAtFeaturesOk)] = ["FeatureNegotiation (queue -1): the driver accepted features the device did not offer: FreePageHint"],
        [nameof(FourMiBZeroBufferIsOneViolation)] = ["RequestTooLong (queue 0): the inflate request of 4194304 bytes is longer than 256 PFNs; refused whole"],
        [nameof(HeadIndexOutOfRange)] = ["MalformedQueue (queue 0): Virtqueue 0: DescriptorIndexOutOfRange: available entry 0 names descriptor 11 ≥ 8"],
        [nameof(IndirectDescriptor)] = ["MalformedQueue (queue 0): Virtqueue 0: IndirectNotNegotiated: descriptor 0 is indirect"],
        [nameof(LengthsSummingPast32BitsAreRefused)] = ["MalformedQueue (queue 0): Virtqueue 0: BufferOutsideGuestMemory: descriptor 0 names [0x0, +4294967292) outside guest memory of 8388608 bytes"],
        [nameof(NextIndexOutOfRange)] = ["MalformedQueue (queue 0): Virtqueue 0: DescriptorIndexOutOfRange: descriptor 0 chains to 65535 ≥ 8"],
        [nameof(NothingIsServedBeforeDriverOk)] = [],
        [nameof(PfnDuplicatedAcrossRequests)] = ["InflateOfBallooned (queue 0, pfn 0x385): the page is already in the balloon"],
        [nameof(PfnDuplicatedWithinARequest)] = ["InflateOfBallooned (queue 0, pfn 0x384): the page is already in the balloon"],
        [nameof(PfnOutOfRange)] =
        [
            "PfnOutsideGuest (queue 0, pfn 0x800): PFN beyond the guest's 2048 pages",
            "PfnOutsideGuest (queue 0, pfn 0xFFFFFFFF): PFN beyond the guest's 2048 pages",
        ],
        [nameof(PfnStraddlesTwoDescriptors)] = [],
        [nameof(Pfns257AreRefusedWhole)] = ["RequestTooLong (queue 0): the inflate request of 1028 bytes is longer than 256 PFNs; refused whole"],
        [nameof(PoisonValRewrittenWhileDriverOk)] = ["PoisonValChanged (queue -1): poison_val rewritten to 0x55 while DRIVER_OK is set"],
        [nameof(PoisonValWrittenWithoutPagePoison)] = ["PoisonValChanged (queue -1): poison_val written without PAGE_POISON"],
        [nameof(QueueSetUpAfterDriverOk)] = ["StatusProtocol (queue 0): queue 0 set up in status Acknowledge, Driver, DriverOk, FeaturesOk (only after FEATURES_OK, before DRIVER_OK)"],
        [nameof(ReadOnlyReportRange)] = ["MalformedQueue (queue 3): Virtqueue 3: WrongDirection: a reported range must be device-writable"],
        [nameof(ReportBeyondMemory)] = ["MalformedQueue (queue 3): Virtqueue 3: BufferOutsideGuestMemory: descriptor 0 names [0x7FF000, +8192) outside guest memory of 8388608 bytes"],
        [nameof(ReportLongerThanTheGuest)] = ["RequestTooLong (queue 3): a report of 8392704 bytes names more than the guest's 8388608; refused whole"],
        [nameof(ReportOverlappingTheBalloon)] = ["ReportOverlapsBalloon (queue 3, pfn 0x400): a reported free range overlaps the balloon"],
        [nameof(ReportUnalignedDiscardsOnlyWholePages)] = [],
        [nameof(ResetForgetsTheBalloon)] = [],
        [nameof(StatsBufferTooLong)] = ["RequestTooLong (queue 2): a stats buffer of 4106 bytes is longer than 4096; not read"],
        [nameof(StatsNotWholeEntries)] = ["StatsProtocol (queue 2): a stats buffer of 15 bytes is not a whole number of 10-byte entries; not read"],
        [nameof(StatsSplitOverThreeDescriptors)] = [],
        [nameof(StatsTagSetChanges)] = ["StatsProtocol (queue 2): the stats buffer reports a different set of tags than before"],
        [nameof(StatsTagsInAnotherOrder)] = [],
        [nameof(StatsUnknownTagsAreIgnored)] = [],
        [nameof(StatusBitClearedWithoutReset)] = ["StatusProtocol (queue -1): status bits Driver, DriverOk, FeaturesOk cleared without a reset"],
        [nameof(StatusDriverOkBeforeFeaturesOk)] = ["StatusProtocol (queue -1): status Acknowledge, Driver, DriverOk sets a bit before the one that must precede it (ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK)"],
        [nameof(TwoStatsBuffers)] = ["StatsProtocol (queue 2): a second stats buffer was made available while the device held one"],
        [nameof(UnalignedBufferAddressIsAccepted)] = [],
        [nameof(UnalignedLengthIsRefusedWhole)] = ["BadRequestLength (queue 0): the inflate request of 6 bytes is not a whole number of le32 PFNs; refused whole"],
        [nameof(WriteOnlyInflateBuffer)] = ["MalformedQueue (queue 0): Virtqueue 0: WrongDirection: the inflate buffer must be device-readable"],
        [nameof(WriteOnlyStatsBuffer)] = ["MalformedQueue (queue 2): Virtqueue 2: WrongDirection: a stats buffer must be device-readable"],
        [nameof(ZeroLengthRequestIsAnEmptyRequest)] = [],
    };

    private static void CheckOutcome(RawGuest guest, Expect expect, long allocated)
    {
        BalloonDevice device = guest.Device;
        string log = string.Join("; ", device.Violations);
        foreach (ViolationKind kind in Enum.GetValues<ViolationKind>())
        {
            long want = expect.Violations.Where(v => v.Kind == kind).Sum(v => v.Count);
            Assert.True(want == device.Log.CountOf(kind), $"{kind}: expected {want}, got {device.Log.CountOf(kind)} ({log})");
        }
        if (expect.QueueError is VirtqueueError error)
        {
            Assert.Contains(device.Violations, v => v.Kind == ViolationKind.MalformedQueue && v.Detail.Contains($": {error}:", StringComparison.Ordinal));
            Assert.True(device.Status.HasFlag(DeviceStatus.DeviceNeedsReset), "a malformed queue sets DEVICE_NEEDS_RESET");
            Assert.True(device.ConfigInterruptPending, "DEVICE_NEEDS_RESET comes with a config-change interrupt");
        }
        else Assert.False(device.Status.HasFlag(DeviceStatus.DeviceNeedsReset));
        Assert.Equal(expect.BalloonPages, device.BalloonPages);
        long held = 0;
        for (ulong p = 0; p < guest.Memory.Pages; p++) if (device.IsBallooned(p)) held++;
        Assert.Equal(device.BalloonPages, held);
        Assert.True(device.Violations.Count <= ViolationLog.SampleLimit);
        Assert.True(allocated < 64 << 10, $"the device allocated {allocated} managed bytes serving one request");
        expect.Also?.Invoke(guest);
    }

    /// <summary>The other side's state intact: a correct driver resets the device and reaches a target.</summary>
    private static void RecoverWithACorrectDriver(GuestMemory memory, BalloonDevice device)
    {
        long before = device.Log.Total;
        var rig = new GuestRig(device: device, memory: memory);
        rig.Use(20);
        device.SetTarget(40);
        rig.Run();
        rig.AssertAgreed(40);
        Assert.Equal(before, device.Log.Total);
    }

    // --- lengths ----------------------------------------------------------------------------------------------
    private static Expect ZeroLengthRequestIsAnEmptyRequest(RawGuest g)
    {
        g.Descriptor(0, 0, RawGuest.Buffer(0), 0);
        g.Publish(0, 0);
        return new Expect(0) { Also = x => Assert.Equal(1, x.UsedIdx(0)) };
    }

    private static Expect UnalignedLengthIsRefusedWhole(RawGuest g)
    {
        g.Pfns(RawGuest.Buffer(0), 700, 701);
        g.Descriptor(0, 0, RawGuest.Buffer(0), 6);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.BadRequestLength, 1)) { Also = x => Assert.Equal(1, x.UsedIdx(0)) };
    }

    private static Expect FourMiBZeroBufferIsOneViolation(RawGuest g)
    {
        g.Descriptor(0, 0, 4 * MiB, (uint)(4 * MiB));   // zeros: a million PFN 0s
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.RequestTooLong, 1));
    }

    private static Expect Exactly256PfnsAreAccepted(RawGuest g)
    {
        g.Request(0, 0, 0, [.. Enumerable.Range(1000, 256).Select(i => (uint)i)]);
        return new Expect(256);
    }

    private static Expect Pfns257AreRefusedWhole(RawGuest g)
    {
        g.Request(0, 0, 0, [.. Enumerable.Range(1000, 257).Select(i => (uint)i)]);
        return new Expect(0, (ViolationKind.RequestTooLong, 1));
    }

    private static Expect LengthsSummingPast32BitsAreRefused(RawGuest g)
    {
        // Q descriptors of 2^32 − 4 bytes each (inside the guest only by their sum's wrap): the first is outside guest
        // memory of 8 MiB, which is the malformed-queue outcome; the 4 GiB guest case is its own test below.
        g.Descriptor(0, 0, 0, 0xFFFF_FFFC, VirtqueueLayout.FlagNext, 1);
        g.Descriptor(0, 1, 0, 8);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.BufferOutsideGuestMemory };
    }

    // --- addresses --------------------------------------------------------------------------------------------
    private static Expect BufferOutsideMemory(RawGuest g)
    {
        g.Descriptor(0, 0, 8 * MiB, 4);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.BufferOutsideGuestMemory };
    }

    private static Expect BufferAddressWrapping64Bits(RawGuest g)
    {
        g.Descriptor(0, 0, ulong.MaxValue - 3, 8);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.BufferOutsideGuestMemory };
    }

    private static Expect UnalignedBufferAddressIsAccepted(RawGuest g)
    {
        g.Pfns(RawGuest.Buffer(0) + 1, 900, 901);
        g.Descriptor(0, 0, RawGuest.Buffer(0) + 1, 8);
        g.Publish(0, 0);
        return new Expect(2);
    }

    // --- chains -----------------------------------------------------------------------------------------------
    private static Expect ChainLoop(RawGuest g)
    {
        g.Descriptor(0, 0, RawGuest.Buffer(0), 4, VirtqueueLayout.FlagNext, 1);
        g.Descriptor(0, 1, RawGuest.Buffer(0), 4, VirtqueueLayout.FlagNext, 0);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.ChainLoop };
    }

    private static Expect ChainSelfLoop(RawGuest g)
    {
        g.Descriptor(0, 3, RawGuest.Buffer(0), 4, VirtqueueLayout.FlagNext, 3);
        g.Publish(0, 3);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.ChainLoop };
    }

    private static Expect ChainThroughEveryDescriptorAndBack(RawGuest g)
    {
        for (int i = 0; i < g.QueueSize; i++) g.Descriptor(0, i, RawGuest.Buffer(0), 0, VirtqueueLayout.FlagNext, (ushort)((i + 1) % g.QueueSize));
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.ChainLoop };
    }

    private static Expect HeadIndexOutOfRange(RawGuest g)
    {
        g.Publish(0, (ushort)(g.QueueSize + 3));
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.DescriptorIndexOutOfRange };
    }

    private static Expect NextIndexOutOfRange(RawGuest g)
    {
        g.Descriptor(0, 0, RawGuest.Buffer(0), 4, VirtqueueLayout.FlagNext, 0xFFFF);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.DescriptorIndexOutOfRange };
    }

    private static Expect DescriptorSharedWithAHeldChain(RawGuest g)
    {
        // The device holds the stats buffer (descriptor 0); a second chain on the stats queue goes through it.
        uint len = g.Stats(RawGuest.Buffer(0), (4, 1), (5, 2));
        g.Descriptor(2, 0, RawGuest.Buffer(0), len);
        g.Descriptor(2, 1, RawGuest.Buffer(1), 0, VirtqueueLayout.FlagNext, 0);
        g.Publish(2, 0, 1);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.DescriptorInUse };
    }

    private static Expect IndirectDescriptor(RawGuest g)
    {
        g.Descriptor(0, 0, RawGuest.Buffer(0), 16, VirtqueueLayout.FlagIndirect);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.IndirectNotNegotiated };
    }

    private static Expect WriteOnlyInflateBuffer(RawGuest g)
    {
        g.Pfns(RawGuest.Buffer(0), 900);
        g.Descriptor(0, 0, RawGuest.Buffer(0), 4, VirtqueueLayout.FlagWrite);
        g.Publish(0, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.WrongDirection };
    }

    private static Expect WriteOnlyStatsBuffer(RawGuest g)
    {
        g.Descriptor(2, 0, RawGuest.Buffer(0), 10, VirtqueueLayout.FlagWrite);
        g.Publish(2, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.WrongDirection };
    }

    // --- ring indices -----------------------------------------------------------------------------------------
    private static Expect AvailIndexJumpsBeyondTheQueueSize(RawGuest g)
    {
        g.SetAvailIdx(0, (ushort)(g.QueueSize + 1));
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.AvailIndexJump };
    }

    private static Expect AvailIndexGoesBackwards(RawGuest g)
    {
        g.Request(0, 0, 0, 900);
        g.Device.Service();
        g.SetAvailIdx(0, 0);   // one behind what the device consumed: 65535 entries ahead
        return new Expect(1, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.AvailIndexJump };
    }

    private static Expect AvailIndexWrapsAt65536(RawGuest g)
    {
        g.Handshake(Default, initialIndex: 65534);
        for (int i = 0; i < 4; i++) { g.Request(0, i, i, (uint)(900 + i)); g.Device.Service(); }
        return new Expect(4) { Also = x => Assert.Equal(2, x.UsedIdx(0)) };
    }

    // --- PFNs -------------------------------------------------------------------------------------------------
    private static Expect PfnOutOfRange(RawGuest g)
    {
        g.Request(0, 0, 0, 900, 2048, uint.MaxValue);
        return new Expect(1, (ViolationKind.PfnOutsideGuest, 2));
    }

    private static Expect PfnDuplicatedWithinARequest(RawGuest g)
    {
        g.Request(0, 0, 0, 900, 900, 901);
        return new Expect(2, (ViolationKind.InflateOfBallooned, 1));
    }

    private static Expect PfnDuplicatedAcrossRequests(RawGuest g)
    {
        g.Request(0, 0, 0, 900, 901);
        g.Device.Service();
        g.Request(0, 1, 1, 901, 902);
        return new Expect(3, (ViolationKind.InflateOfBallooned, 1));
    }

    private static Expect DeflateOfAPageNeverInflated(RawGuest g)
    {
        g.Device.SetTarget(0);
        g.Request(0, 0, 0, 900);
        g.Device.Service();
        g.Request(1, 0, 0, 900, 901);
        return new Expect(0, (ViolationKind.DeflateOfUnacknowledged, 1));
    }

    private static Expect PfnStraddlesTwoDescriptors(RawGuest g)
    {
        g.Pfns(RawGuest.Buffer(0), 900, 901);
        g.Descriptor(0, 0, RawGuest.Buffer(0), 3, VirtqueueLayout.FlagNext, 1);
        g.Descriptor(0, 1, RawGuest.Buffer(0) + 3, 5);
        g.Publish(0, 0);
        return new Expect(2) { Also = x => Assert.True(x.Device.IsBallooned(900) && x.Device.IsBallooned(901)) };
    }

    private static Expect DeflateWithoutOomWhileTheTargetIsNotBelow(RawGuest g)
    {
        g.Handshake(BalloonFeatures.MustTellHost);
        g.Device.SetTarget(2);
        g.Request(0, 0, 0, 900, 901);
        g.Device.Service();
        g.Request(1, 0, 0, 901);
        return new Expect(1, (ViolationKind.DeflateWithoutOom, 1));
    }

    private static Expect DeflateWithoutOomBelowTheTargetIsFine(RawGuest g)
    {
        g.Handshake(BalloonFeatures.MustTellHost);
        g.Device.SetTarget(2);
        g.Request(0, 0, 0, 900, 901);
        g.Device.Service();
        g.Device.SetTarget(1);
        g.Request(1, 0, 0, 901);
        return new Expect(1);
    }

    // --- stats ------------------------------------------------------------------------------------------------
    private static readonly (ushort, ulong)[] TenTags = [.. Enumerable.Range(0, 10).Select(t => ((ushort)t, (ulong)(100 + t)))];

    private static Expect TwoStatsBuffers(RawGuest g)
    {
        g.Descriptor(2, 0, RawGuest.Buffer(0), g.Stats(RawGuest.Buffer(0), TenTags));
        g.Descriptor(2, 1, RawGuest.Buffer(1), g.Stats(RawGuest.Buffer(1), TenTags));
        g.Publish(2, 0, 1);
        return new Expect(0, (ViolationKind.StatsProtocol, 1)) { Also = x => Assert.Equal(1, x.UsedIdx(2)) };
    }

    private static Expect StatsTagsInAnotherOrder(RawGuest g)
    {
        g.Descriptor(2, 0, RawGuest.Buffer(0), g.Stats(RawGuest.Buffer(0), TenTags));
        g.Publish(2, 0);
        g.Device.Service();
        Assert.True(g.Device.RequestStats());
        g.Descriptor(2, 1, RawGuest.Buffer(1), g.Stats(RawGuest.Buffer(1), [.. TenTags.Reverse()]));
        g.Publish(2, 1);
        return new Expect(0) { Also = x => Assert.Equal(2, x.Device.StatsReceived) };
    }

    private static Expect StatsUnknownTagsAreIgnored(RawGuest g)
    {
        g.Descriptor(2, 0, RawGuest.Buffer(0), g.Stats(RawGuest.Buffer(0), [.. TenTags, (42, 7), (0xFFFF, 8)]));
        g.Publish(2, 0);
        return new Expect(0)
        {
            Also = x =>
            {
                Assert.Equal(10, x.Device.LastStats.Count);
                Assert.Equal(104UL, x.Device.LastStats[BalloonStatTag.FreeMemory]);
            },
        };
    }

    private static Expect StatsSplitOverThreeDescriptors(RawGuest g)
    {
        uint len = g.Stats(RawGuest.Buffer(0), TenTags);
        g.Descriptor(2, 0, RawGuest.Buffer(0), 33, VirtqueueLayout.FlagNext, 1);
        g.Descriptor(2, 1, RawGuest.Buffer(0) + 33, 33, VirtqueueLayout.FlagNext, 2);
        g.Descriptor(2, 2, RawGuest.Buffer(0) + 66, len - 66);
        g.Publish(2, 0);
        return new Expect(0) { Also = x => Assert.Equal(109UL, x.Device.LastStats[BalloonStatTag.HugeTlbFailures]) };
    }

    private static Expect StatsTagSetChanges(RawGuest g)
    {
        g.Descriptor(2, 0, RawGuest.Buffer(0), g.Stats(RawGuest.Buffer(0), TenTags));
        g.Publish(2, 0);
        g.Device.Service();
        Assert.True(g.Device.RequestStats());
        g.Descriptor(2, 1, RawGuest.Buffer(1), g.Stats(RawGuest.Buffer(1), TenTags[..5]));
        g.Publish(2, 1);
        return new Expect(0, (ViolationKind.StatsProtocol, 1));
    }

    private static Expect StatsBufferTooLong(RawGuest g)
    {
        g.Descriptor(2, 0, RawGuest.Buffer(0), BalloonDevice.MaxStatsBytes + 10);
        g.Publish(2, 0);
        return new Expect(0, (ViolationKind.RequestTooLong, 1));
    }

    private static Expect StatsNotWholeEntries(RawGuest g)
    {
        g.Descriptor(2, 0, RawGuest.Buffer(0), 15);
        g.Publish(2, 0);
        return new Expect(0, (ViolationKind.StatsProtocol, 1));
    }

    // --- config and status ------------------------------------------------------------------------------------
    private static Expect PoisonValRewrittenWhileDriverOk(RawGuest g)
    {
        g.Handshake(Default | BalloonFeatures.PagePoison, poisonBeforeDriverOk: 0xAA);
        g.Device.WriteConfig32(BalloonConfig.PoisonVal, 0x55);
        return new Expect(0, (ViolationKind.PoisonValChanged, 1));
    }

    private static Expect PoisonValWrittenWithoutPagePoison(RawGuest g)
    {
        g.Device.WriteConfig32(BalloonConfig.PoisonVal, 0x55);
        return new Expect(0, (ViolationKind.PoisonValChanged, 1));
    }

    private static Expect ActualAheadOfAcknowledgements(RawGuest g)
    {
        g.Request(0, 0, 0, 900);
        g.Device.Service();
        g.Device.WriteConfig32(BalloonConfig.Actual, 5);
        return new Expect(1, (ViolationKind.ActualNotAcknowledged, 1));
    }

    private static Expect StatusDriverOkBeforeFeaturesOk(RawGuest g)
    {
        g.Device.WriteStatus(DeviceStatus.Reset);
        g.Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.DriverOk);
        return new Expect(0, (ViolationKind.StatusProtocol, 1)) { Also = x => Assert.Equal(DeviceStatus.Reset, x.Device.Status) };
    }

    private static Expect StatusBitClearedWithoutReset(RawGuest g)
    {
        g.Device.WriteStatus(DeviceStatus.Acknowledge);
        return new Expect(0, (ViolationKind.StatusProtocol, 1)) { Also = x => Assert.True(x.Device.Status.HasFlag(DeviceStatus.DriverOk)) };
    }

    private static Expect FeaturesNotOfferedAreRefusedAtFeaturesOk(RawGuest g)
    {
        g.Device.WriteStatus(DeviceStatus.Reset);
        g.Device.WriteStatus(DeviceStatus.Acknowledge);
        g.Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        g.Device.WriteDriverFeatures(BalloonFeatures.Version1 | BalloonFeatures.FreePageHint);
        g.Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        return new Expect(0, (ViolationKind.FeatureNegotiation, 1))
        {
            Also = x =>
            {
                Assert.False(x.Device.Status.HasFlag(DeviceStatus.FeaturesOk));
                Assert.Equal(BalloonFeatures.None, x.Device.NegotiatedFeatures);
            },
        };
    }

    private static Expect NothingIsServedBeforeDriverOk(RawGuest g)
    {
        g.Device.WriteStatus(DeviceStatus.Reset);
        g.Request(0, 0, 0, 900);
        return new Expect(0) { Also = x => Assert.Equal(0, x.UsedIdx(0)) };
    }

    private static Expect QueueSetUpAfterDriverOk(RawGuest g)
    {
        g.Device.AttachQueue(0, g.Layout(0));
        return new Expect(0, (ViolationKind.StatusProtocol, 1));
    }

    private static Expect ResetForgetsTheBalloon(RawGuest g)
    {
        g.Request(0, 0, 0, 900, 901);
        g.Device.Service();
        Assert.Equal(2, g.Device.BalloonPages);
        g.Handshake(Default);
        return new Expect(0) { Also = x => Assert.Equal(1, x.Device.Resets) };
    }

    // --- reporting --------------------------------------------------------------------------------------------
    private static Expect ReportOverlappingTheBalloon(RawGuest g)
    {
        g.Handshake(Default | BalloonFeatures.PageReporting);
        g.Request(0, 0, 0, 1024);
        g.Device.Service();
        g.Memory.Touch(1025 * 4096, 4096);
        g.Descriptor(3, 0, 1024 * 4096, 2 * 4096, VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        return new Expect(1, (ViolationKind.ReportOverlapsBalloon, 1))
        {
            Also = x => Assert.Equal(4096UL, x.Device.ReportedBytes),
        };
    }

    private static Expect ReportUnalignedDiscardsOnlyWholePages(RawGuest g)
    {
        g.Handshake(Default | BalloonFeatures.PageReporting);
        g.Memory.Touch(0x300000, 3 * 4096);
        g.Descriptor(3, 0, 0x300000 + 1, 2 * 4096, VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        return new Expect(0)
        {
            Also = x =>
            {
                Assert.Equal(4096UL, x.Device.ReportedBytes);
                Assert.True(x.Memory.IsPopulated(0x300000) && !x.Memory.IsPopulated(0x301000) && x.Memory.IsPopulated(0x302000));
            },
        };
    }

    private static Expect ReportBeyondMemory(RawGuest g)
    {
        g.Handshake(Default | BalloonFeatures.PageReporting);
        g.Descriptor(3, 0, 8 * MiB - 4096, 2 * 4096, VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.BufferOutsideGuestMemory };
    }

    private static Expect ReportLongerThanTheGuest(RawGuest g)
    {
        g.Handshake(Default | BalloonFeatures.PageReporting);
        g.Descriptor(3, 0, 0, (uint)(8 * MiB), VirtqueueLayout.FlagWrite | VirtqueueLayout.FlagNext, 1);
        g.Descriptor(3, 1, 0, 4096, VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        return new Expect(0, (ViolationKind.RequestTooLong, 1)) { Also = x => Assert.Equal(0UL, x.Device.ReportedBytes) };
    }

    private static Expect ReadOnlyReportRange(RawGuest g)
    {
        g.Handshake(Default | BalloonFeatures.PageReporting);
        g.Descriptor(3, 0, 0x300000, 4096);
        g.Publish(3, 0);
        return new Expect(0, (ViolationKind.MalformedQueue, 1)) { QueueError = VirtqueueError.WrongDirection };
    }

    // --- the 4 GiB cases of the issue: lengths that overflowed 32 bits ----------------------------------------
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LengthsOf2To32BytesOnA4GiBGuest_AreOneViolation(int descriptors)
    {
        // One descriptor of 2^32 − 4 bytes, or two of 2^31 (their sum wraps 32 bits): both lie inside the guest.
        var memory = new SimulatedGuestMemory((4UL << 30) + MiB);
        var g = new RawGuest(memory, Default);
        if (descriptors == 1) g.Descriptor(0, 0, 0, 0xFFFF_FFFC);
        else
        {
            g.Descriptor(0, 0, 0, 0x8000_0000, VirtqueueLayout.FlagNext, 1);
            g.Descriptor(0, 1, 0x8000_0000, 0x8000_0000);
        }
        g.Publish(0, 0);
        long allocated = g.ServiceMeasured();
        CheckOutcome(g, new Expect(0, (ViolationKind.RequestTooLong, 1)), allocated);
        // The device goes on: a well-formed request after it is served.
        g.Request(0, 2, 0, 900);
        g.Device.Service();
        Assert.Equal(1, g.Device.BalloonPages);
        Assert.Equal(1L, g.Device.Log.Total);
    }

    /// <summary>The figure for docs/balloon.md: what one 4 MiB zero buffer costs the device.</summary>
    [Fact]
    public void TheFourMiBZeroBuffer_CostsTheDeviceOneViolationAndFewBytes()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        g.Descriptor(0, 0, 4 * MiB, (uint)(4 * MiB));
        g.Publish(0, 0);
        long allocated = g.ServiceMeasured();
        Assert.Equal(1L, g.Device.Log.Total);
        Assert.Single(g.Device.Violations);
        Assert.True(allocated < 4096, $"{allocated} bytes");
        Console.WriteLine($"[balloon figure] 4 MiB zero inflate buffer: {g.Device.Log.Total} violation, {allocated} managed bytes allocated by the device while serving it");
    }

    /// <summary>Many bad PFNs: counted exactly, kept in full only up to the sample limit.</summary>
    [Fact]
    public void ViolationsAreCountedButTheSampleIsBounded()
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        for (int r = 0; r < 8; r++)
        {
            g.Request(0, r, r, [.. Enumerable.Repeat(uint.MaxValue, 256)]);
            g.Device.Service();
        }
        Assert.Equal(8 * 256L, g.Device.Log.CountOf(ViolationKind.PfnOutsideGuest));
        Assert.Equal(ViolationLog.SampleLimit, g.Device.Violations.Count);
    }
}
