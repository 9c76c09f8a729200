using Verified.Balloon;
using Verified.PropertyTests.BalloonHostile;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// What the device does with well-formed and borderline inflate, deflate and report requests, seen from the host's
/// memory: which spans it discards (one discard per run of whole host pages, in address order), how far back the
/// <c>actual</c> check remembers, and what a poisoned report keeps.
/// </summary>
public sealed class DeviceRequestTests
{
    private const ulong MiB = 1UL << 20, Page = 4096;
    private const BalloonFeatures Default = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom;

    /// <summary>Simulated memory that records every discard and residency query the device makes.</summary>
    private sealed class RecordingMemory(ulong size) : GuestMemory(size)
    {
        private readonly SimulatedGuestMemory _inner = new(size);
        public List<(ulong Address, ulong Length)> Discards { get; } = [];
        public List<(ulong Address, int Pages)> Queries { get; } = [];
        protected override void ReadCore(ulong address, Span<byte> destination) => _inner.Read(address, destination);
        protected override void WriteCore(ulong address, ReadOnlySpan<byte> source) => _inner.Write(address, source);
        protected override void PopulateCore(ulong firstPage, ulong pages) => _inner.Touch(firstPage * GuestPageSize, pages * GuestPageSize);
        protected override void DiscardCore(ulong address, ulong length) { Discards.Add((address, length)); _inner.Discard(address, length); }
        protected override void GetPopulatedCore(ulong address, Span<bool> populated) { Queries.Add((address, populated.Length)); _inner.GetPopulated(address, populated); }
    }

    [Fact]
    public void AnInflate_DiscardsEachRunOfConsecutivePagesOnce_InAddressOrder()
    {
        var memory = new RecordingMemory(8 * MiB);
        var g = new RawGuest(memory, Default);
        memory.Discards.Clear();
        g.Request(0, 0, 0, 900, 901, 902, 903, 910, 905, 904);
        g.Device.Service();
        Assert.Equal([(900 * Page, 6 * Page), (910 * Page, Page)], memory.Discards);   // 905 and 904 join 900–903
        Assert.Equal(7 * Page, g.Device.DiscardedBytes);
        Assert.Equal(7, g.Device.BalloonPages);
    }

    [Fact]
    public void OnLargeHostPages_AnInflateDiscardsOnlyWholeHostPages_AndCoalescesThem()
    {
        // 16 KiB host pages, QEMU's rule: a host page goes when its four sub-pages arrive in one request, in a row.
        var memory = new RecordingMemory(8 * MiB);
        var g = new RawGuest(memory, Default, hostPageSize: 16 << 10);
        memory.Discards.Clear();
        g.Request(0, 0, 0, 400, 401, 402, 403, 404, 405, 406, 407, 409, 410, 411);
        g.Device.Service();
        Assert.Equal([(400 * Page, 8 * Page)], memory.Discards);
        Assert.Equal(8 * Page, g.Device.DiscardedBytes);
        Assert.Equal(11, g.Device.BalloonPages);
    }

    [Fact]
    public void OnTheIdealHost_AHostPageGoesWhenItsLastSubPageArrives_InAnyRequest()
    {
        var memory = new RecordingMemory(8 * MiB);
        var g = new RawGuest(memory, Default, hostPageSize: 16 << 10, hostModel: HostModel.IdealHost);
        memory.Discards.Clear();
        g.Request(0, 0, 0, 401, 403, 402);
        g.Device.Service();
        Assert.Empty(memory.Discards);
        g.Request(0, 1, 1, 404, 405, 406, 407, 400);
        g.Device.Service();
        Assert.Equal([(400 * Page, 8 * Page)], memory.Discards);   // both host pages complete: one run, in address order
        // A deflate of one sub-page makes its host page partial again; inflating it back discards the page again.
        g.Request(1, 0, 2, 405);
        g.Device.Service();
        g.Request(0, 2, 3, 405);
        g.Device.Service();
        Assert.Equal((404 * Page, 4 * Page), memory.Discards[^1]);
        Assert.Equal(2, memory.Discards.Count);
        Assert.Equal(0L, g.Device.Log.Total);
    }

