using FsCheck;
using FsCheck.Fluent;
using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>
/// The behaviours the heap is for, as named properties: MRU reuse, reuse of one region for every size, the order in
/// which the tail of an odd-sized allocation comes back, exact accounting when a block is freed in pieces, no leak,
/// and allocatable memory that grows with the range.
/// </summary>
public sealed class HeapProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(150 * TestScale.Factor).WithQuietOnSuccess(true);

    private static Gen<(ulong PageSize, int MaxOrder)> Geometry() =>
        from pageSize in Gen.Elements(512UL, 4096UL, 65536UL)
        from maxOrder in Gen.Elements(0, 1, 3, 5, 9)
        select (pageSize, maxOrder);

    private static void AssertClean(BuddyHeap heap) => Assert.Empty(heap.CheckInvariants());

    private static void ForAll<T>(Gen<T> gen, Action<T> property) =>
        Check.One(Runs, Prop.ForAll(Arb.From(gen), property));

    /// <summary>Blocks freed without merging come back in exactly the reverse of the order they were freed.</summary>
    [Fact]
    public void MruFreedBlocksComeBackInReverseOrder() => ForAll(
        from g in Geometry().Where(g => g.MaxOrder > 0)
        from order in Gen.Choose(0, g.MaxOrder - 1)
        from pairs in Gen.Choose(1, 12)
        from freeOrder in Gen.Shuffle(Enumerable.Range(0, pairs).ToArray())
        select (g.PageSize, g.MaxOrder, order, pairs, freeOrder),
        t =>
        {
            var heap = new BuddyHeap(t.PageSize, t.PageSize << t.MaxOrder);
            ulong size = t.PageSize << t.order;
            heap.AddRange(0, (ulong)(2 * t.pairs) * size);
            ulong[] blocks = Enumerable.Range(0, 2 * t.pairs).Select(_ => heap.Allocate(size)).ToArray();
            // Free the upper half of each pair only: every freed block's buddy stays allocated, so nothing merges.
            ulong[] freed = t.freeOrder.Select(i => blocks[2 * i + 1]).ToArray();
            foreach (ulong block in freed) heap.Free(block, size);
            ulong[] again = freed.Select(_ => heap.Allocate(size)).ToArray();
            Assert.Equal(freed.Reverse(), again);
            AssertClean(heap);
        });

    /// <summary>Allocating n blocks, freeing them in reverse, and allocating n again gives the same blocks in the same order.</summary>
    [Fact]
    public void MruReverseFreeThenReallocateGivesTheSameSequence() => ForAll(
        from g in Geometry()
        from order in Gen.Choose(0, g.MaxOrder)
        from count in Gen.Choose(1, 40)
        select (g.PageSize, g.MaxOrder, order, count),
        t =>
        {
            var heap = new BuddyHeap(t.PageSize, t.PageSize << t.MaxOrder);
            ulong size = t.PageSize << t.order;
            heap.AddRange(t.PageSize << t.MaxOrder, (ulong)t.count * size + (t.PageSize << t.MaxOrder));
            ulong[] first = Enumerable.Range(0, t.count).Select(_ => heap.Allocate(size)).ToArray();
            foreach (ulong block in first.Reverse()) heap.Free(block, size);
            ulong[] second = Enumerable.Range(0, t.count).Select(_ => heap.Allocate(size)).ToArray();
            Assert.Equal(first, second);
            AssertClean(heap);
        });

    /// <summary>On an otherwise empty heap, allocate-and-free of any size always lands on the same region.</summary>
    [Fact]
    public void SameRegionIsReusedForEverySize() => ForAll(
        from g in Geometry()
        from blocks in Gen.Choose(1, 4)
        from sizes in Gen.NonEmptyListOf(Gen.Choose(1, (int)Math.Min(int.MaxValue, g.PageSize << g.MaxOrder)))
        select (g.PageSize, g.MaxOrder, blocks, sizes),
        t =>
        {
            var heap = new BuddyHeap(t.PageSize, t.PageSize << t.MaxOrder);
            ulong block = t.PageSize << t.MaxOrder;
            heap.AddRange(3 * block, (ulong)t.blocks * block);
            foreach (int size in t.sizes)
            {
                Assert.Equal(3 * block, heap.Allocate((ulong)size));
                heap.Free(3 * block, (ulong)size);
                AssertClean(heap);
            }
            Assert.Equal((ulong)t.blocks, heap.FreeBlockCount(t.MaxOrder));
        });

    /// <summary>After an allocation of n pages from one max-order block, single pages come back in ascending address
    /// order: first the freed tail [B + n, B + 2^k), then the upper halves of the splits, smallest order first.</summary>
    [Fact]
    public void TailOfAnOddAllocationComesBackPageByPageInAddressOrder() => ForAll(
        from g in Geometry()
        from pages in Gen.Choose(1, 1 << g.MaxOrder)
        select (g.PageSize, g.MaxOrder, pages),
        t =>
        {
            var heap = new BuddyHeap(t.PageSize, t.PageSize << t.MaxOrder);
            ulong blockPages = 1UL << t.MaxOrder;
            heap.AddRange(0, blockPages * t.PageSize);
            Assert.Equal(0UL, heap.Allocate((ulong)t.pages * t.PageSize - t.PageSize / 2));
            Assert.Equal((ulong)t.pages * t.PageSize, heap.AllocatedBytes);
            for (ulong page = (ulong)t.pages; page < blockPages; page++)
                Assert.Equal(page * t.PageSize, heap.Allocate(1));
            Assert.False(heap.TryAllocate(1, out _));
            AssertClean(heap);
        });

    /// <summary>A max-order block freed in two pieces, split at any page and in either order, keeps the accounting
    /// exact at every step and ends as one free block again.</summary>
    [Fact]
    public void BlockFreedInTwoPiecesKeepsAccountingExact() => ForAll(
        from g in Geometry().Where(g => g.MaxOrder > 0)
        from cut in Gen.Choose(1, (1 << g.MaxOrder) - 1)
        from lowerFirst in Gen.Elements(true, false)
        select (g.PageSize, g.MaxOrder, cut, lowerFirst),
        t =>
        {
            ulong p = t.PageSize, block = p << t.MaxOrder, cut = (ulong)t.cut * p;
            var heap = new BuddyHeap(p, block);
            heap.AddRange(block, 2 * block);
            ulong b = heap.Allocate(block);
            (ulong Address, ulong Size)[] pieces = t.lowerFirst ? [(b, cut), (b + cut, block - cut)] : [(b + cut, block - cut), (b, cut)];
            ulong allocated = block;
            foreach (var (address, size) in pieces)
            {
                heap.Free(address, size);
                allocated -= size;
                Assert.Equal(allocated, heap.AllocatedBytes);
                Assert.Equal(2 * block - allocated, heap.FreeBytes);
                AssertClean(heap);
            }
            Assert.Equal(2UL, heap.FreeBlockCount(t.MaxOrder));
        });

    /// <summary>Any layout fills completely with single pages; everything freed (in any order) can be allocated again,
    /// and the free lists return to exactly the blocks the ranges were carved into.</summary>
    [Fact]
    public void HeapFillsWithSinglePagesAndNothingLeaks() => ForAll(
        from g in Geometry()
        from ranges in Gen.ListOf(Gen.Zip(Gen.Choose(0, 5), Gen.Choose(1, 300)), 4)
        from seed in Gen.Choose(0, int.MaxValue)
        select (g.PageSize, g.MaxOrder, ranges, seed),
        t =>
        {
            var heap = new BuddyHeap(t.PageSize, t.PageSize << t.MaxOrder);
            ulong page = 7;
            foreach (var (gap, pages) in t.ranges)
            {
                page += (ulong)gap;
                heap.AddRange(page * t.PageSize, (ulong)pages * t.PageSize);
                page += (ulong)pages;
            }
            var carved = FreeLists(heap);
            ulong total = heap.TotalBytes;
            for (int round = 0; round < 2; round++)
            {
                var pages = new List<ulong>();
                while (heap.TryAllocate(t.PageSize, out ulong address)) pages.Add(address);
                Assert.Equal(total / t.PageSize, (ulong)pages.Count);
                Assert.Equal(0UL, heap.FreeBytes);
                foreach (ulong address in pages.Shuffled(t.seed + round))
                    heap.Free(address, t.PageSize);
                Assert.Equal(total, heap.FreeBytes);
                Assert.Equal(carved.Select(l => l.Order()), FreeLists(heap).Select(l => l.Order()));
                AssertClean(heap);
            }
        });

    /// <summary>Adding pages at the end of a range never reduces how many blocks of a size can be allocated.</summary>
    [Fact]
    public void AllocatableAmountNeverShrinksAsTheRangeGrows() => ForAll(
        from g in Geometry()
        from start in Gen.Choose(0, 70)
        from pages in Gen.Choose(1, 400)
        from more in Gen.Choose(1, 100)
        from order in Gen.Choose(0, g.MaxOrder)
        select (g.PageSize, g.MaxOrder, start, pages, more, order),
        t =>
        {
            int Fill(int pages)
            {
                var heap = new BuddyHeap(t.PageSize, t.PageSize << t.MaxOrder);
                heap.AddRange((ulong)t.start * t.PageSize, (ulong)pages * t.PageSize);
                int count = 0;
                while (heap.TryAllocate(t.PageSize << t.order, out _)) count++;
                return count;
            }
            Assert.True(Fill(t.pages) <= Fill(t.pages + t.more));
        });

    private static ulong[][] FreeLists(BuddyHeap heap) =>
        Enumerable.Range(0, heap.MaxOrder + 1).Select(heap.FreeListAddresses).ToArray();
}

internal static class ShuffleExtensions
{
    /// <summary>A deterministic shuffle, so a failing property replays exactly.</summary>
    public static List<T> Shuffled<T>(this List<T> items, int seed)
    {
        var random = new Random(seed);
        var copy = new List<T>(items);
        for (int i = copy.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy;
    }
}
