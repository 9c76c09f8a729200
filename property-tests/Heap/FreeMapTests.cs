using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>
/// The free map (one bit per buddy pair, the allocated-state check of every free): the invariant checker reports a
/// corrupted bit under <see cref="Invariants.FreeMapMatchesPages"/>, and the check it makes possible gives the
/// page-by-page reference's answer for every span of every state reached, at every maximum order up to 5 and with
/// ranges that start and end on odd pages (pairs cut by a range boundary).
/// </summary>
public sealed class FreeMapTests
{
    private const ulong Page = 4096;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void ACorruptedBitIsReportedUnderItsName(int maxOrder)
    {
        var heap = new BuddyHeap(Page, Page << maxOrder);
        heap.AddRange(Page, 37 * Page);   // an odd first page: the first pair is cut by the range boundary
        ulong bSize = Math.Min(3 * Page, heap.MaxBlockSize);
        ulong a = heap.Allocate(Page), b = heap.Allocate(bSize);
        heap.Free(a, Page);
        Assert.Empty(heap.CheckInvariants());
        // The range's records follow the K + 1 sentinels: 19 pairs (pages 0..37), or 37 pages when K = 0.
        for (uint index = (uint)maxOrder + 1; index < (uint)maxOrder + 1 + 19; index++)
        {
            heap.FlipFreeMapBitForTest(index);
            IReadOnlyList<InvariantViolation> violations = heap.CheckInvariants();
            Assert.Contains(violations, v => v.Invariant == Invariants.FreeMapMatchesPages && v.Detail.Contains($"record {index} "));
            Assert.All(violations, v => Assert.Equal(Invariants.FreeMapMatchesPages, v.Invariant));
            heap.FlipFreeMapBitForTest(index);
            Assert.Empty(heap.CheckInvariants());
        }
        heap.Free(b, bSize);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void ASentinelBitIsReported()
    {
        var heap = new BuddyHeap(Page, 8 * Page);
        heap.AddRange(0, 64 * Page);
        heap.FlipFreeMapBitForTest(0);
        Assert.Contains(heap.CheckInvariants(), v => v.Invariant == Invariants.FreeMapMatchesPages && v.Detail.Contains("record 0 "));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void EveryCheckOfEverySpanAgreesWithThePageByPageReference(int maxOrder)
    {
        for (int seed = 0; seed < 6; seed++)
        {
            var random = new Random(seed * 31 + maxOrder);
            var heap = new BuddyHeap(Page, Page << maxOrder);
            var reference = new ReferenceHeap(Page, maxOrder);
            // Two adjacent ranges meeting on an odd page, then a gap, then a third: pairs are cut at every boundary.
            foreach ((ulong first, ulong pages) in new[] { (3UL, 21UL), (24UL, 9UL), (41UL, 16UL) })
            {
                heap.AddRange(first * Page, pages * Page);
                Assert.Equal(RangeError.None, reference.AddRange(first * Page, pages * Page));
            }
            var held = new List<(ulong Address, ulong Size)>();
            for (int step = 0; step < 60; step++)
            {
                if (held.Count > 0 && random.Next(3) == 0)
                {
                    // Free a random piece of a random allocation: any span of allocated pages is a valid free.
                    int at = random.Next(held.Count);
                    (ulong address, ulong size) = held[at];
                    held.RemoveAt(at);
                    ulong pages = size / Page, skip = (ulong)random.Next((int)pages), take = 1 + (ulong)random.Next((int)(pages - skip));
                    Assert.Equal(reference.Free(address + skip * Page, take * Page), heap.TryFree(address + skip * Page, take * Page));
                    if (skip > 0) held.Add((address, skip * Page));
                    if (skip + take < pages) held.Add((address + (skip + take) * Page, (pages - skip - take) * Page));
                }
                else
                {
                    ulong size = (ulong)random.Next(1, (int)(Page << maxOrder) + 1);
                    ulong? expected = reference.Allocate(size);
                    bool done = heap.TryAllocate(size, out ulong address);
                    Assert.Equal(expected.HasValue, done);
                    if (done)
                    {
                        Assert.Equal(expected!.Value, address);
                        held.Add((address, (size + Page - 1) / Page * Page));
                    }
                }
                Assert.Empty(heap.CheckInvariants());
                for (ulong first = 0; first < 60; first++)
                {
                    for (ulong pages = 1; pages <= 10; pages++)
                    {
                        FreeResult expected = reference.Clone().Free(first * Page, pages * Page);
                        Assert.Equal(expected, heap.CheckFree(first * Page, pages * Page));
                    }
                }
            }
        }
    }
}
