using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>
/// The edges of the heap's and the reserve wrapper's public surface that the model-based suites do not reach: argument
/// checks, the message each size error carries, the exact bookkeeping figure, the capacity limit, and the reserve's
/// own size check and boundary.
/// </summary>
public sealed class EdgeCaseTests
{
    private const ulong P = 4096;

    // --------------------------------------------------------------------------------------------------------------
    // BuddyHeap
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void FreeBlockCountAcceptsExactlyTheOrdersZeroToK()
    {
        var heap = new BuddyHeap(P, 8 * P);
        heap.AddRange(0, 24 * P);   // three order-3 blocks
        Assert.Equal(0UL, heap.FreeBlockCount(0));
        Assert.Equal(3UL, heap.FreeBlockCount(3));
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeBlockCount(-1)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeBlockCount(4)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => heap.FreeBlockCount(int.MinValue));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]          // misaligned and foreign too: the size is judged first
    [InlineData(0x10_0000UL)]  // allocated
    public void CheckFreeOfSizeZeroIsAnInvalidSize(ulong address)
    {
        var heap = new BuddyHeap(P, 2 << 20);
        heap.AddRange(0x10_0000, 0x10_0000);
        Assert.Equal(0x10_0000UL, heap.Allocate(P));
        Assert.Equal(new FreeResult(FreeError.InvalidSize, 0), heap.CheckFree(address, 0));
        Assert.Equal(new FreeResult(FreeError.InvalidSize, 0), heap.TryFree(address, 0));
        Assert.Equal(P, heap.AllocatedBytes);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void EachSizeErrorCarriesItsOwnMessage()
    {
        const ulong M = 8 * P;
        var heap = new BuddyHeap(P, M);
        heap.AddRange(0, 16 * P);
        ulong a = heap.Allocate(P);

        var zero = Assert.Throws<InvalidSizeException>(() => heap.Allocate(0));
        Assert.Equal(0UL, zero.Size);
        Assert.Contains("Size 0 refused: an allocation must ask for at least one byte", zero.Message);

        var large = Assert.Throws<InvalidSizeException>(() => heap.TryAllocate(M + 1, out _));
        Assert.Equal(M + 1, large.Size);
        Assert.Contains($"Size {M + 1} refused: an allocation may ask for at most the maximum block size {M}", large.Message);

        var free = Assert.Throws<InvalidSizeException>(() => heap.Free(a, 0));
        Assert.Equal(0UL, free.Size);
        Assert.Contains("Size 0 refused: a free must cover at least one byte", free.Message);

        Assert.Equal(M, heap.Allocate(M));   // the maximum block size itself is a valid request
        Assert.Equal(M + P, heap.AllocatedBytes);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void MetadataBytesIsTheExactSumOfTheBookkeeping()
    {
        // P = 4 KiB, M = 2 MiB: K = 9, so 10 sentinel records, 10 per-order counters, 64 bytes for the object.
        var heap = new BuddyHeap(P, 2 << 20);
        // 10 records (80 B) + 1 free-map word (8 B) + no ranges + 10 counters (80 B) + 64 B.
        Assert.Equal(232UL, heap.MetadataBytes);
        heap.AddRange(0, 1 << 20);
        // 256 pages = 128 pairs: 138 records (1104 B) + 3 free-map words (24 B) + the range twice (2 × 24 B) + 80 B + 64 B.
        Assert.Equal(1320UL, heap.MetadataBytes);
        heap.AddRange(4 << 20, 3 * P);
        // 2 more pairs (page 1025 starts the second): 140 records (1120 B) + 3 words + 4 range entries (96 B) + 80 + 64.
        Assert.Equal(1384UL, heap.MetadataBytes);
        ulong before = heap.MetadataBytes;
        heap.Free(heap.Allocate(P), P);
        Assert.Equal(before, heap.MetadataBytes);   // operations never grow the bookkeeping
    }

    [Fact]
    public void ReservedMetadataIsCountedOnceAndRangesWithinItReAllocateNothing()
    {
        var heap = new BuddyHeap(P, 2 << 20);
        heap.ReserveMetadata(1 << 20);
        // Room for 10 sentinels + 128 pairs + 1 (an unaligned start): 139 records (1112 B) + 3 free-map words + 80 + 64.
        Assert.Equal(1280UL, heap.MetadataBytes);
        heap.AddRange(0, 1 << 20);
        Assert.Equal(1280UL + 2 * 24, heap.MetadataBytes);   // only the range entries were added
        heap.ReserveMetadata(1 << 20);                           // no shrinking, no change
        Assert.Equal(1328UL, heap.MetadataBytes);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => heap.ReserveMetadata(ulong.MaxValue));
        Assert.Equal("totalBytes", error.ParamName);
        Assert.Equal(1328UL, heap.MetadataBytes);
        Assert.Equal(0UL, heap.Allocate(1 << 20));
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void ReserveMetadata_MakesRoomForExactlyMaxRecordsRecords_AndRefusesOneMoreWithNothingChanged()
    {
        // K = 1: 2 sentinels, one record per pair of pages and one for a range that starts on an odd page.
        ulong pairs = BuddyHeap.MaxRecords - 3;
        var heap = new BuddyHeap(P, 2 * P);
        ulong before = heap.MetadataBytes;
        ulong tooMuch = 2 * (pairs + 1) * P;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => heap.ReserveMetadata(tooMuch));
        Assert.Equal(("totalBytes", (object?)tooMuch), (error.ParamName, error.ActualValue));
        Assert.Equal(new ArgumentOutOfRangeException("totalBytes", tooMuch, $"The heap can keep records for at most {BuddyHeap.MaxRecords} buddy pairs.").Message, error.Message);
        Assert.Equal(before, heap.MetadataBytes);
        // Exactly MaxRecords records: 4 GiB of records and 64 MiB of free map, allocated and hardly touched.
        heap.ReserveMetadata(2 * pairs * P);
        Assert.Equal(BuddyHeap.MaxRecords * 8 + BuddyHeap.MaxRecords / 64 * 8 + 2 * 8 + 64, heap.MetadataBytes);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void TheRecordCapacityIsExactlyMaxRecords()
    {
        // K = 1: two sentinel records, then one record per pair of pages.
        var heap = new BuddyHeap(P, 2 * P);
        ulong room = BuddyHeap.MaxRecords - 2;
        Assert.Equal(RangeError.None, heap.CheckRange(0, 2 * room * P, out string none));
        Assert.Equal("", none);
        Assert.Equal(RangeError.CapacityExceeded, heap.CheckRange(0, 2 * (room + 1) * P, out string detail));
        Assert.Equal($"the heap can keep records for at most {BuddyHeap.MaxRecords} buddy pairs (2 in use, {room + 1} more needed)", detail);
        // A range that starts on an odd page needs a record for its cut first pair.
        Assert.Equal(RangeError.CapacityExceeded, heap.CheckRange(P, 2 * room * P, out _));

        ulong metadata = heap.MetadataBytes;
        var error = Assert.Throws<InvalidRangeException>(() => heap.AddRange(0, 2 * (room + 1) * P));
        Assert.Equal(RangeError.CapacityExceeded, error.Reason);
        Assert.Equal(0, heap.RangeCount);
        Assert.Equal(0UL, heap.TotalBytes);
        Assert.Equal(metadata, heap.MetadataBytes);
        Assert.Empty(heap.CheckInvariants());

        // Records in use count against the limit.
        heap.AddRange(0, 2 * P);
        Assert.Equal(RangeError.None, heap.CheckRange(4 * P, 2 * (room - 1) * P, out _));
        Assert.Equal(RangeError.CapacityExceeded, heap.CheckRange(4 * P, 2 * room * P, out _));
    }

    [Fact]
    public void AtMaxOrderZeroEveryPageHasItsOwnRecord()
    {
        var heap = new BuddyHeap(P, P);
        ulong room = BuddyHeap.MaxRecords - 1;
        Assert.Equal(RangeError.None, heap.CheckRange(0, room * P, out _));
        Assert.Equal(RangeError.CapacityExceeded, heap.CheckRange(0, (room + 1) * P, out _));
    }

    [Fact]
    public void EachRangeErrorCarriesItsOwnDetail()
    {
        var heap = new BuddyHeap(P, 8 * P);
        heap.AddRange(0x10_0000, 16 * P);
        (ulong Start, ulong Length, RangeError Reason, string Detail)[] cases =
        [
            (0x20_0001, P, RangeError.Misaligned, "start and length must be multiples of the page size 4096"),
            (0x20_0000, P + 1, RangeError.Misaligned, "start and length must be multiples of the page size 4096"),
            (0x20_0000, 0, RangeError.Empty, "the length is zero"),
            (ulong.MaxValue - P + 1, 2 * P, RangeError.Wraps, "start + length exceeds 2^64"),
            (0x10_0000 + 15 * P, 2 * P, RangeError.Overlaps, "it overlaps the range [0x100000, +0x10000)"),
        ];
        foreach ((ulong start, ulong length, RangeError reason, string detail) in cases)
        {
            Assert.Equal(reason, heap.CheckRange(start, length, out string said));
            Assert.Equal(detail, said);
            var error = Assert.Throws<InvalidRangeException>(() => heap.AddRange(start, length));
            Assert.Equal((reason, start, length), (error.Reason, error.Start, error.Length));
            Assert.Equal($"Range [0x{start:X}, +0x{length:X}) refused ({reason}): {detail}", error.Message);
        }
        Assert.Equal(1, heap.RangeCount);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void TheConstructorNamesTheBadArgument()
    {
        var page = Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(3000));
        Assert.Equal("pageSize", page.ParamName);
        Assert.Contains("The page size must be a power of two, at least 2.", page.Message);
        Assert.Equal("pageSize", Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(1, 1)).ParamName);
        foreach (ulong max in new ulong[] { 2048, 3 << 20, 2UL << 30, 0 })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(4096, max));
            Assert.Equal("maxBlockSize", error.ParamName);
            Assert.Contains("The maximum block size must be a power of two between the page size (4096) and 1 GiB.", error.Message);
        }
        // The smallest and the largest geometry are accepted.
        Assert.Equal(0, new BuddyHeap(2, 2).MaxOrder);
        Assert.Equal(29, new BuddyHeap(2, BuddyHeap.MaxBlockSizeLimit).MaxOrder);
    }

    [Fact]
    public void ExhaustionReportsTheFreeBytesAndTheLargestFreeBlock()
    {
        var heap = new BuddyHeap(P, 4 * P);
        heap.AddRange(0, 7 * P);   // blocks of 4, 2 and 1 pages
        heap.Allocate(4 * P);
        var error = Assert.Throws<HeapExhaustedException>(() => heap.Allocate(3 * P));
        Assert.Equal($"Out of memory: no free block can hold {3 * P} bytes ({3 * P} bytes free, largest free block {2 * P} bytes)", error.Message);
        Assert.Equal(3 * P, error.Size);
    }

    // --------------------------------------------------------------------------------------------------------------
    // ReservedHeap
    // --------------------------------------------------------------------------------------------------------------

    [Fact]
    public void ReservedHeapRefusesANullHeap()
    {
        Assert.Equal("inner", Assert.Throws<ArgumentNullException>(() => new ReservedHeap(null!, 0)).ParamName);
    }

    [Fact]
    public void ReservedHeapShowsTheHeapBeneath()
    {
        var heap = new BuddyHeap(P, 8 * P);
        heap.AddRange(0, 16 * P);
        var pages = new ReservedHeap(heap, 3 * P);
        pages.Allocate(2 * P);
        Assert.Equal(3 * P, pages.ReserveBytes);
        Assert.Equal(P, pages.PageSize);
        Assert.Equal(8 * P, pages.MaxBlockSize);
        Assert.Equal(16 * P, pages.TotalBytes);
        Assert.Equal(2 * P, pages.AllocatedBytes);
        Assert.Equal(14 * P, pages.FreeBytes);
    }

    /// <summary>The wrapper judges the size itself, with its own message, before it asks the heap beneath: a size of 0
    /// or above the maximum block is refused even where the reserve alone would have refused or allowed it.</summary>
    [Theory]
    [InlineData(0UL, 32UL)]    // free < reserve: without the size check the reserve would answer "no" quietly
    [InlineData(0UL, 0UL)]
    [InlineData(9UL, 10UL)]    // 9 pages of 16 free would leave 7 < 10: the reserve would answer "no" quietly
    [InlineData(9UL, 0UL)]
    public void ReservedHeapRefusesABadSizeWithItsOwnMessage(ulong sizePages, ulong reservePages)
    {
        var heap = new BuddyHeap(P, 8 * P);
        heap.AddRange(0, 16 * P);
        var pages = new ReservedHeap(heap, reservePages * P);
        ulong size = sizePages * P;
        string message = $"Size {size} refused: an allocation must ask for 1 to {8 * P} bytes";
        Assert.Contains(message, Assert.Throws<InvalidSizeException>(() => pages.WouldTouchReserve(size)).Message);
        Assert.Contains(message, Assert.Throws<InvalidSizeException>(() => pages.TryAllocate(size, out _)).Message);
        Assert.Contains(message, Assert.Throws<InvalidSizeException>(() => pages.Allocate(size)).Message);
        Assert.Equal(0UL, heap.AllocatedBytes);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void ReservedHeapAcceptsTheMaximumBlockSize()
    {
        var heap = new BuddyHeap(P, 8 * P);
        heap.AddRange(0, 16 * P);
        var pages = new ReservedHeap(heap, 8 * P);
        Assert.False(pages.WouldTouchReserve(8 * P));
        Assert.Equal(0UL, pages.Allocate(8 * P));
        Assert.True(pages.WouldTouchReserve(1));
    }

    [Fact]
    public void ReservedHeapRefusesARequestOfExactlyAllFreeMemoryWhenAReserveIsKept()
    {
        var heap = new BuddyHeap(P, 4 * P);
        heap.AddRange(0, 4 * P);
        var pages = new ReservedHeap(heap, P);
        // free == held: taking it would leave 0 < 1 page free, so the reserve refuses it.
        Assert.True(pages.WouldTouchReserve(4 * P));
        Assert.False(pages.TryAllocate(4 * P, out ulong address));
        Assert.Equal(0UL, address);
        var error = Assert.Throws<ReserveExceededException>(() => pages.Allocate(4 * P));
        Assert.Equal(4 * P, error.Size);
        Assert.Equal(4 * P, error.FreeBytes);
        Assert.Equal(P, error.ReserveBytes);
        Assert.Equal(0UL, heap.AllocatedBytes);
        // With no reserve the same request is taken whole.
        Assert.True(new ReservedHeap(heap, 0).TryAllocate(4 * P, out address));
        Assert.Equal(4 * P, heap.AllocatedBytes);
    }

    [Fact]
    public void ARequestLargerThanAllFreeMemoryIsTheHeapsRefusalNotTheReserves()
    {
        var heap = new BuddyHeap(P, 4 * P);
        heap.AddRange(0, 4 * P);
        heap.Allocate(2 * P);
        var pages = new ReservedHeap(heap, 100 * P);
        Assert.False(pages.WouldTouchReserve(3 * P));   // 3 pages held > 2 free
        Assert.False(pages.TryAllocate(3 * P, out _));
        Assert.Throws<HeapExhaustedException>(() => pages.Allocate(3 * P));
        Assert.True(pages.WouldTouchReserve(2 * P));    // 2 pages held == 2 free: the reserve refuses
        Assert.Throws<ReserveExceededException>(() => pages.Allocate(2 * P));
        Assert.Equal(2 * P, heap.FreeBytes);
    }
}