    [Fact]
    public void ADeflateWithMustTellHost_AsksResidencyOnceForPagesCloseTogether_AndFindsAPageWrittenInTheBalloon()
    {
        var memory = new RecordingMemory(64 * MiB);
        var g = new RawGuest(memory, Default);
        g.Request(0, 0, 0, 1000, 1001, 1002);
        g.Device.Service();
        memory.Touch(1001 * Page, 1);   // written while in the balloon
        memory.Queries.Clear();
        g.Request(1, 0, 1, 1002, 1000, 1001, 1500);   // 1500 was never inflated
        g.Device.Service();
        Assert.Equal([(1000 * Page, 501)], memory.Queries);
        Assert.Equal(
        [
            "PageUsedWhileBallooned (queue 1, pfn 0x3E9): the page was written while in the balloon, before its deflation was acknowledged",
            "DeflateOfUnacknowledged (queue 1, pfn 0x5DC): the page is not in the balloon (its inflation was never acknowledged)",
        ], g.Device.Violations.Select(v => v.ToString()));
        Assert.Equal(0, g.Device.BalloonPages);
    }

    [Theory]
    [InlineData(8191u, 1)]   // the span's pages fit one query
    [InlineData(8192u, 2)]   // one page more: each page is asked on its own
    public void ADeflateWithMustTellHost_AsksResidencyPerPageWhenThePagesLieFarApart(uint distance, int queries)
    {
        var memory = new RecordingMemory(64 * MiB);
        var g = new RawGuest(memory, Default);
        g.Request(0, 0, 0, 1000, 1000 + distance);
        g.Device.Service();
        memory.Touch((1000 + distance) * Page, 1);
        memory.Queries.Clear();
        g.Request(1, 0, 1, 1000, 1000 + distance);
        g.Device.Service();
        Assert.Equal(queries, memory.Queries.Count);
        Assert.Equal(queries == 1 ? [(1000 * Page, (int)distance + 1)] : [(1000 * Page, 1), ((1000 + distance) * Page, 1)], memory.Queries);
        Assert.Equal([ViolationKind.PageUsedWhileBallooned], g.Device.Violations.Select(v => v.Kind));
        Assert.Equal(1000UL + distance, g.Device.Violations[0].Pfn);
    }

    [Fact]
    public void ADeflateWithoutMustTellHost_AsksNoResidency()
    {
        var memory = new RecordingMemory(8 * MiB);
        var g = new RawGuest(memory, BalloonFeatures.DeflateOnOom);
        g.Request(0, 0, 0, 1000, 1001);
        g.Device.Service();
        memory.Touch(1001 * Page, 1);
        memory.Queries.Clear();
        g.Request(1, 0, 1, 1000, 1001);
        g.Device.Service();
        Assert.Empty(memory.Queries);
        Assert.Equal(0L, g.Device.Log.Total);
        Assert.Equal(0, g.Device.BalloonPages);
    }

    [Fact]
    public void TheActualCheck_RemembersTheLast1024AcknowledgedRequests_AndOnlyMovesForward()
    {
        var g = new RawGuest(new SimulatedGuestMemory(16 * MiB), Default);
        void Inflate(uint first, uint count)
        {
            for (uint i = 0; i < count; i++) { g.Request(0, 0, 0, first + i); g.Device.Service(); }
        }
        Inflate(1000, 2000);
        g.Device.WriteConfig32(BalloonConfig.Actual, 1500);   // a size the driver saw 500 requests ago: fine
        Inflate(3000, 100);                                   // past 2 × 1024 requests: the oldest are forgotten
        Assert.Equal(2100, g.Device.BalloonPages);
        g.Device.WriteConfig32(BalloonConfig.Actual, 1500);   // still the same match after the trim
        g.Device.WriteConfig32(BalloonConfig.Actual, 1025);   // the oldest size kept ... (moves the match back: refused)
        g.Device.WriteConfig32(BalloonConfig.Actual, 2100);
        g.Device.WriteConfig32(BalloonConfig.Actual, 2099);   // behind what the driver last reported
        Assert.Equal(
        [
            "ActualNotAcknowledged (queue -1): actual 1025 is not the balloon size after any acknowledged inflate and deflate requests (the device has acknowledged 2100 pages)",
            "ActualNotAcknowledged (queue -1): actual 2099 is not the balloon size after any acknowledged inflate and deflate requests (the device has acknowledged 2100 pages)",
        ], g.Device.Violations.Select(v => v.ToString()));
    }

