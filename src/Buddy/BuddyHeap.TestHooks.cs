namespace Verified.Buddy;

/// <summary>
/// Test hooks: raw reads and writes of the heap's state, so that tests can corrupt a heap on purpose and see
/// <see cref="CheckInvariants"/> name what is wrong (property-tests/Heap/InvariantCheckerTests.cs). Internal, visible
/// to the test assemblies only, and called by nothing in the library: no operation pays for them.
/// </summary>
public sealed partial class BuddyHeap
{
    /// <summary>Number of records in use, sentinels included.</summary>
    internal uint RecordCountForTest => _recordCount;

    /// <summary>The record of the buddy pair (or page, when K = 0) that holds <paramref name="page"/>, which must lie in a range.</summary>
    internal uint RecordIndexForTest(ulong page) => RecordIndex(page, _byAddress[FindRange(page)]);

    internal ulong ReadRecordForTest(uint index) => _records[index];

    /// <summary>The record array itself (tests pin it to see which of its pages were given back).</summary>
    internal ulong[] RecordsForTest => _records;

    internal void WriteRecordForTest(uint index, ulong record) => _records[index] = record;

    internal void WriteFreeBlockCountForTest(int order, ulong count) => _freeBlocks[order] = count;

    /// <summary>Bit k: list k is non-empty.</summary>
    internal uint NonEmptyOrdersForTest { get => _nonEmptyOrders; set => _nonEmptyOrders = value; }

    internal ulong TotalPagesForTest { get => _totalPages; set => _totalPages = value; }

    internal ulong AllocatedPagesForTest { get => _allocatedPages; set => _allocatedPages = value; }

    /// <summary>Gives the free map <paramref name="words"/> words (the bits that remain are kept).</summary>
    internal void ResizeFreeMapForTest(int words) => Array.Resize(ref _freeMap, words);
}
