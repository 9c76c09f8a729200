namespace Verified.Buddy;

/// <summary>
/// One range of the heap, in page numbers, and where its records start in the heap's record array. The range's
/// records cover its pairs from <c>FirstPage &gt;&gt; unit</c> to <c>LastPage &gt;&gt; unit</c>, so a pair that
/// straddles the boundary of two adjacent ranges has one record in each: buddies never merge across ranges.
/// </summary>
internal readonly record struct HeapRange(ulong FirstPage, ulong LastPage, uint RecordBase)
{
    /// <summary>Number of pages in the range.</summary>
    public ulong Pages => LastPage - FirstPage + 1;

    public bool Contains(ulong page) => page >= FirstPage && page <= LastPage;

    /// <summary>True when the block of 2^order pages at <paramref name="page"/> lies wholly in the range.</summary>
    public bool ContainsBlock(ulong page, int order) =>
        page >= FirstPage && page <= LastPage && LastPage - page >= (1UL << order) - 1;
}
