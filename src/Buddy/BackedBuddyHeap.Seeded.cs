namespace Verified.Buddy;

/// <summary>
/// Concurrency defects that can be planted in <see cref="BackedBuddyHeap"/> to prove that the Coyote suite reaches the
/// races of the backing layer it claims to rule out. Internal on purpose: only the library and its test assemblies
/// (InternalsVisibleTo) can construct a heap with one; a production heap always runs with <see cref="None"/>.
/// </summary>
internal enum SeededBackingRace
{
    /// <summary>The real code.</summary>
    None = 0,

    /// <summary><see cref="BackedBuddyHeap.ReturnIsolated"/> takes the block off the isolated set under the lock, releases
    /// it, and only then frees the block into the clean (or dirty) heap: a move between the states outside the lock,
    /// racing with every allocation and free of that heap.</summary>
    ReturnOutsideLock,
}

public sealed partial class BackedBuddyHeap
{
    private readonly SeededBackingRace _seeded;

    /// <summary>Test-only constructor that plants a concurrency defect (see <see cref="SeededBackingRace"/>).</summary>
    internal BackedBuddyHeap(ulong pageSize, ulong maxBlockSize, SpinLockWaitMode waitMode, SeededBackingRace seeded)
        : this(pageSize, maxBlockSize, waitMode)
    {
        _seeded = seeded;
    }

    /// <summary>The seeded defect <see cref="SeededBackingRace.ReturnOutsideLock"/>.</summary>
    private void SeededReturnIsolated(ulong block, PageBacking backing)
    {
        int order;
        _lock.Enter();
        try
        {
            if (!_isolated.Remove(block, out order))
                throw new ArgumentException($"0x{block:X} is not an isolated block of this heap.", nameof(block));
            _isolatedPages -= 1UL << order;
        }
        finally { _lock.Exit(); }
        Pools(backing).Free.Free(block, PageSize << order);   // the defect: the heap's lists change without the lock
    }
}