    /// <summary>The window bounds the deflate requests too: after 2100 single-page deflates the device keeps the last
    /// of them only, so a size seen before the oldest kept deflate is refused.</summary>
    [Theory]
    [InlineData(1076u, true)]    // 2100 pages less the 1024 deflated by a request trimmed away
    [InlineData(1075u, false)]   // less the 1025 of the oldest deflate kept
    public void TheActualCheck_ForgetsExactlyTheDeflatesBeyondItsWindow(uint actual, bool refused)
    {
        var g = new RawGuest(new SimulatedGuestMemory(16 * MiB), Default);
        for (uint first = 1000; first < 3100; first += 256)
        {
            g.Request(0, 0, 0, [.. Enumerable.Range(0, (int)Math.Min(256, 3100 - first)).Select(i => first + (uint)i)]);
            g.Device.Service();
        }
        Assert.Equal(2100, g.Device.BalloonPages);
        for (uint i = 0; i < 2100; i++) { g.Request(1, 0, 1, 1000 + i); g.Device.Service(); }
        Assert.Equal(0, g.Device.BalloonPages);
        g.Device.WriteConfig32(BalloonConfig.Actual, actual);
        Assert.Equal(refused ? 1L : 0L, g.Device.Log.CountOf(ViolationKind.ActualNotAcknowledged));
        Assert.Equal(g.Device.Log.Total, g.Device.Log.CountOf(ViolationKind.ActualNotAcknowledged));
    }

    [Theory]
    [InlineData(1024u, true)]    // trimmed away
    [InlineData(1025u, false)]   // the oldest kept
    public void TheActualCheck_ForgetsExactlyTheRequestsBeyondItsWindow(uint actual, bool refused)
    {
        var g = new RawGuest(new SimulatedGuestMemory(16 * MiB), Default);
        for (uint i = 0; i < 2100; i++) { g.Request(0, 0, 0, 1000 + i); g.Device.Service(); }
        g.Device.WriteConfig32(BalloonConfig.Actual, actual);
        Assert.Equal(refused ? 1L : 0L, g.Device.Log.CountOf(ViolationKind.ActualNotAcknowledged));
    }

