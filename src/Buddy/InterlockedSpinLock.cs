using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Verified.Buddy;

/// <summary>How <see cref="InterlockedSpinLock.Enter()"/> waits while another thread holds the lock.</summary>
public enum SpinLockWaitMode
{
    /// <summary>
    /// Ordinary .NET code: spin a bounded number of rounds, then give the processor away with <see cref="Thread.Yield"/>
    /// between attempts, so a holder that was preempted can run and release the lock.
    /// </summary>
    SpinThenYield = 0,

    /// <summary>
    /// Kernel style: spin with a processor pause between attempts and never call into the thread scheduler. Only
    /// correct where the holder cannot be descheduled while it holds the lock (interrupts or preemption off).
    /// </summary>
    SpinOnly = 1,
}

/// <summary>
/// A mutual-exclusion spin lock built on <see cref="Interlocked.CompareExchange(ref int, int, int)"/> and
/// <see cref="Volatile"/>, with an owner check: the lock word holds the managed thread id of its holder, so releasing
/// a lock one does not hold, or entering it twice, is a typed error instead of silent corruption.
/// </summary>
/// <remarks>
/// <para>One type serves both worlds; the <see cref="SpinLockWaitMode"/> chosen at construction is the only
/// difference. In kernel style (<see cref="SpinLockWaitMode.SpinOnly"/>) a waiter spins with a pause instruction and
/// never blocks or yields: the code that holds the lock runs with preemption off, holds it for a few hundred
/// instructions, and a waiter has nothing better to do than wait for the other processor. In ordinary .NET code
/// (<see cref="SpinLockWaitMode.SpinThenYield"/>) the holder can be preempted by the operating system at any point,
/// so after a bounded number of spins (<see cref="SpinLimit"/>) a waiter yields its time slice between attempts;
/// otherwise, with more runnable threads than cores, it could burn a whole slice spinning on a holder that is not
/// running. Neither mode ever sleeps on a kernel object, and neither is fair: a releasing thread may win again.</para>
/// <para>The lock is built from <c>Interlocked</c> and <c>Volatile</c> operations only (no
/// <see cref="System.Threading.SpinLock"/>, no <see cref="System.Threading.Lock"/>), so that Coyote's systematic testing
/// can control every step of it once the assembly is rewritten. It is not re-entrant. A reference type on purpose:
/// copying a struct lock copies its state and silently breaks mutual exclusion.</para>
/// </remarks>
public sealed class InterlockedSpinLock
{
    /// <summary>The default number of spins before a <see cref="SpinLockWaitMode.SpinThenYield"/> waiter starts yielding.</summary>
    public const int DefaultSpinLimit = 64;

    private const int Unowned = 0;           // managed thread ids start at 1
    private const int MaxBackoffShift = 6;   // a waiter pauses 1, 2, 4, ... up to 64 rounds between reads

    private int _owner;

    // The calling thread's managed id, cached per thread: Environment.CurrentManagedThreadId is a call into the runtime
    // (about 4-5 ns here), a thread-static read about 0.5 ns. A thread's id never changes, so the cache is always exact.
    [ThreadStatic] private static int t_threadId;

    /// <summary>Creates an unheld lock.</summary>
    /// <param name="waitMode">Spin only (kernel style) or spin then yield (ordinary .NET code).</param>
    /// <param name="spinLimit">Spins before a <see cref="SpinLockWaitMode.SpinThenYield"/> waiter yields; ignored in
    /// <see cref="SpinLockWaitMode.SpinOnly"/>, which always spins.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="waitMode"/> is not a defined mode, or
    /// <paramref name="spinLimit"/> is negative.</exception>
    public InterlockedSpinLock(SpinLockWaitMode waitMode = SpinLockWaitMode.SpinThenYield, int spinLimit = DefaultSpinLimit)
    {
        if (waitMode is not (SpinLockWaitMode.SpinThenYield or SpinLockWaitMode.SpinOnly))
            throw new ArgumentOutOfRangeException(nameof(waitMode), waitMode, "Unknown wait mode.");
        ArgumentOutOfRangeException.ThrowIfNegative(spinLimit);
        WaitMode = waitMode;
        SpinLimit = spinLimit;
    }

    /// <summary>How a waiter waits.</summary>
    public SpinLockWaitMode WaitMode { get; }

    /// <summary>Spins before a <see cref="SpinLockWaitMode.SpinThenYield"/> waiter starts yielding.</summary>
    public int SpinLimit { get; }

    /// <summary>True when some thread holds the lock (a racy hint for diagnostics, never for synchronisation).</summary>
    public bool IsHeld => Volatile.Read(ref _owner) != Unowned;

    /// <summary>True when the calling thread holds the lock.</summary>
    public bool IsHeldByCurrentThread => Volatile.Read(ref _owner) == CurrentThreadId;

    /// <summary>The calling thread's <see cref="Environment.CurrentManagedThreadId"/>, read from a per-thread cache.</summary>
    internal static int CurrentThreadId
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int id = t_threadId;
            return id != Unowned ? id : CacheThreadId();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CacheThreadId() => t_threadId = Environment.CurrentManagedThreadId;

    /// <summary>Takes the lock if it is free, without waiting.</summary>
    /// <returns>True when the calling thread now holds the lock; false when another thread holds it.</returns>
    /// <exception cref="LockRecursionException">The calling thread already holds the lock.</exception>
    public bool TryEnter() => TryEnter<NoFaults>();

