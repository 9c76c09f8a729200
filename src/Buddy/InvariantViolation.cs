namespace Verified.Buddy;

/// <summary>One broken invariant, as the invariant checker reports it.</summary>
/// <param name="Invariant">One of the names in <see cref="Invariants"/>; the Dafny spec uses the same names.</param>
/// <param name="Detail">What exactly is wrong, with the blocks or counters involved.</param>
public readonly record struct InvariantViolation(string Invariant, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Invariant}: {Detail}";
}

/// <summary>The names of the heap's invariants, shared by spec/ (Dafny predicates), the checker and the tests.</summary>
public static class Invariants
{
    /// <summary>Every free block is naturally aligned and lies wholly inside one range.</summary>
    public const string BlocksAlignedInRange = nameof(BlocksAlignedInRange);
    /// <summary>No two free blocks share a page.</summary>
    public const string FreeListsDisjoint = nameof(FreeListsDisjoint);
    /// <summary>Free pages and allocated pages partition the pages of the ranges.</summary>
    public const string Conservation = nameof(Conservation);
    /// <summary>No free block below the maximum order has its buddy (wholly in the same range) free as a whole block of the same order.</summary>
    public const string FullyCoalesced = nameof(FullyCoalesced);
    /// <summary>List k holds only blocks of order k, without duplicates, and its links are consistent.</summary>
    public const string FreeListsWellFormed = nameof(FreeListsWellFormed);
    /// <summary>The counters (free blocks per order, non-empty orders, total pages) equal a recount.</summary>
    public const string AccountingMatchesRecount = nameof(AccountingMatchesRecount);
    /// <summary>The packed per-pair records mark exactly the blocks that the lists hold (C# only; the spec has no records).</summary>
    public const string RecordsMatchLists = nameof(RecordsMatchLists);
    /// <summary>The free map's bit of each record is set exactly when a page of that record's pair, within its range, is
    /// free; sentinel records have no bit set (C# only: the spec has no records).</summary>
    public const string FreeMapMatchesPages = nameof(FreeMapMatchesPages);
    /// <summary>No page is free in both heaps of a <see cref="BackedBuddyHeap"/> (C# only: the backing layer).</summary>
    public const string BackingPoolsDisjoint = nameof(BackingPoolsDisjoint);
    /// <summary>Every block a <see cref="BackedBuddyHeap"/> isolated for release is allocated in both its heaps, and the
    /// isolated page count equals a recount (C# only: the backing layer).</summary>
    public const string IsolatedBlocksHeld = nameof(IsolatedBlocksHeld);
}
