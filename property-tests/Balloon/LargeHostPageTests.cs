using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>The host-clean-aware policy with free page reporting against the ideal, on small guests whose workloads
/// leave free memory fragmented (mixed sizes, untouched trimmed tails, pages kept here and there), at every host page
/// size the simulation measures, under QEMU's partial-host-page rule.</summary>
public sealed class LargeHostPageTests
{
    private const ulong Page = 4096;
    private const ulong GuestBytes = 64UL << 20;
    private const ulong FloorBytes = 4UL << 20;

    /// <summary>A page cache of 8 MiB of single pages, then pieces of 1–512 pages (powers of two, or with
    /// <paramref name="oddSizes"/> odd page counts, whose untouched tails the heap keeps clean), all touched; then every
    /// eighth piece and every third run of 64 cache pages stay and the rest is freed in random order. Returns (populated before, populated after, ideal) in bytes.</summary>
    private static (ulong Before, ulong After, ulong Ideal) Run(ulong hostPage, int seed, bool oddSizes)
    {
        using BalloonGuest guest = BalloonGuest.Create(new BalloonGuestOptions
        {
            MemoryBytes = GuestBytes,
            Backing = BackingKind.Simulated,
            Policy = InflatePolicy.HostCleanAwareMru,
            HostPageSize = hostPage,
            FreeFloorBytes = FloorBytes,
            DriverFeatures = new BalloonDriverOptions().RequestedFeatures | BalloonFeatures.PageReporting,
        });
        var random = new Random(seed);
        var cache = new List<ulong>();
        for (int i = 0; i < 2048; i++) cache.Add(guest.AllocateAndTouch(Page));
        var pieces = new List<(ulong Address, ulong Size)>();
        for (ulong total = 0; total < GuestBytes / 2;)
        {
            ulong pages = oddSizes ? (ulong)(random.Next(1, 128) * 2 + 1) : 1UL << random.Next(0, 10);
            pieces.Add((guest.AllocateAndTouch(pages * Page), pages * Page));
            total += pages * Page;
        }
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pieces));
        for (int i = 0; i < pieces.Count; i++) if (i % 8 != 0) guest.Free(pieces[i].Address, pieces[i].Size);
        for (int i = 0; i < cache.Count; i++) if (i / 64 % 3 != 0) guest.Free(cache[i], Page);

        uint target = (uint)(GuestBytes / 2 / Page);
        ulong free = guest.GuestFreeBytes;
        ulong budget = Math.Min(target, (free - FloorBytes) / Page);
        ulong ideal = guest.IdealReleasableBytes(budget);
        ulong before = guest.HostPopulatedBytes;
        guest.SetTarget(target);
        RunReport report = guest.RunUntilQuiescent();
        Assert.Equal(target, report.Actual);
        Assert.Empty(guest.Violations);
        Assert.Empty(guest.Heap!.CheckInvariants());
        return (before, guest.HostPopulatedBytes, ideal);
    }

    [Theory]
    [InlineData(4UL << 10, 0.99, false)] [InlineData(4UL << 10, 0.99, true)]
    [InlineData(64UL << 10, 0.90, false)] [InlineData(64UL << 10, 0.90, true)]
    [InlineData(2UL << 20, 0.90, false)] [InlineData(2UL << 20, 0.90, true)]
    public void HostCleanAwareWithReporting_ReleasesAtLeastTheGoalShareOfTheIdeal(ulong hostPage, double goal, bool oddSizes)
    {
        for (int seed = 1; seed <= 3; seed++)
        {
            (ulong before, ulong after, ulong ideal) = Run(hostPage, seed, oddSizes);
            ulong released = before - Math.Min(before, after);
            Assert.True(ideal > 0, $"seed {seed}: the workload left no wholly free populated host page");
            Assert.True(released >= goal * ideal,
                $"host page {hostPage >> 10} KiB, seed {seed}, odd sizes {oddSizes}: released {released >> 10} KiB of an ideal {ideal >> 10} KiB");
        }
    }
}
