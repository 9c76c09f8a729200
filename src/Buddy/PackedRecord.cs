using System.Runtime.CompilerServices;

namespace Verified.Buddy;

/// <summary>
/// The heap's only per-page bookkeeping: one 64-bit record per buddy pair of pages (per page when the maximum order is
/// 0, where pages have no buddies to merge with). A record that is not free is all zeros.
/// <code>
///  63      59 58  57          29 28           0
/// [order + 1][half][    prev    ][    next     ]
/// </code>
/// <list type="bullet">
/// <item><c>order + 1</c> (5 bits): 0 when no free block starts in this pair, else the order of the free block.</item>
/// <item><c>half</c>: which page of the pair the block starts at (always 0 for order ≥ 1, which starts on an even page).</item>
/// <item><c>prev</c>, <c>next</c>: record indices of the neighbours in the block's circular free list; indices
/// 0..K are the lists' sentinels, so a link is never "none".</item>
/// </list>
/// Two free blocks never share a record: a free order-0 block's buddy page is not free (the heap is fully coalesced),
/// and a free block of order ≥ 1 owns its whole pair.
/// </summary>
internal static class PackedRecord
{
    public const int LinkBits = 29;
    public const uint MaxIndex = (1u << LinkBits) - 1;
    private const ulong LinkMask = (1UL << LinkBits) - 1;
    private const int PrevShift = LinkBits;
    private const int HalfShift = 2 * LinkBits;
    private const int OrderShift = HalfShift + 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Next(ulong record) => (uint)(record & LinkMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Prev(ulong record) => (uint)((record >> PrevShift) & LinkMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFree(ulong record) => (record >> OrderShift) != 0;

    /// <summary>The order of the free block the record holds; only meaningful when <see cref="IsFree"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Order(ulong record) => (int)(record >> OrderShift) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Half(ulong record) => (record >> HalfShift) & 1;

    /// <summary>True when the record holds a free block of exactly <paramref name="order"/> starting at <paramref name="half"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HoldsBlock(ulong record, int order, ulong half) =>
        (record >> HalfShift) == (((ulong)(order + 1) << 1) | half);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Free(int order, ulong half, uint prev, uint next) =>
        ((ulong)(order + 1) << OrderShift) | (half << HalfShift) | ((ulong)prev << PrevShift) | next;

    /// <summary>A sentinel's record: links only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Links(uint prev, uint next) => ((ulong)prev << PrevShift) | next;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WithNext(ulong record, uint next) => (record & ~LinkMask) | next;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong WithPrev(ulong record, uint prev) => (record & ~(LinkMask << PrevShift)) | ((ulong)prev << PrevShift);
}
