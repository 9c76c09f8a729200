namespace Verified.Buddy;

/// <summary>
/// Concurrency defects that can be planted in <see cref="ConcurrentBuddyHeap"/> and <see cref="InterlockedSpinLock"/>
/// to prove that the Coyote suite reaches the races it claims to rule out. Internal on purpose: only the library and
/// its test assemblies (InternalsVisibleTo) can plant one, never production code.
/// </summary>
/// <remarks>A defect is planted through the type argument of an <see cref="IFaultPlan"/> (see there), never through a
/// field, so the public operations, which run with <see cref="NoFaults"/>, contain none of this code.</remarks>
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

    /// <summary>A thread revoking the spin lock's bias does not wait for the owner to leave the operation it is in.</summary>
    RevokeWithoutWaiting,

    /// <summary>The owner of the spin lock's bias announces a biased operation without re-reading the bias afterwards,
    /// so a revocation that read no announcement and the owner's operation can both go ahead.</summary>
    BiasWithoutRecheck,

    /// <summary>The spin lock's <c>Enter</c> takes the lock word without revoking a bias another thread owns.</summary>
    EnterSkipsRevocation,
}

/// <summary>
/// Which <see cref="SeededRace"/> an operation runs with, as a type. The locked heap's and the lock's operations take
/// the plan as a struct type argument (<c>TryFree&lt;TFaults&gt;</c>); the runtime compiles a separate body for each
/// struct argument, in which <c>default(TFaults).Race</c> is a constant, so every branch on it is decided at compile
/// time. The public operations call the <see cref="NoFaults"/> body, from which the seeded code is gone (the same
/// technique dotnet/runtime uses with struct comparers); only the test assemblies name the other plans.
/// </summary>
internal interface IFaultPlan
{
    /// <summary>The defect planted; a constant of the implementing struct.</summary>
    SeededRace Race { get; }
}

/// <summary>The real code: no defect planted.</summary>
internal readonly struct NoFaults : IFaultPlan
{
    /// <inheritdoc/>
    public SeededRace Race => SeededRace.None;
}

/// <summary>The plans with a defect, one struct per <see cref="SeededRace"/> (tests only).</summary>
internal static class Seeded
{
    /// <summary><see cref="SeededRace.FreeSkipsLock"/>.</summary>
    internal readonly struct FreeSkipsLock : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.FreeSkipsLock;
    }

    /// <summary><see cref="SeededRace.UnlockBeforeFreeListUpdate"/>.</summary>
    internal readonly struct UnlockBeforeFreeListUpdate : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.UnlockBeforeFreeListUpdate;
    }

    /// <summary><see cref="SeededRace.AccountingOutsideLock"/>.</summary>
    internal readonly struct AccountingOutsideLock : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.AccountingOutsideLock;
    }

    /// <summary><see cref="SeededRace.SplitCheckThenSet"/>.</summary>
    internal readonly struct SplitCheckThenSet : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.SplitCheckThenSet;
    }

    /// <summary><see cref="SeededRace.RevokeWithoutWaiting"/>.</summary>
    internal readonly struct RevokeWithoutWaiting : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.RevokeWithoutWaiting;
    }

    /// <summary><see cref="SeededRace.BiasWithoutRecheck"/>.</summary>
    internal readonly struct BiasWithoutRecheck : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.BiasWithoutRecheck;
    }

    /// <summary><see cref="SeededRace.EnterSkipsRevocation"/>.</summary>
    internal readonly struct EnterSkipsRevocation : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.EnterSkipsRevocation;
    }

    /// <summary><see cref="SeededRace.ReserveCheckOutsideLock"/>.</summary>
    internal readonly struct ReserveCheckOutsideLock : IFaultPlan
    {
        /// <inheritdoc/>
        public SeededRace Race => SeededRace.ReserveCheckOutsideLock;
    }
}
