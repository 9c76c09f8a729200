using System.Runtime.InteropServices;
using Verified.Buddy;
using Verified.Memory;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>
/// <see cref="BuddyHeap.ReleaseZeroMetadataPages"/>: exactly the whole system pages of the records in use that hold only
/// zeros are offered, nothing else; released pages are no longer resident; the heap behaves the same afterwards; bad
/// arguments change nothing.
/// </summary>
public sealed unsafe class ZeroMetadataReleaseTests
{
    private const ulong P = 4096;
    private static readonly ulong SystemPage = (ulong)Environment.SystemPageSize;

    /// <summary>Records every call and checks, while the array is pinned by the heap, that the memory offered is whole
    /// system pages of zeros. Releases nothing.</summary>
    private sealed class CheckingReleaser(bool answer = false, Func<nint, bool>? resident = null) : IZeroPageReleaser
    {
        public List<(nint Start, nuint Length)> Calls { get; } = [];
        public int NonZeroOffered { get; private set; }
        public int Misaligned { get; private set; }
        public Func<nint, bool> Resident { get; } = resident ?? (_ => true);

        public void GetResidency(nint start, nuint length, Span<byte> residency)
        {
            Assert.Equal(length / (nuint)SystemPage, (nuint)residency.Length);
            for (int i = 0; i < residency.Length; i++) residency[i] = Resident(start + i * (nint)SystemPage) ? (byte)1 : (byte)0;
        }

        public bool TryReleaseZeroPages(nint start, nuint length)
        {
            Calls.Add((start, length));
            if (start % (nint)SystemPage != 0 || length == 0 || length % (nuint)SystemPage != 0) Misaligned++;
            if (new ReadOnlySpan<ulong>((void*)start, (int)(length / sizeof(ulong))).ContainsAnyExcept(0UL)) NonZeroOffered++;
            return answer;
        }
    }

    /// <summary>Releases with madvise, as the pool does.</summary>
    private sealed class MadviseReleaser : IZeroPageReleaser
    {
        public bool TryReleaseZeroPages(nint start, nuint length) => ZeroPages.TryRelease(start, length);

        public void GetResidency(nint start, nuint length, Span<byte> residency) => ZeroPages.GetResidency(start, length, residency);
    }

    /// <summary>A full heap of <paramref name="pages"/> pages, random allocations, some of the lower half freed again.</summary>
    private static (BuddyHeap Heap, List<(ulong Address, ulong Size)> Held) RandomHeap(int seed, ulong pages, int maxOrder)
    {
        var heap = new BuddyHeap(P, P << maxOrder);
        heap.AddRange(0, pages * P);
        var random = new Random(seed);
        var held = new List<(ulong, ulong)>();
        while (true)
        {
            ulong size = P << random.Next(0, Math.Min(maxOrder, 6) + 1);   // powers of two: no trimmed tails
            if (!heap.TryAllocate(size, out ulong address)) break;
            held.Add((address, size));
        }
        // Free about half of the lower half of the memory, nothing of the upper half: the records of the upper half are
        // all zero, those of the lower half a mix.
        for (int i = held.Count - 1; i >= 0; i--)
        {
            if (held[i].Item1 >= pages * P / 2 || random.Next(2) != 0) continue;
            heap.Free(held[i].Item1, held[i].Item2);
            held.RemoveAt(i);
        }
        return (heap, held);
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(2, 14)]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    public void ExactlyTheZeroPagesOfTheRecordsInUseAreOffered(int seed, int maxOrder)
    {
        (BuddyHeap heap, _) = RandomHeap(seed, 1 << 16, maxOrder);
        AssertExactlyTheZeroPagesAreOffered(heap, new CheckingReleaser());
    }

    [Fact]
    public void PagesReportedNotResidentAreNotOffered()
    {
        (BuddyHeap heap, _) = RandomHeap(9, 1 << 16, 9);
        // Every third page of memory counts as released already.
        AssertExactlyTheZeroPagesAreOffered(heap, new CheckingReleaser(resident: page => page / (nint)SystemPage % 3 != 0));
    }