    /// <summary>Takes the lock, spinning (and, in <see cref="SpinLockWaitMode.SpinThenYield"/>, yielding) until it is free.</summary>
    /// <exception cref="LockRecursionException">The calling thread already holds the lock (waiting would never end).</exception>
    public void Enter() => EnterAs<NoFaults>(CurrentThreadId);

    /// <summary>Releases the lock, which the calling thread must hold.</summary>
    /// <exception cref="SynchronizationLockException">The calling thread does not hold the lock (it is free, or another
    /// thread holds it); the lock is unchanged.</exception>
    public void Exit() => ExitAs(CurrentThreadId);

    /// <summary><see cref="TryEnter()"/> with the acquisition of the fault plan <typeparamref name="TFaults"/> (the
    /// public method runs <see cref="NoFaults"/>; see <see cref="IFaultPlan"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryEnter<TFaults>() where TFaults : struct, IFaultPlan
    {
        int me = CurrentThreadId;
        if (TryTake<TFaults>(me)) return true;
        if (Volatile.Read(ref _owner) == me) ThrowRecursion(me);
        return false;
    }

    /// <summary><see cref="Enter()"/> with the acquisition of the fault plan <typeparamref name="TFaults"/>.</summary>
    internal void Enter<TFaults>() where TFaults : struct, IFaultPlan => EnterAs<TFaults>(CurrentThreadId);

    /// <summary>
    /// <see cref="Enter()"/> for a caller that has read its own thread id (<see cref="CurrentThreadId"/>) once for the
    /// whole operation and passes it to <see cref="ExitAs"/> as well.
    /// </summary>
    /// <param name="me">The calling thread's <see cref="CurrentThreadId"/>; any other value breaks the owner check.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnterAs<TFaults>(int me) where TFaults : struct, IFaultPlan
    {
        if (!TryTake<TFaults>(me)) EnterContended<TFaults>(me);
    }

    /// <summary><see cref="Exit()"/> with the caller's thread id read by the caller (see <see cref="EnterAs"/>):
    /// one read, one compare, one release write.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ExitAs(int me)
    {
        int owner = Volatile.Read(ref _owner);
        if (owner != me) ThrowNotOwner(me, owner);
        // A release write: every write made while holding the lock is visible before the lock is seen free.
        Volatile.Write(ref _owner, Unowned);
    }

    /// <summary>The waiting part of <see cref="EnterAs"/>, out of line so that the uncontended path is one compare-exchange.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended<TFaults>(int me) where TFaults : struct, IFaultPlan
    {
        if (Volatile.Read(ref _owner) == me) ThrowRecursion(me);
        for (long round = 0; ; round++)
        {
            // Test and test-and-set: wait on a plain read, which keeps the lock's cache line shared between processors
            // until it looks free, and only then try the interlocked write.
            if (Volatile.Read(ref _owner) == Unowned && TryTake<TFaults>(me)) return;
            if (WaitMode == SpinLockWaitMode.SpinOnly || round < SpinLimit) Thread.SpinWait(1 << (int)Math.Min(round, MaxBackoffShift));
            else Thread.Yield();
        }
    }

    /// <summary>Takes the lock and returns a scope whose disposal releases it: <c>using (spinLock.EnterScope()) { ... }</c>.</summary>
    /// <exception cref="LockRecursionException">The calling thread already holds the lock.</exception>
    public Scope EnterScope() => EnterScope<NoFaults>();

    /// <summary><see cref="EnterScope()"/> with the acquisition of the fault plan <typeparamref name="TFaults"/>.</summary>
    internal Scope EnterScope<TFaults>() where TFaults : struct, IFaultPlan
    {
        Enter<TFaults>();
        return new Scope(this);
    }

    /// <summary>A held lock; <see cref="Dispose"/> releases it. Dispose exactly once.</summary>
    public readonly ref struct Scope
    {
        private readonly InterlockedSpinLock _lock;

        internal Scope(InterlockedSpinLock spinLock) => _lock = spinLock;

        /// <summary>Releases the lock.</summary>
        /// <exception cref="SynchronizationLockException">The calling thread no longer holds the lock.</exception>
        public void Dispose() => _lock?.Exit();   // a default scope holds nothing
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTake<TFaults>(int me) where TFaults : struct, IFaultPlan
    {
        if (default(TFaults).Race == SeededRace.SplitCheckThenSet) return SeededTake(me);   // a constant: gone for NoFaults
        return Interlocked.CompareExchange(ref _owner, me, Unowned) == Unowned;
    }

    /// <summary>Seeded defect: the check and the set are two steps, so two threads can both see the lock free.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SeededTake(int me)
    {
        if (Volatile.Read(ref _owner) != Unowned) return false;
        Volatile.Write(ref _owner, me);
        return true;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRecursion(int me) =>
        throw new LockRecursionException($"Thread {me} tried to enter a spin lock it already holds; the lock is not re-entrant.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotOwner(int me, int owner) =>
        throw new SynchronizationLockException(owner == Unowned
            ? $"Thread {me} released a spin lock that no thread holds."
            : $"Thread {me} released a spin lock that thread {owner} holds.");
}
