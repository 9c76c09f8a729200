using System.Numerics;

namespace Verified.Spec.Oracle;

/// <summary>The outcome of an operation of the Dafny model: the contract's error reasons (docs/contract.md).</summary>
public enum ModelError
{
    /// <summary>The operation was accepted.</summary>
    None = 0,
    /// <summary>AddRange: start or length not a multiple of P. Free: address not a multiple of P.</summary>
    Misaligned,
    /// <summary>AddRange: length 0.</summary>
    Empty,
    /// <summary>AddRange: start + length exceeds 2^64.</summary>
    Wraps,
    /// <summary>AddRange: the range shares a page with an existing range.</summary>
    Overlaps,
    /// <summary>Allocate: size 0 or larger than the max block. Free: size 0.</summary>
    InvalidSize,
    /// <summary>Allocate: no non-empty list of a large enough order.</summary>
    Exhausted,
    /// <summary>Free: the first page of the span lies in no range.</summary>
    ForeignAddress,
    /// <summary>Free: a later page of the span lies in no range.</summary>
    OutsideRanges,
    /// <summary>Free: the page is free.</summary>
    NotAllocated,
}

/// <summary>
/// The verified Dafny model of the buddy heap (spec/*.dfy, compiled to C#), behind a ulong API shaped like the C#
/// heap's. Every operation runs the compiled model: unbounded integers and immutable sequences, so it is slow
/// (allocated pages are kept one by one in a set) and meant for tests only. Not thread-safe.
/// </summary>
public sealed class BuddyModelOracle
{
    private readonly BuddyOracle.Heap _model = new();

    /// <summary>An empty model heap.</summary>
    /// <param name="pageSize">P: a power of two.</param>
    /// <param name="maxOrder">K: the largest block is 2^K pages; P * 2^K must be at most 1 GiB.</param>
    /// <exception cref="ArgumentOutOfRangeException">The model's precondition (ConfigOk) does not hold.</exception>
    public BuddyModelOracle(ulong pageSize, int maxOrder)
    {
        if (pageSize == 0 || !BitOperations.IsPow2(pageSize))
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The page size must be a power of two.");
        if (maxOrder < 0 || maxOrder > 30 || ((BigInteger)pageSize << maxOrder) > (BigInteger.One << 30))
            throw new ArgumentOutOfRangeException(nameof(maxOrder), maxOrder, "The largest block P * 2^K must be at most 1 GiB.");
        _model.__ctor(pageSize, maxOrder);
        PageSize = pageSize;
        MaxOrder = maxOrder;
    }

    /// <summary>P in bytes.</summary>
    public ulong PageSize { get; }

    /// <summary>K: the largest order.</summary>
    public int MaxOrder { get; }

    /// <summary>Adds the range [start, start + length) (bytes), or refuses it with the contract's reason.</summary>
    public ModelError AddRange(ulong start, ulong length) => Convert(_model.AddRange(start, length));

    /// <summary>Allocates ceil(size / P) pages; the address is 0 on an error.</summary>
    public (ModelError Error, ulong Address) Allocate(ulong size)
    {
        _model.Allocate(size, out BuddyOperations._IError error, out BigInteger address);
        return (Convert(error), (ulong)address);
    }

    /// <summary>Frees ceil(size / P) pages at <paramref name="address"/>; on an error, the first offending page number
    /// (address / P for Misaligned, 0 for InvalidSize). The page may be 2^64 / P when a span runs past 2^64.</summary>
    public (ModelError Error, ulong OffendingPage) Free(ulong address, ulong size)
    {
        _model.Free(address, size, out BuddyOperations._IError error, out BigInteger page);
        return (Convert(error), (ulong)page);
    }

    /// <summary>The page numbers of the free blocks of one order, head (most recently inserted) first.</summary>
    public ulong[] FreeList(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        Dafny.ISequence<BigInteger> pages = _model.FreeList(order);
        var result = new ulong[(int)pages.Count];
        for (int i = 0; i < result.Length; i++) result[i] = (ulong)pages.Select(i);
        return result;
    }

    /// <summary>Number of pages in all ranges.</summary>
    public ulong TotalPages
    {
        get
        {
            BigInteger total = BigInteger.Zero;
            foreach (BuddyState._IRange range in _model.state.dtor_ranges) total += range.dtor_hi - range.dtor_lo;
            return (ulong)total;
        }
    }

    /// <summary>The model's decision on AddRange(start, length) without adding the range: its AddRangeCheck.</summary>
    public ModelError CheckAddRange(ulong start, ulong length) =>
        Convert(BuddyOperations.__default.AddRangeCheck(_model.state, start, length));

    /// <summary>The records the C# heap keeps for the model's ranges, one per 2^shift pages (per buddy pair when shift is 1),
    /// a pair split between two ranges counted in each: for checking the C#-only CapacityExceeded (the model has no
    /// such limit).</summary>
    public ulong RecordsForRanges(int shift)
    {
        BigInteger records = BigInteger.Zero;
        foreach (BuddyState._IRange range in _model.state.dtor_ranges)
            records += ((range.dtor_hi - 1) >> shift) - (range.dtor_lo >> shift) + 1;
        return (ulong)records;
    }

    /// <summary>Number of allocated pages.</summary>
    public ulong AllocatedPages => (ulong)_model.AllocatedPageCount();

    /// <summary>True when the page is allocated.</summary>
    public bool IsAllocated(ulong page) => _model.IsAllocated(page);

    private static ModelError Convert(BuddyOperations._IError error) => error switch
    {
        { is_Ok: true } => ModelError.None,
        { is_Misaligned: true } => ModelError.Misaligned,
        { is_Empty: true } => ModelError.Empty,
        { is_Wraps: true } => ModelError.Wraps,
        { is_Overlaps: true } => ModelError.Overlaps,
        { is_InvalidSize: true } => ModelError.InvalidSize,
        { is_Exhausted: true } => ModelError.Exhausted,
        { is_ForeignAddress: true } => ModelError.ForeignAddress,
        { is_OutsideRanges: true } => ModelError.OutsideRanges,
        { is_NotAllocated: true } => ModelError.NotAllocated,
        _ => throw new InvalidOperationException($"unknown model error {error}"),
    };
}
