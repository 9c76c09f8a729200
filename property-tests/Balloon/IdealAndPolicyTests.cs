using Verified.Balloon;
using Verified.Buddy;
using Verified.PropertyTests.BalloonHostile;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>The yardstick and the choices measured against it: the ideal against a brute-force search, QEMU's
/// partial-host-page rule on hand-computed requests, and which pages each inflation policy takes from hand-built free
/// memory.</summary>
public sealed class IdealAndPolicyTests
{
    private const ulong Page = 4096;

    // ---------------------------------------------------------------------------------------------------------------
    // The ideal
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>Every subset of the free pages of at most the budget: the populated sub-pages of the host pages it covers whole.</summary>
    private static ulong BruteForce(bool[] free, bool[] populated, int sub, int budget)
    {
        int[] freePages = [.. Enumerable.Range(0, free.Length).Where(p => free[p])];
        ulong best = 0;
        for (long mask = 0; mask < 1L << freePages.Length; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((ulong)mask) > budget) continue;
            var chosen = new bool[free.Length];
            for (int i = 0; i < freePages.Length; i++) if ((mask & (1L << i)) != 0) chosen[freePages[i]] = true;
            ulong released = 0;
            for (int host = 0; host < free.Length / sub; host++)
            {
                bool whole = true;
                ulong pop = 0;
                for (int p = host * sub; p < (host + 1) * sub; p++) { whole &= chosen[p]; if (populated[p]) pop++; }
                if (whole) released += pop * Page;
            }
            best = Math.Max(best, released);
        }
        return best;
    }

    private static ulong[] Bits(bool[] pages)
    {
        var bits = new ulong[(pages.Length + 63) / 64];
        for (int p = 0; p < pages.Length; p++) if (pages[p]) bits[p / 64] |= 1UL << (p % 64);
        return bits;
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(4)] [InlineData(8)]
    public void TheIdealEqualsABruteForceSearchOnTinyGuests(int sub)
    {
        const int Pages = 16;
        var random = new Random(100 + sub);
        for (int trial = 0; trial < 60; trial++)
        {
            bool[] free = [.. Enumerable.Range(0, Pages).Select(_ => random.Next(4) != 0)];
            bool[] populated = [.. Enumerable.Range(0, Pages).Select(_ => random.Next(3) != 0)];
            int budget = random.Next(Pages + 1);
            ulong expected = BruteForce(free, populated, sub, budget);
            Assert.Equal(expected, BalloonIdeal.ReleasableBytes(Bits(free), Bits(populated), Pages, (ulong)sub * Page, (ulong)budget));
        }
    }

    [Fact]
    public void TheIdealCountsWholeWordsOfLargeHostPages()
    {
        // 2 MiB host pages (512 sub-pages, 8 words each) on a 4-host-page guest: pages 0 and 2 wholly free, 1 partly.
        const ulong Pages = 4 * 512;
        var free = new bool[Pages];
        var populated = new bool[Pages];
        for (int p = 0; p < 512; p++) { free[p] = true; populated[p] = p < 100; }
        for (int p = 512; p < 1024; p++) { free[p] = p != 700; populated[p] = true; }
        for (int p = 1024; p < 1536; p++) { free[p] = true; populated[p] = p % 2 == 0; }
        Assert.Equal((256UL + 100) * Page, BalloonIdeal.ReleasableBytes(Bits(free), Bits(populated), Pages, 2UL << 20, 2000));
        Assert.Equal(256UL * Page, BalloonIdeal.ReleasableBytes(Bits(free), Bits(populated), Pages, 2UL << 20, 1023));   // one host page only: the richer
        Assert.Equal(0UL, BalloonIdeal.ReleasableBytes(Bits(free), Bits(populated), Pages, 2UL << 20, 511));
        Assert.Throws<ArgumentException>(() => BalloonIdeal.ReleasableBytes(Bits(free), Bits(populated), Pages, 3UL << 20, 10));
        Assert.Throws<ArgumentException>(() => BalloonIdeal.ReleasableBytes(Bits(free), Bits(populated), Pages - 1, 2UL << 20, 10));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // QEMU's partial-host-page rule, by hand
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>16 KiB host pages (4 sub-pages); PFNs 512.. are host pages 128.., all populated first.</summary>
    [Theory]
    [InlineData(HostModel.Qemu)]
    [InlineData(HostModel.IdealHost)]
    public void TheHostReleasesWholeHostPagesByItsRule(HostModel model)
    {
        var memory = new SimulatedGuestMemory(4UL << 20);
        var g = new RawGuest(memory, BalloonFeatures.MustTellHost, hostPageSize: 16 << 10, hostModel: model);
        memory.Touch(512 * Page, 32 * Page);
        bool Populated(int host) => memory.IsPopulated((ulong)host * 4 * Page);

        // a) four sub-pages of host page 128 in one request: discarded by both.
        g.Request(0, 0, 0, 512, 513, 514, 515);
        g.Device.ServiceQueue(0);
        Assert.False(Populated(128));

        // b) 516, 517, then 520 (host 130) between 518 and 519: QEMU forgets host 129's partial page; nothing is whole yet.
        g.Request(0, 1, 1, 516, 517, 520, 518, 519);
        g.Device.ServiceQueue(0);
        Assert.Equal(model == HostModel.IdealHost, !Populated(129));   // the ideal host counted all four of 129
        Assert.True(Populated(130));

        // c) 521-523 complete host 130 across two requests: only the ideal host remembers 520.
        g.Request(0, 2, 2, 521, 522, 523);
        g.Device.ServiceQueue(0);
        Assert.Equal(model == HostModel.IdealHost, !Populated(130));

        // d) any order inside one request: host 131 discarded by both.
        g.Request(0, 3, 3, 527, 526, 525, 524);
        g.Device.ServiceQueue(0);
        Assert.False(Populated(131));
        Assert.Equal(model == HostModel.IdealHost ? 4 * 16UL << 10 : 2 * 16UL << 10, g.Device.DiscardedBytes);
        Assert.Empty(g.Device.Violations);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Each policy's choice from hand-built free memory
    // ---------------------------------------------------------------------------------------------------------------

    /// <summary>A 16 MiB guest whose memory is all allocated (and written) except the pages freed here, in this order.</summary>
    private static BalloonGuest GuestWithFreePages(InflatePolicy policy, ulong[] freedInOrder, ulong[]? freedClean = null, ulong hostPage = Page,
        bool reporting = false)
    {
        var guest = BalloonGuest.Create(new BalloonGuestOptions
        {
            MemoryBytes = 16UL << 20,
            Backing = BackingKind.Simulated,
            Policy = policy,
            FreeFloorBytes = 0,
            HostPageSize = hostPage,
            DriverFeatures = BalloonFeatures.MustTellHost | (reporting ? BalloonFeatures.PageReporting : 0),
        });
        var held = new HashSet<ulong>();
        while (guest.Allocator.TryAllocate(Page, out ulong a)) { guest.Memory.Touch(a, Page); held.Add(a); }
        foreach (ulong pfn in freedInOrder) { Assert.True(held.Remove(pfn * Page)); guest.Free(pfn * Page, Page); }
        foreach (ulong pfn in freedClean ?? []) { Assert.True(held.Remove(pfn * Page)); guest.Heap!.Free(pfn * Page, Page, PageBacking.Clean); }
        return guest;
    }

    private static ulong[] Inflate(BalloonGuest guest, uint pages)
    {
        guest.SetTarget(pages);
        guest.RunUntilQuiescent();
        Assert.Equal(pages, guest.BalloonPages);
        Assert.Empty(guest.Violations);
        return [.. guest.Driver.BalloonPfns().Order()];
    }

    [Fact]
    public void MruSinglePages_TakesTheMostRecentlyFreedPages()
    {
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.MruSinglePages, [3000, 100, 2001, 77, 1500]);
        Assert.Equal([77UL, 1500, 2001], Inflate(guest, 3));
    }

    [Fact]
    public void FirstFitSinglePages_TakesTheLowestFreePages()
    {
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.FirstFitSinglePages, [3000, 100, 2001, 77, 1500]);
        Assert.Equal([77UL, 100, 1500], Inflate(guest, 3));
    }

    [Fact]
    public void PrePrFirstFit_TakesTheLowestRunLongEnoughForTheWholeRequest()
    {
        // A run of 2 at 100-101, a run of 4 at 2000-2003: a 3-page request fits only the second.
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.PrePrFirstFit1MiB, [100, 101, 2000, 2001, 2002, 2003]);
        Assert.Equal([2000UL, 2001, 2002], Inflate(guest, 3));
    }

    [Fact]
    public void MruBatch_TakesOneBuddyBlockForTheRequest()
    {
        // Pages 2000-2003 merge into one 4-page block; 100 and 101 into a 2-page block: a 3-page request needs the 4-page one
        // and the heap frees its unused fourth page at once.
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.MruBatch1MiB, [100, 101, 2000, 2001, 2002, 2003]);
        Assert.Equal([2000UL, 2001, 2002], Inflate(guest, 3));
    }

    [Fact]
    public void HostCleanAware_TakesDirtyPagesBeforeCleanOnesThatWereFreedLater()
    {
        // 77 and 1500 were written and freed; 3000 and 3003 were deflated (clean) after them: MRU would take those first.
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.HostCleanAwareMru, [77, 1500], freedClean: [3000, 3003]);
        Assert.Equal([77UL, 1500], Inflate(guest, 2));
        Assert.Equal([77UL, 1500, 3003], Inflate(guest, 3));   // then clean memory (its most recently freed), when no dirty page is left

        using BalloonGuest mru = GuestWithFreePages(InflatePolicy.MruSinglePages, [77, 1500, 3000, 3003]);
        Assert.Equal([3000UL, 3003], Inflate(mru, 2));
    }

    [Fact]
    public void HostCleanAware_TakesWholeHostPagesFirstWhenHostPagesAreLarger()
    {
        // 16 KiB host pages: pages 400-403 are one whole free dirty host page; 77, 1500, 2001, 2002 are scattered and freed later.
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.HostCleanAwareMru, [400, 401, 402, 403, 77, 1500, 2001, 2002], hostPage: 16 << 10);
        Assert.Equal([400UL, 401, 402, 403], Inflate(guest, 4));
        Assert.False(guest.Memory.IsPopulated(400 * Page));   // QEMU's rule released it: the run came in one request
    }

    private static ulong[] Range(ulong first, ulong count) => [.. Enumerable.Range(0, (int)count).Select(i => first + (ulong)i)];

    [Fact]
    public void HostCleanAware_BeyondOneRequest_TakesCleanMemoryThenSmallDirtyBlocks_AndWholeDirtyHostPagesLast()
    {
        // 2 MiB host pages (512 sub-pages, more than a request's 256): host page 1 (PFNs 512-1023) is wholly free and
        // dirty; 77 and 1500 are dirty pages of host pages that are not wholly free; 3000 and 3003 are clean.
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.HostCleanAwareMru, [.. Range(512, 512), 77, 1500],
            freedClean: [3000, 3003], hostPage: 2 << 20);
        Assert.Equal([3000UL, 3003], Inflate(guest, 2));                  // clean first: ballooning it costs nothing
        Assert.Equal([77UL, 1500, 3000, 3003], Inflate(guest, 4));        // then dirty pages nothing could release anyway
        ulong[] five = Inflate(guest, 5);                                 // only then the whole dirty host page
        Assert.Single(five, p => p is >= 512 and < 1024);
        Assert.True(guest.Memory.IsPopulated(600 * Page));               // QEMU's rule: inflation released nothing
    }

    [Fact]
    public void HostCleanAware_BeyondOneRequest_ReportsWhollyFreeHostPagesBeforeInflating_PartCleanOnesToo()
    {
        // Host page 1 (512-1023) wholly free and dirty; host page 2 (1024-1535) wholly free, its first half dirty and its
        // second half clean (an untouched tail); host page 3 has one dirty free page (1600) and is otherwise in use.
        using BalloonGuest guest = GuestWithFreePages(InflatePolicy.HostCleanAwareMru, [.. Range(512, 512), .. Range(1024, 256), 1600],
            freedClean: Range(1280, 256), hostPage: 2 << 20, reporting: true);
        Assert.True(guest.Memory.IsPopulated(512 * Page) && guest.Memory.IsPopulated(1024 * Page));
        ulong[] balloon = Inflate(guest, 1);
        Assert.False(guest.Memory.IsPopulated(512 * Page));               // reported, so discarded by the host
        Assert.False(guest.Memory.IsPopulated(1100 * Page));              // the part-clean host page was reported whole
        Assert.True(guest.Memory.IsPopulated(1600 * Page));               // not wholly free: nothing can release it
        Assert.Equal(2 * (2UL << 20), guest.Device.ReportedBytes);
        Assert.Equal(2, guest.Driver.ReportedBlocks);
        Assert.Single(balloon);
        Assert.Equal(PageBacking.Clean, guest.Heap!.FreePageState(700 * Page));   // reported memory is clean again
        Assert.Empty(guest.Heap.CheckInvariants());
    }
}
