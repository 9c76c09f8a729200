using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Heap;

/// <summary>Every bad-input class raises its own typed error, and the heap is exactly as it was: the same free
/// lists head to tail, the same accounting, and a clean invariant checker.</summary>
public sealed class BadInputTests
{
    private const ulong P = 4096;
    private const ulong M = 2 << 20;

    /// <summary>A heap with two adjacent ranges, a gap, a third range, and some allocations (one of them partly freed).</summary>
    private static (BuddyHeap Heap, ulong Whole, ulong Partial) Scenario()
    {
        var heap = new BuddyHeap(P, M);
        heap.AddRange(0x10_0000, 0x30_0000);          // [1 MiB, 4 MiB)
        heap.AddRange(0x40_0000, 0x5000);             // adjacent: [4 MiB, 4 MiB + 20 KiB)
        heap.AddRange(0x100_0000, 0x20_0000);         // after a gap: [16 MiB, 18 MiB)
        ulong whole = heap.Allocate(3 * P);
        ulong partial = heap.Allocate(8 * P);
        heap.Free(partial + 2 * P, P);                // page 2 of 8 is free again
        heap.Allocate(M);
        return (heap, whole, partial);
    }

    private static string Snapshot(BuddyHeap heap) =>
        string.Join("|", Enumerable.Range(0, heap.MaxOrder + 1).Select(k => string.Join(",", heap.FreeListAddresses(k))))
        + $"#{heap.AllocatedBytes}/{heap.FreeBytes}/{heap.TotalBytes}/{heap.LargestFreeBlockBytes}";

    private static TException Refused<TException>(BuddyHeap heap, Action action) where TException : Exception, IHeapError
    {
        string before = Snapshot(heap);
        var error = Assert.Throws<TException>(action);
        Assert.Equal(before, Snapshot(heap));
        Assert.Empty(heap.CheckInvariants());
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(M + 1)]
    [InlineData(ulong.MaxValue)]
    public void AllocationSizeOutOfBoundsIsRefused(ulong size)
    {
        var (heap, _, _) = Scenario();
        Assert.Equal(size, Refused<InvalidSizeException>(heap, () => heap.Allocate(size)).Size);
        Refused<InvalidSizeException>(heap, () => heap.TryAllocate(size, out _));
    }

    [Fact]
    public void ExhaustedHeapThrowsAndTryAllocateReturnsFalse()
    {
        var heap = new BuddyHeap(P, M);
        heap.AddRange(0, 3 * P);
        heap.Allocate(2 * P);
        Refused<HeapExhaustedException>(heap, () => heap.Allocate(2 * P));
        string before = Snapshot(heap);
        Assert.False(heap.TryAllocate(2 * P, out _));
        Assert.Equal(before, Snapshot(heap));
        Assert.Equal(2 * P, heap.Allocate(P));   // the single page left is still there
    }

    [Fact]
    public void FreeOfSizeZeroIsRefused()
    {
        var (heap, whole, _) = Scenario();
        Refused<InvalidSizeException>(heap, () => heap.Free(whole, 0));
    }

    public static TheoryData<string, FreeError, long> FreeCases => new()
    {
        // name, expected reason, offending page relative to the scenario's allocation "whole" (or absolute, see below)
        { "misaligned", FreeError.Misaligned, 0 },
        { "foreign: below every range", FreeError.ForeignAddress, 0 },
        { "foreign: in the gap", FreeError.ForeignAddress, 0 },
        { "double free", FreeError.NotAllocated, 0 },
        { "partly free span", FreeError.NotAllocated, 2 },
        { "runs off the last range", FreeError.OutsideRanges, 0 },
        { "crosses into the gap", FreeError.OutsideRanges, 0 },
        { "wraps past 2^64", FreeError.OutsideRanges, 0 },
    };

    [Theory]
    [MemberData(nameof(FreeCases))]
    public void BadFreeNamesReasonAndFirstOffendingPage(string name, FreeError reason, long relativePage)
    {
        var (heap, whole, partial) = Scenario();
        heap.Free(whole, 3 * P);   // "whole" is free again: a second free is a double free
        (ulong address, ulong size, ulong offendingPage) = name switch
        {
            "misaligned" => (partial + 1, P, (partial + 1) / P),
            "foreign: below every range" => (0x1000UL, P, 1UL),
            "foreign: in the gap" => (0x80_0000UL, P, 0x800UL),
            "double free" => (whole, 3 * P, whole / P),
            "partly free span" => (partial, 8 * P, partial / P + (ulong)relativePage),
            "runs off the last range" => (0x120_0000UL - P, 2 * P, 0x1200UL),
            "crosses into the gap" => (0x40_0000UL + 4 * P, 2 * P, 0x405UL),
            "wraps past 2^64" => (0x120_0000UL - P, ulong.MaxValue - P, 0x1200UL),
            _ => throw new ArgumentException(name),
        };
        // Make every page before the offending one allocated where the case needs it.
        if (name is "runs off the last range" or "crosses into the gap" or "wraps past 2^64")
            AllocateExactly(heap, address, offendingPage * P - address);

        var error = Refused<InvalidFreeException>(heap, () => heap.Free(address, size));
        Assert.Equal(reason, error.Reason);
        Assert.Equal(offendingPage, error.OffendingPage);
        Assert.Equal(new FreeResult(reason, offendingPage), heap.TryFree(address, size));
    }

    /// <summary>Allocates pages until the span [address, address + length) is allocated (the heap hands out every page).</summary>
    private static void AllocateExactly(BuddyHeap heap, ulong address, ulong length)
    {
        var taken = new List<ulong>();
        bool Covered() => heap.CheckFree(address, length).Succeeded;
        while (!Covered() && heap.TryAllocate(P, out ulong page)) taken.Add(page);
        Assert.True(Covered(), "could not make the span allocated");
    }

    public static TheoryData<ulong, ulong, RangeError> RangeCases => new()
    {
        { 0x1000 + 1, P, RangeError.Misaligned },
        { 0x1000, P + 1, RangeError.Misaligned },
        { 0x1000, 0, RangeError.Empty },
        { ulong.MaxValue - P + 1, 2 * P, RangeError.Wraps },
        { 0x40_0000 - P, 2 * P, RangeError.Overlaps },     // overlaps the end of the first and the start of the second range
        { 0x100_0000 + 0x1F_F000, P, RangeError.Overlaps }, // the last page of the third range
        { 0, 0x10_1000, RangeError.Overlaps },              // covers the first page of the first range
        { 0, ulong.MaxValue - P + 1, RangeError.Overlaps }, // covers everything
    };

    [Theory]
    [MemberData(nameof(RangeCases))]
    public void BadRangeIsRefusedWithItsReason(ulong start, ulong length, RangeError reason)
    {
        var (heap, _, _) = Scenario();
        Assert.Equal(reason, Refused<InvalidRangeException>(heap, () => heap.AddRange(start, length)).Reason);
        Assert.Equal(reason, heap.CheckRange(start, length, out _));
    }

    [Fact]
    public void RangesMayTouchAndReachTheTopOfTheAddressSpace()
    {
        var (heap, _, _) = Scenario();
        heap.AddRange(0x10_0000 - P, P);                 // touches the first range from below
        heap.AddRange(ulong.MaxValue - 4 * P + 1, 4 * P); // ends exactly at 2^64
        Assert.Empty(heap.CheckInvariants());
        Assert.Equal(5, heap.RangeCount);
    }

    [Fact]
    public void ConstructorRefusesBadGeometry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(3000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(4096, 2048));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(4096, 3 << 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BuddyHeap(4096, 2UL << 30));
    }
}
