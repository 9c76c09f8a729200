using Verified.Balloon;
using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>Free page reporting: free 2 MiB blocks are reported, the host discards them, they stay free but are marked
/// clean in the guest's heap, so allocations take unreported (dirty) memory first and no block is reported twice while
/// it stays free; the mark goes when one is allocated again.</summary>
public sealed class FreePageReportingTests
{
    private const ulong Block = 2UL << 20;

    private static BalloonGuest NewGuest(BackingKind backing, bool reporting) => BalloonGuest.Create(new BalloonGuestOptions
    {
        MemoryBytes = 32UL << 20,
        Backing = backing,
        FreeFloorBytes = 4UL << 20,
        Reporting = (Order: 9, DelaySteps: 0, BudgetBlocks: int.MaxValue, WatermarkBytes: null),   // 2 MiB blocks
        DriverFeatures = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | (reporting ? BalloonFeatures.PageReporting : 0),
    });

    [Theory]
    [InlineData(BackingKind.Simulated)]
    [InlineData(BackingKind.Real)]
    public void FreedBlocksAreReportedDiscardedAndStillFree(BackingKind backing)
    {
        using BalloonGuest guest = NewGuest(backing, reporting: true);
        Assert.True(guest.Driver.Features.HasFlag(BalloonFeatures.PageReporting));
        var blocks = Enumerable.Range(0, 6).Select(_ => guest.AllocateAndTouch(Block)).ToList();
        ulong populatedTouched = guest.HostPopulatedBytes;
        foreach (ulong b in blocks) guest.Free(b, Block);
        ulong free = guest.GuestFreeBytes;

        RunReport run = guest.RunUntilQuiescent();
        Assert.True(run.Quiescent);
        Assert.Empty(guest.Violations);
        // Every whole free 2 MiB block was reported (the six freed ones among them) and the host dropped the six.
        BackedBuddyHeap heap = guest.Heap!;
        ulong expectedBlocks = (guest.GuestFreeBytes / Block);
        Assert.True(guest.Driver.ReportedBlocks >= 6 && (ulong)guest.Driver.ReportedBlocks <= expectedBlocks);
        Assert.Equal((ulong)guest.Driver.ReportedBlocks * Block, guest.Device.ReportedBytes);
        Assert.Equal((ulong)guest.Driver.ReportedBlocks * Block, heap.CleanFreeBytes);
        Assert.True(guest.HostPopulatedBytes <= populatedTouched - 6 * Block, $"{guest.HostPopulatedBytes} populated after reporting");
        Assert.Equal(free, guest.GuestFreeBytes);   // reported memory is still free memory
        Assert.False(guest.Driver.Step());          // nothing new to report: clean memory is not isolated again

        // Unreported memory first: a small allocation leaves the clean memory alone while any dirty memory fits.
        ulong cleanBefore = heap.CleanFreeBytes;
        ulong small = guest.Allocator.Allocate(4096);
        Assert.Equal(cleanBefore, heap.CleanFreeBytes);
        guest.Free(small, 4096);

        // A reported block cannot be freed again: it is free already.
        Assert.Throws<InvalidFreeException>(() => guest.Free(blocks[^1], 4096));

        // Taking all memory ends up handing the reported blocks out, mark cleared; their pages read as zeros.
        var taken = new List<ulong>();
        while (guest.Allocator.TryAllocate(Block, out ulong a)) taken.Add(a);
        Assert.Equal(0UL, heap.CleanFreeBytes);
        Assert.Contains(blocks[0], taken);
        Assert.Equal(0UL, guest.Memory.ReadUInt64(blocks[0]));
        Assert.Empty(heap.CheckInvariants());
        foreach (ulong a in taken) guest.Free(a, Block);
    }

    [Fact]
    public void WithoutTheFeature_NothingIsReported()
    {
        using BalloonGuest guest = NewGuest(BackingKind.Simulated, reporting: false);
        ulong b = guest.AllocateAndTouch(Block);
        guest.Free(b, Block);
        guest.RunUntilQuiescent();
        Assert.False(guest.Driver.Features.HasFlag(BalloonFeatures.PageReporting));
        Assert.Equal(0, guest.Driver.ReportedBlocks);
        Assert.Equal(0UL, guest.Device.ReportedBytes);
        Assert.True(guest.Memory.IsPopulated(b));
    }

    [Fact]
    public void TheBalloonStillInflatesToItsTarget_TakingReportedBlocksLast()
    {
        using BalloonGuest guest = NewGuest(BackingKind.Simulated, reporting: true);
        guest.RunUntilQuiescent();
        ulong reported = guest.Heap!.CleanFreeBytes;
        Assert.True(reported > 0);
        guest.SetTarget(6000);   // about 23 MiB: more than the unreported memory, so reported blocks are taken
        guest.RunUntilQuiescent();
        Assert.Equal(6000u, guest.BalloonPages);
        Assert.True(guest.Heap.CleanFreeBytes < reported);
        Assert.Empty(guest.Violations);
        Assert.Equal(guest.Driver.QueueMemory.Aggregate(0UL, (s, q) => s + q.Length) + 6000UL * 4096, guest.Allocator.AllocatedBytes);
    }
}
