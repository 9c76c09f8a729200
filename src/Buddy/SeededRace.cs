namespace Verified.Buddy;

/// <summary>
/// Concurrency defects that can be planted in <see cref="ConcurrentBuddyHeap"/> and <see cref="InterlockedSpinLock"/>
/// to prove that the Coyote suite reaches the races it claims to rule out. Internal on purpose: only the library and
/// its test assemblies (InternalsVisibleTo) can construct a heap with one, never production code; a production heap
/// always runs with <see cref="None"/>.
/// </summary>
internal enum SeededRace
{
    /// <summary>The real code.</summary>
    None = 0,

    /// <summary>Free and TryFree update the free lists without taking the lock at all.</summary>
    FreeSkipsLock,

    /// <summary>Free validates the span under the lock, releases it, and only then updates the free lists.</summary>
    UnlockBeforeFreeListUpdate,

    /// <summary>Every mutation updates the accounting snapshot (totals and operation counts) after releasing the lock.</summary>
    AccountingOutsideLock,

    /// <summary>The spin lock's acquisition is a read followed by a separate write instead of one compare-exchange.</summary>
    SplitCheckThenSet,

    /// <summary>The reserve-keeping allocation reads the free bytes under the lock, releases it, and allocates under a
    /// second acquisition: the check and the allocation are no longer one step.</summary>
    ReserveCheckOutsideLock,
}