    [Theory]
    [InlineData(4090u, null)]   // 409 entries: the longest buffer the device reads
    [InlineData(4096u, "StatsProtocol (queue 2): a stats buffer of 4096 bytes is not a whole number of 10-byte entries; not read")]
    [InlineData(4100u, "RequestTooLong (queue 2): a stats buffer of 4100 bytes is longer than 4096; not read")]
    public void AStatsBufferOfUpTo4096Bytes_IsRead_WhenItHoldsWholeEntries(uint length, string? violation)
    {
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default);
        (ushort, ulong)[] entries = [.. Enumerable.Range(0, 410).Select(i => ((ushort)BalloonStatTag.FreeMemory, (ulong)i))];
        g.Stats(RawGuest.Buffer(0), entries);
        g.Descriptor(2, 0, RawGuest.Buffer(0), length);
        g.Publish(2, 0);
        g.Device.Service();
        Assert.Equal(1, g.Device.StatsReceived);
        Assert.Equal(violation is null ? [] : [violation], g.Device.Violations.Select(v => v.ToString()));
        if (violation is null) Assert.Equal(408UL, g.Device.LastStats[BalloonStatTag.FreeMemory]);   // the last of 409 entries
        else Assert.Empty(g.Device.LastStats);
    }

    [Fact]
    public void AReportNamingExactlyTheGuestsSize_IsApplied()
    {
        // Two ranges, [2 MiB, 8 MiB) and [6 MiB, 8 MiB) again: 8 MiB in all, as much as the guest has.
        var g = new RawGuest(new SimulatedGuestMemory(8 * MiB), Default | BalloonFeatures.PageReporting);
        g.Descriptor(3, 0, 2 * MiB, (uint)(6 * MiB), VirtqueueLayout.FlagWrite | VirtqueueLayout.FlagNext, 1);
        g.Descriptor(3, 1, 6 * MiB, (uint)(2 * MiB), VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        g.Device.Service();
        Assert.Equal(8 * MiB, g.Device.ReportedBytes);
        Assert.Equal((1, 0L), ((int)g.UsedIdx(3), g.Device.Log.Total));
    }

    [Fact]
    public void AReportWithANonZeroPoisonValue_DiscardsNothing_ButIsReturned()
    {
        var memory = new RecordingMemory(8 * MiB);
        var g = new RawGuest(memory, Default, attach: false);
        g.Handshake(Default | BalloonFeatures.PageReporting | BalloonFeatures.PagePoison, poisonBeforeDriverOk: 0xAA);
        memory.Touch(0x300000, 4 * Page);
        memory.Discards.Clear();
        g.Descriptor(3, 0, 0x300000, (uint)(4 * Page), VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        g.Device.Service();
        Assert.Empty(memory.Discards);
        Assert.Equal(0UL, g.Device.ReportedBytes);
        Assert.Equal(1, g.UsedIdx(3));
        Assert.Equal(0L, g.Device.Log.Total);
    }

    [Fact]
    public void AReportWithAZeroPoisonValue_DiscardsEachWholeHostPage()
    {
        var memory = new RecordingMemory(8 * MiB);
        var g = new RawGuest(memory, Default, attach: false);
        g.Handshake(Default | BalloonFeatures.PageReporting | BalloonFeatures.PagePoison, poisonBeforeDriverOk: 0);
        memory.Touch(0x300000, 4 * Page);
        memory.Discards.Clear();
        g.Descriptor(3, 0, 0x300000, (uint)(2 * Page), VirtqueueLayout.FlagWrite | VirtqueueLayout.FlagNext, 1);
        g.Descriptor(3, 1, 0x302000, (uint)(2 * Page), VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        g.Device.Service();
        Assert.Equal([(0x300000UL, Page), (0x301000UL, Page), (0x302000UL, Page), (0x303000UL, Page)], memory.Discards);
        Assert.Equal(4 * Page, g.Device.ReportedBytes);
        Assert.False(memory.IsPopulated(0x303000));
    }

    [Fact]
    public void AReportOnLargeHostPages_DiscardsOnlyTheHostPagesWhollyInside_AndSkipsOnesTouchingTheBalloon()
    {
        var memory = new RecordingMemory(8 * MiB);
        var g = new RawGuest(memory, Default, attach: false, hostPageSize: 16 << 10);
        g.Handshake(Default | BalloonFeatures.PageReporting);
        g.Request(0, 0, 0, 0x30B);   // a sub-page of the host page at 0x308000
        g.Device.Service();
        memory.Discards.Clear();
        // [0x301000, 0x311000): the host page at 0x300000 is cut, 0x304000 is whole, 0x308000 holds a ballooned page,
        // 0x30C000 is whole, 0x310000 is cut.
        g.Descriptor(3, 0, 0x301000, 0x10000, VirtqueueLayout.FlagWrite);
        g.Publish(3, 0);
        g.Device.Service();
        Assert.Equal([(0x304000UL, 16UL << 10), (0x30C000UL, 16UL << 10)], memory.Discards);
        Assert.Equal(32UL << 10, g.Device.ReportedBytes);
        Assert.Equal(["ReportOverlapsBalloon (queue 3, pfn 0x308): a reported free range overlaps the balloon"], g.Device.Violations.Select(v => v.ToString()));
    }

    [Fact]
    public void TheAudit_ReadsResidencyOnlyForChunksHoldingADiscardedBalloonedPage_UpToTheLastPartialChunk()
    {
        // 160 MiB: 40960 pages, audited in chunks of 16384 pages (the last one 8192).
        var memory = new RecordingMemory(160 * MiB);
        var g = new RawGuest(memory, Default);
        g.Request(0, 0, 0, 20_000);
        g.Device.Service();
        memory.Queries.Clear();
        Assert.Equal(0, g.Device.Audit());
        Assert.Equal([(16_384 * Page, 16_384)], memory.Queries);

        g.Request(0, 1, 1, 100, 40_959);
        g.Device.Service();
        memory.Touch(100 * Page, 1);
        memory.Touch(20_000 * Page, 1);
        memory.Touch(40_959 * Page, 1);
        memory.Queries.Clear();
        Assert.Equal(3, g.Device.Audit());
        Assert.Equal([(0UL, 16_384), (16_384 * Page, 16_384), (32_768 * Page, 8_192)], memory.Queries);
        Assert.Equal([100UL, 20_000UL, 40_959UL], g.Device.Violations.Select(v => v.Pfn!.Value));
        Assert.All(g.Device.Violations, v => Assert.Equal("a ballooned page the host discarded was written before its deflation", v.Detail));
        Assert.All(g.Device.Violations, v => Assert.Equal(-1, v.Queue));
        memory.Queries.Clear();
        Assert.Equal(0, g.Device.Audit());   // each page once: no chunk holds a discarded ballooned page any more
        Assert.Empty(memory.Queries);
        Assert.Equal(3, g.Device.BalloonPages);
    }
}