    [Fact]
    public void RecordAddressesAreComputedInNativeArithmetic()
    {
        // The last record a heap can hold (2^29 - 1) lies 4 GiB - 8 bytes after the array's start; in 32-bit arithmetic
        // the offset would wrap below the array.
        const long last = (1L << 29) - 1;
        nint data = (nint)(IntPtr.Size == 8 ? 0x7F00_0000_0000L : 0x1000_0000L);
        long expected = (long)data + last * 8;
        Assert.Equal(expected, (long)BuddyHeap.RecordAddress(data, last));
        Assert.NotEqual(expected, (long)data + unchecked((int)last * 8));   // what int arithmetic gave
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void TheEdgesOfTheRecordsInUseAreHonouredWhereverTheyFall(int endShift)
    {
        // A heap whose records in use end exactly on a system page boundary (endShift 0), or one and two records past
        // it; every page allocated, so every whole page after the sentinels is zero.
        var heap = new BuddyHeap(P, 2UL << 20);
        heap.ReserveMetadata(1UL << 30);                   // the array is allocated now and does not move again
        GCHandle pin = GCHandle.Alloc(heap.RecordsForTest, GCHandleType.Pinned);
        nint data = pin.AddrOfPinnedObject();
        pin.Free();
        int perPage = (int)SystemPage / sizeof(ulong);
        long sentinels = heap.MaxOrder + 1;
        long misalign = (data / sizeof(ulong) + sentinels) % perPage;   // records from the next boundary on
        long units = 64 * perPage - misalign + endShift;
        heap.AddRange(0, (ulong)units * 2 * P);
        while (heap.TryAllocate(2UL << 20, out _)) { }
        while (heap.TryAllocate(P, out _)) { }
        Assert.Equal(0UL, heap.FreeBytes);
        AssertExactlyTheZeroPagesAreOffered(heap, new CheckingReleaser());
    }

    /// <summary>Calls the release with a releaser that records the pages offered, and compares them with the whole system
    /// pages of zero records computed here from the array.</summary>
    private static void AssertExactlyTheZeroPagesAreOffered(BuddyHeap heap, CheckingReleaser releaser)
    {
        ulong[] records = heap.RecordsForTest;

        GCHandle pin = GCHandle.Alloc(records, GCHandleType.Pinned);
        try
        {
            // The heap pins the same array for its call, so the addresses it offers are comparable with these.
            Assert.Equal(0UL, heap.ReleaseZeroMetadataPages(SystemPage, releaser));   // the releaser answers false
            nint data = pin.AddrOfPinnedObject();
            var offered = new HashSet<nint>();
            foreach ((nint start, nuint length) in releaser.Calls)
                for (nuint at = 0; at < length; at += (nuint)SystemPage) Assert.True(offered.Add(start + (nint)at));

            // Independently: every system page lying wholly inside the records after the sentinels and before the end
            // of the records in use, whose records are all zero.
            var expected = new HashSet<nint>();
            nint from = data + (heap.MaxOrder + 1) * sizeof(ulong), to = data + (nint)heap.RecordCountForTest * sizeof(ulong);
            nint firstPage = (from + (nint)SystemPage - 1) & ~((nint)SystemPage - 1);
            for (nint page = firstPage; page + (nint)SystemPage <= to; page += (nint)SystemPage)
            {
                int index = (int)((page - data) / sizeof(ulong));
                if (releaser.Resident(page) && !records.AsSpan(index, (int)SystemPage / sizeof(ulong)).ContainsAnyExcept(0UL)) expected.Add(page);
            }
            Assert.True(expected.Count > 0, "the heap should have some wholly allocated stretches");
            Assert.Equal(expected.OrderBy(p => p), offered.OrderBy(p => p));
            Assert.Equal(0, releaser.NonZeroOffered);
            Assert.Equal(0, releaser.Misaligned);
            // One call per run: no two calls are adjacent.
            var calls = releaser.Calls.OrderBy(c => c.Start).ToList();
            for (int i = 1; i < calls.Count; i++) Assert.NotEqual(calls[i - 1].Start + (nint)calls[i - 1].Length, calls[i].Start);
        }
        finally
        {
            pin.Free();
        }
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void ReleasedRecordPagesAreNotResidentAndTheHeapWorksAsBefore()
    {
        if (!OperatingSystem.IsLinux()) return;
        const ulong pages = 1 << 18;                      // 1 GiB of 4 KiB pages: 1 MiB of records
        var heap = new BuddyHeap(P, 2UL << 20);
        heap.AddRange(0, pages * P);
        var twin = new BuddyHeap(P, 2UL << 20);            // the same operations without the release
        twin.AddRange(0, pages * P);
        var held = new List<ulong>();
        while (heap.TryAllocate(P, out ulong a)) { held.Add(a); Assert.Equal(a, twin.Allocate(P)); }
        Assert.Equal(pages, (ulong)held.Count);

        ulong inUse = (heap.RecordCountForTest - (ulong)(heap.MaxOrder + 1)) * sizeof(ulong);
        ulong released = heap.ReleaseZeroMetadataPages(SystemPage, new MadviseReleaser());
        Assert.InRange(released, inUse - 2 * SystemPage, inUse);   // all but the partial first and last pages
        Assert.Equal(0UL, heap.ReleaseZeroMetadataPages(SystemPage, new MadviseReleaser()));   // none resident any more

        ulong[] records = heap.RecordsForTest;
        GCHandle pin = GCHandle.Alloc(records, GCHandleType.Pinned);
        try
        {
            nint data = pin.AddrOfPinnedObject();
            nint first = (data + (nint)SystemPage * 2) & ~((nint)SystemPage - 1);
            int count = (int)(inUse / SystemPage) - 3;
            byte[] vector = new byte[count];
            fixed (byte* v = vector) Assert.Equal(0, NativeCalls.Mincore(first, (nuint)count * (nuint)SystemPage, v));
            Assert.All(vector, b => Assert.Equal(0, b & 1));   // not resident
        }
        finally
        {
            pin.Free();
        }

        // The heap goes on exactly as its twin: free in a scrambled order, allocate again, same answers.
        var random = new Random(5);
        foreach (ulong a in held.OrderBy(_ => random.Next()))
        {
            heap.Free(a, P);
            twin.Free(a, P);
        }
        Assert.Empty(heap.CheckInvariants());
        Assert.Equal(State(twin), State(heap));
        for (int i = 0; i < 512; i++) Assert.Equal(twin.Allocate(2UL << 20), heap.Allocate(2UL << 20));
        Assert.Empty(heap.CheckInvariants());
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(4UL)]
    [InlineData(12288UL)]
    public void ABadSystemPageSizeIsRefusedAndNothingChanges(ulong systemPageSize)
    {
        (BuddyHeap heap, _) = RandomHeap(7, 1 << 12, 9);
        string before = State(heap);
        ulong[] recordsBefore = (ulong[])heap.RecordsForTest.Clone();
        var releaser = new CheckingReleaser(answer: true);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => heap.ReleaseZeroMetadataPages(systemPageSize, releaser));
        Assert.Equal("systemPageSize", e.ParamName);
        Assert.Empty(releaser.Calls);
        Assert.Throws<ArgumentNullException>(() => heap.ReleaseZeroMetadataPages(SystemPage, null!));
        Assert.Equal(before, State(heap));
        Assert.Equal(recordsBefore, heap.RecordsForTest);
        Assert.Empty(heap.CheckInvariants());
    }

    [Fact]
    public void TheBackedHeapOffersTheDirtyHeapsRecordsOfReleasedMemory()
    {
        var heap = new BackedBuddyHeap(P, 64UL << 20);
        heap.AddRange(0, 256UL << 20, PageBacking.Dirty);
        var releaser = new CheckingReleaser(answer: true);
        ulong before = heap.ReleaseZeroMetadataPages(SystemPage, releaser);
        // Dirty memory in four 64 MiB blocks: the clean heap's records (all allocated there) are zero, the dirty heap's
        // zero but for one record per block.
        heap.ReleaseDirty(heap.MaxOrder, 4, new AlwaysReleases());
        ulong after = heap.ReleaseZeroMetadataPages(SystemPage, releaser);
        ulong recordBytes = (256UL << 20) / P / 2 * sizeof(ulong);   // one heap's records: 256 KiB
        Assert.InRange(before, recordBytes + recordBytes / 2, 2 * recordBytes);   // the clean heap's, most of the dirty heap's
        Assert.InRange(after, recordBytes + recordBytes / 2, 2 * recordBytes);    // now the other way round
        Assert.Equal(0, releaser.NonZeroOffered);
        Assert.Equal(0, releaser.Misaligned);
        Assert.Empty(heap.CheckInvariants());
        Assert.Equal(256UL << 20, heap.CleanFreeBytes);
    }

    /// <summary>The heap's totals and free-list lengths, in one comparable string.</summary>
    private static string State(BuddyHeap heap) =>
        $"{heap.TotalBytes} {heap.AllocatedBytes} {heap.FreeBytes} {heap.LargestFreeBlockBytes} " +
        string.Join(",", Enumerable.Range(0, heap.MaxOrder + 1).Select(k => heap.FreeBlockCount(k)));

    private sealed class AlwaysReleases : IBackingReleaser
    {
        public bool TryRelease(ulong address, ulong length) => true;
    }
}
