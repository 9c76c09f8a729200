using FsCheck;
using FsCheck.Fluent;
using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>The heap's bookkeeping stays within 0.1 % of the memory it manages (4 KiB pages, any range of 64 MiB or more).</summary>
public sealed class MetadataTests
{
    [Fact]
    public void MetadataIsAtMostOneThousandthForRangesOf64MiBOrMore()
    {
        var ranges =
            from startPage in Gen.Choose(0, 1 << 20)
            from pages in Gen.Choose(16384, 1 << 18)          // 64 MiB .. 1 GiB
            from maxOrder in Gen.Choose(1, 18)
            select (startPage, pages, maxOrder);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(ranges), t =>
        {
            var heap = new BuddyHeap(4096, 4096UL << t.maxOrder);
            heap.AddRange((ulong)t.startPage * 4096, (ulong)t.pages * 4096);
            double share = (double)heap.MetadataBytes / heap.TotalBytes;
            Assert.True(share <= 0.001, $"{heap.MetadataBytes} bytes of metadata for {heap.TotalBytes} bytes ({share:P4})");
        }));
    }

    [Fact]
    public void MetadataIsFourBytesAndOneSixteenthPerPageWhenPagesHaveBuddies()
    {
        // One 8-byte record and one free-map bit per buddy pair: 4 + 1/16 bytes per page.
        var heap = new BuddyHeap(4096, 2 << 20);
        heap.AddRange(0, 1UL << 30);
        ulong pages = (1UL << 30) / 4096;
        ulong perPair = heap.MetadataBytes - 64 - (ulong)(heap.MaxOrder + 1) * 16;   // minus the fixed part: sentinels, counters, object
        Assert.InRange(perPair, pages * 4 + pages / 16, pages * 4 + pages / 16 + 64);
    }
}
