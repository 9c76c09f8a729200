using FsCheck;
using FsCheck.Fluent;
using Verified.Balloon;
using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>The driver and the device together, on the simulated backing: random target changes and workloads; the
/// balloon converges to the target when memory allows, guest pages are conserved, no page is both in the balloon and
/// in use or free in the heap, and the device sees no broken rule.</summary>
public sealed class DriverDeviceProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true);
    private const ulong Page = 4096;
    private const ulong GuestBytes = 32UL << 20;
    private const ulong Floor = 4UL << 20;

    private static BalloonGuest NewGuest(InflatePolicy policy, bool mustTellHost, ulong hostPage = Page, HostModel model = HostModel.Qemu) => BalloonGuest.Create(new BalloonGuestOptions
    {
        HostModel = model,
        MemoryBytes = GuestBytes,
        Backing = BackingKind.Simulated,
        Policy = policy,
        FreeFloorBytes = Floor,
        HostPageSize = hostPage,
        DriverFeatures = BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom | (mustTellHost ? BalloonFeatures.MustTellHost : 0),
    });

    private static ulong QueueBytes(BalloonGuest guest) => guest.Driver.QueueMemory.Aggregate(0UL, (s, q) => s + q.Length);

    /// <summary>Checks conservation and disjointness after a quiescent run.</summary>
    private static void AssertSound(BalloonGuest guest, List<(ulong Address, ulong Size)> held)
    {
        Assert.Empty(guest.Violations);
        ulong heldBytes = held.Aggregate(0UL, (s, h) => s + (h.Size + Page - 1) / Page * Page);
        // Conservation: every allocated page is the driver's queues, a balloon page, or the workload's.
        Assert.Equal(QueueBytes(guest) + guest.BalloonPages * Page + heldBytes, guest.Allocator.AllocatedBytes);
        Assert.Equal(guest.BalloonPages, (uint)guest.Device.BalloonPages);
        ulong[] balloon = guest.Driver.BalloonPfns();
        Assert.Equal((int)guest.BalloonPages, balloon.Length);
        var inBalloon = new HashSet<ulong>(balloon);
        Assert.Equal(balloon.Length, inBalloon.Count);
        foreach (ulong pfn in balloon) Assert.True(guest.Device.IsBallooned(pfn));
        foreach ((ulong address, ulong size) in held)
            for (ulong p = address / Page; p < (address + size + Page - 1) / Page; p++) Assert.DoesNotContain(p, inBalloon);
        if (guest.Heap is BackedBuddyHeap heap)
        {
            Assert.Empty(heap.CheckInvariants());
            foreach (ulong pfn in balloon) Assert.Null(heap.FreePageState(pfn * Page));
        }
        else if (guest.Bitmap is BitmapFirstFitAllocator bitmap)
        {
            foreach (ulong pfn in balloon) Assert.True(bitmap.IsAllocated(pfn * Page));
        }
    }

    [Fact]
    public void RandomTargetsAndWorkloads_ConvergeAndConserveGuestPages() => Check.One(Runs, Prop.ForAll(Arb.From(
        from policy in Gen.Elements(InflatePolicy.MruSinglePages, InflatePolicy.PrePrFirstFit1MiB)
        from mustTell in Gen.Elements(true, false)
        from steps in Gen.ListOf(Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, 8000)))
        select (policy, mustTell, steps.Take(25).ToArray())), t =>
    {
        using BalloonGuest guest = NewGuest(t.policy, t.mustTell);
        var held = new List<(ulong Address, ulong Size)>();
        foreach ((int action, int value) in t.Item3)
        {
            switch (action)
            {
                case 0:
                    ulong size = (ulong)(value % 64 + 1) * Page;
                    if (guest.Allocator.TryAllocate(size, out ulong a)) { guest.Memory.Touch(a, size); held.Add((a, size)); }
                    break;
                case 1:
                    if (held.Count > 0) { (ulong addr, ulong sz) = held[value % held.Count]; held.RemoveAt(value % held.Count); guest.Free(addr, sz); }
                    break;
                default:
                    guest.SetTarget((uint)value);
                    RunReport run = guest.RunUntilQuiescent();
                    Assert.True(run.Quiescent);
                    ulong room = guest.GuestFreeBytes > Floor ? (guest.GuestFreeBytes - Floor) / Page : 0;
                    if (run.InflateBlocked)
                    {
                        Assert.True(guest.BalloonPages < (uint)value);
                        if (t.policy == InflatePolicy.MruSinglePages) Assert.True(room == 0, $"MRU stopped with {room} pages above the floor");
                    }
                    else Assert.Equal((uint)value, guest.BalloonPages);
                    AssertSound(guest, held);
                    break;
            }
        }
        guest.SetTarget(0);
        guest.RunUntilQuiescent();
        Assert.Equal(0u, guest.BalloonPages);
        AssertSound(guest, held);
    }));

    [Fact]
    public void DeflateOnOom_OnlyWhenNegotiated()
    {
        using BalloonGuest guest = NewGuest(InflatePolicy.MruSinglePages, true);
        guest.SetTarget(2000);
        guest.RunUntilQuiescent();
        Assert.Equal(2000u, guest.BalloonPages);
        Assert.Equal(512UL, guest.DeflateOnOom(1UL << 20 | 1));   // ceil(bytes / 1 MiB) = 2 requests of 256
        guest.RunUntilQuiescent();
        Assert.Equal(1488u, guest.BalloonPages);
        AssertSound(guest, []);

        using BalloonGuest plain = BalloonGuest.Create(new BalloonGuestOptions
        {
            MemoryBytes = GuestBytes, Backing = BackingKind.Simulated, FreeFloorBytes = Floor, DriverFeatures = BalloonFeatures.MustTellHost,
        });
        plain.SetTarget(300);
        plain.RunUntilQuiescent();
        Assert.Equal(0UL, plain.DeflateOnOom(1UL << 20));
        plain.RunUntilQuiescent();
        Assert.Equal(300u, plain.BalloonPages);
        Assert.False(plain.RequestStats());   // no STATS_VQ
    }

    [Fact]
    public void StatsBufferStaysQueued_AndIsRefilledEachTimeItComesBack()
    {
        using BalloonGuest guest = NewGuest(InflatePolicy.MruSinglePages, true);
        guest.RunUntilQuiescent();
        Assert.Equal(1, guest.Device.StatsReceived);
        Assert.Equal(10, guest.Device.LastStats.Count);
        ulong a = guest.AllocateAndTouch(1UL << 20);
        Assert.True(guest.RequestStats());
        guest.RunUntilQuiescent();
        Assert.Equal(2, guest.Device.StatsReceived);
        Assert.Equal(guest.GuestFreeBytes, guest.Device.LastStats[BalloonStatTag.FreeMemory]);
        Assert.Equal(GuestBytes, guest.Device.LastStats[BalloonStatTag.TotalMemory]);
        guest.Free(a, 1UL << 20);
        Assert.Empty(guest.Violations);
    }

    [Fact]
    public void LargeHostPages_AreDiscardedOnlyWhenEverySubPageIsBallooned_OnTheIdealHost()
    {
        const ulong HostPage = 64 << 10;   // 16 sub-pages; one PFN per request, so only the ideal host ever completes one
        using BalloonGuest guest = NewGuest(InflatePolicy.MruSinglePages, true, HostPage, HostModel.IdealHost);
        ulong a = guest.AllocateAndTouch(2UL << 20);
        guest.Free(a, 2UL << 20);
        for (uint target = 1; target <= 40; target++)
        {
            ulong before = guest.HostPopulatedBytes;
            ulong discardedBefore = guest.Device.DiscardedBytes;
            guest.SetTarget(target);
            guest.RunUntilQuiescent();
            Assert.Equal(target, guest.BalloonPages);
            // Host pages whose 16 sub-pages are all in the balloon, and only those, are discarded.
            var full = guest.Driver.BalloonPfns().GroupBy(p => p * Page / HostPage).Where(g => g.Count() == 16).Select(g => g.Key).ToList();
            Assert.Equal((ulong)full.Count * HostPage, guest.Device.DiscardedBytes);
            foreach (ulong host in full)
                for (ulong p = host * HostPage; p < (host + 1) * HostPage; p += Page) Assert.False(guest.Memory.IsPopulated(p));
            // (the first request also populates the driver's PFN buffer page, written for the first time)
            if (guest.Device.DiscardedBytes == discardedBefore) Assert.True(guest.HostPopulatedBytes >= before);
        }
        Assert.True(guest.Device.DiscardedBytes >= HostPage, "40 pages were ballooned, yet no host page was whole");
        AssertSound(guest, []);
    }

    [Fact]
    public void TheDeviceReportsADriverThatWritesABalloonedPage()
    {
        using BalloonGuest guest = NewGuest(InflatePolicy.MruSinglePages, true);
        guest.SetTarget(10);
        guest.RunUntilQuiescent();
        ulong pfn = guest.Driver.BalloonPfns()[3];
        guest.Memory.Touch(pfn * Page, Page);   // a use of a ballooned page
        Assert.Equal(1, guest.Device.Audit());
        ProtocolViolation v = Assert.Single(guest.Violations);
        Assert.Equal(ViolationKind.PageUsedWhileBallooned, v.Kind);
        Assert.Equal(pfn, v.Pfn);
    }

    [Theory]
    [InlineData(BackingKind.Simulated)]
    [InlineData(BackingKind.Real)]
    public void WithMustTellHost_TheDeflateReportsAPageWrittenWhileBallooned(BackingKind backing)
    {
        using BalloonGuest guest = BalloonGuest.Create(new BalloonGuestOptions
        {
            MemoryBytes = GuestBytes, Backing = backing, FreeFloorBytes = Floor, DriverFeatures = BalloonFeatures.MustTellHost,
        });
        guest.SetTarget(300);
        guest.RunUntilQuiescent();
        ulong[] pfns = guest.Driver.BalloonPfns();
        guest.Memory.Touch(pfns[^1] * Page, Page);   // the last inflated page: the first one deflated
        guest.Memory.Touch(pfns[^2] * Page, Page);
        guest.SetTarget(0);
        guest.RunUntilQuiescent();
        Assert.Equal(0u, guest.BalloonPages);
        Assert.Equal([pfns[^1], pfns[^2]], guest.Violations.Where(v => v.Kind == ViolationKind.PageUsedWhileBallooned && v.Queue == 1).Select(v => v.Pfn!.Value).Order().Reverse());
        Assert.Equal(2, guest.Violations.Count);
    }

    [Fact]
    public void TheDeviceReportsBadPfns_AndActualAheadOfAcknowledgements()
    {
        using var memory = new SimulatedGuestMemory(4UL << 20);
        var device = new BalloonDevice(memory, BalloonFeatures.MustTellHost);
        var heap = new BuddyHeap();
        heap.AddRange(0, 4UL << 20);
        var driver = new BalloonDriver(memory, heap, device, new BalloonDriverOptions { FreeFloorBytes = 0, RequestedFeatures = BalloonFeatures.MustTellHost });
        // A hand-made inflate request through queue 0: one PFN beyond guest memory, one twice.
        ulong buffer = heap.Allocate(Page);
        memory.WriteUInt32(buffer, 5000);
        memory.WriteUInt32(buffer + 4, 700);
        memory.WriteUInt32(buffer + 8, 700);
        var queue = new DriverVirtqueue(memory, VirtqueueLayout.Contiguous(driver.QueueMemory.First().Address, 64), 0);
        Assert.True(queue.TryAdd([new BufferSegment(buffer, 12, false)], out _));
        device.Service();
        Assert.Equal([ViolationKind.PfnOutsideGuest, ViolationKind.InflateOfBallooned], device.Violations.Select(v => v.Kind));
        Assert.Equal(1, device.BalloonPages);
        device.WriteConfig32(BalloonConfig.Actual, 2);
        Assert.Equal(ViolationKind.ActualNotAcknowledged, device.Violations[^1].Kind);
        Assert.Throws<ArgumentOutOfRangeException>(() => device.WriteConfig32(BalloonConfig.NumPages, 1));
    }
}
