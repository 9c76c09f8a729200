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
/// A mutual-exclusion spin lock built on <see cref="Interlocked.CompareExchange(ref long, long, long)"/> and
/// <see cref="Volatile"/>, with an owner check: releasing a lock one does not hold, or entering it twice, is a typed
/// error instead of silent corruption.
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
/// <para>The lock word is a sequence number: even while the lock is free, odd while it is held; each acquisition and
/// each release adds one, so every acquisition has its own odd value, its <em>hold</em>, which no earlier or later
/// acquisition shares (until 2^63 acquisitions). Releasing checks that the word is still the releaser's hold, so the
/// owner check needs no thread identity: <see cref="ConcurrentBuddyHeap"/> keeps the hold of each operation in a local
/// and pays no thread-local read. <see cref="Enter()"/> and <see cref="Exit()"/>, which are separate calls, also record
/// the managed thread id of the holder next to the word: a release by another thread, or a second entry by the holder,
/// throws.</para>
/// <para><b>Bias.</b> A lock created with bias (as <see cref="ConcurrentBuddyHeap"/> creates its own unless told not
/// to) lets the first thread that takes it for an operation (<see cref="EnterHeld"/>) become its <em>owner</em>. From
/// then on the owner's operations take no interlocked instruction: the owner announces each one in a word only it
/// writes (the <em>biased hold</em>), re-reads the bias, and clears the word when it is done. The first time any other
/// thread takes the lock, it takes the lock word as usual and then revokes the bias, for good: it marks the bias
/// revoked, makes every processor's writes visible with <see cref="Interlocked.MemoryBarrierProcessWide"/> (so the
/// owner's announcement and the revoker's mark cannot both be missed), and waits until the owner has left any
/// operation it was in. After that, every thread, the former owner included, uses the lock word. The owner is
/// recognised by its managed thread id, read from a thread-static cache (on Linux a call into the runtime's
/// thread-local storage, about 1 ns per operation in the trace replay); an owner that claimed the bias from the main
/// thread's stack is recognised first by that (<see cref="MainThreadStack"/>: the address of a local, a subtraction
/// and a compare). A biased
/// operation costs that and a few plain reads and writes where an unbiased one costs a compare-exchange, whose full fence waits for every earlier store; the revocation costs one process-wide barrier,
/// once per lock. A thread other than the owner revokes the bias through any acquisition, <see cref="Enter()"/> and
/// <see cref="TryEnter()"/> included: a monitoring thread that reads a biased heap's accounting revokes its bias for
/// good. Biased
/// holds are negative and unique, so <see cref="ExitHeld"/> checks them exactly as it checks the lock word's holds.
/// The weak-memory half of the argument (the processor may let the owner's re-read of the bias pass its write; the
/// process-wide barrier is what rules that out) is outside what Coyote explores. The argument also needs the JIT to
/// keep the owner's volatile write before its volatile read, which .NET's memory model does not promise and RyuJIT
/// does (seen in the disassembly of the trace replay's optimised body); the pool's block caches rest on the same.
/// Coyote interleaves steps in program order: it explores the interleavings of the protocol's steps, and two defects
/// of them are seeded for it to find (<see cref="SeededRace.RevokeWithoutWaiting"/>,
/// <see cref="SeededRace.BiasWithoutRecheck"/>).</para>
/// <para>The lock is built from <c>Interlocked</c> and <c>Volatile</c> operations only (no
/// <see cref="System.Threading.SpinLock"/>, no <see cref="System.Threading.Lock"/>), so that Coyote's systematic testing
/// can control every step of it once the assembly is rewritten. It is not re-entrant. A reference type on purpose:
/// copying a struct lock copies its state and silently breaks mutual exclusion.</para>
/// </remarks>
public sealed class InterlockedSpinLock
{
    /// <summary>The default number of spins before a <see cref="SpinLockWaitMode.SpinThenYield"/> waiter starts yielding.</summary>
    public const int DefaultSpinLimit = 64;

    private const int NoThread = 0;          // managed thread ids start at 1
    private const int MaxBackoffShift = 6;   // a waiter pauses 1, 2, 4, ... up to 64 rounds between reads

    private const int Revoked = -1;          // _biasOwner once the bias is gone for good and its owner has left
    private const int Revoking = -2;         // _biasOwner once the bias is gone, while its owner may still be inside

    private long _sequence;      // odd while held; the odd value is the current acquisition's hold
    private int _holderThread;   // the thread that took the lock with Enter/TryEnter, written only while it holds it

    // The bias (see the remarks). _biasOwner: NoThread until an operation claims it, then the owner's managed thread
    // id, then Revoking (a revocation has begun: no biased hold may begin, and the owner may still be in one; a TryEnter
    // that could not wait leaves it so), then Revoked for good; Revoked from the start in a lock without bias. A managed
    // thread id belongs to one live thread at a time (a later thread may get an exited owner's id, and the bias with
    // it: still one thread). _biasedHold: 0 while
    // the owner is outside, the hold of its current biased operation while inside; written only by the owner.
    // _biasedHolds: the owner's count of biased operations, from which each takes its hold; read and written only by
    // the owner.
    private int _biasOwner;
    private nuint _ownerStackLow;    // the main thread's stack when the owner claimed the bias from a frame in it (see
    private nuint _ownerStackSize;   // MainThreadStack), else empty; written before _biasOwner is published
    private long _biasedHold;
    private long _biasedHolds;

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
        : this(waitMode, spinLimit, biased: false)
    {
    }

    /// <summary>Creates an unheld lock, with or without bias (see the remarks): a lock only this library can take for
    /// an operation (<see cref="EnterHeld"/>), so only it can claim a bias.</summary>
    internal InterlockedSpinLock(SpinLockWaitMode waitMode, int spinLimit, bool biased)
    {
        _biasOwner = biased ? NoThread : Revoked;   // without bias, the lock starts where a revoked one ends
        if (biased) _ = MainThreadStack.Size;       // reads /proc/self/maps once per process, here and not under the lock
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
    public bool IsHeld => IsHold(Volatile.Read(ref _sequence)) || Volatile.Read(ref _biasedHold) != 0;

    /// <summary>True when the owner of the bias is recognised by its stack (a main-thread owner; tests).</summary>
    internal bool OwnerRecognisedByStack => Volatile.Read(ref _biasOwner) > 0 && _ownerStackSize != 0;

    /// <summary>The stack half of the owner check of <see cref="EnterHeld"/>, evaluated in the caller's frame (tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool OnOwnersStack() => MainThreadStack.Contains(_ownerStackLow, _ownerStackSize, MainThreadStack.Here());

    /// <summary>The managed id of the thread the lock is biased to; 0 before any operation claimed it, −2 while a
    /// revocation waits for the owner to leave, −1 once revoked and in a lock without bias (tests and diagnostics).</summary>
    internal int BiasOwner => Volatile.Read(ref _biasOwner);

    /// <summary>True when the calling thread holds the lock, taken with <see cref="Enter()"/>, <see cref="TryEnter()"/>
    /// or <see cref="EnterScope()"/>.</summary>
    public bool IsHeldByCurrentThread =>
        IsHold(Volatile.Read(ref _sequence)) && Volatile.Read(ref _holderThread) == CurrentThreadId;

    /// <summary>The calling thread's <see cref="Environment.CurrentManagedThreadId"/>, read from a per-thread cache.</summary>
    private static int CurrentThreadId
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int id = t_threadId;
            return id != NoThread ? id : CacheThreadId();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CacheThreadId() => t_threadId = Environment.CurrentManagedThreadId;

    private static bool IsHold(long sequence) => (sequence & 1) != 0;

    /// <summary>Takes the lock if it is free, without waiting.</summary>
    /// <returns>True when the calling thread now holds the lock; false when another thread holds it, the owner of the
    /// lock's bias included while it is in an operation (the first try of a thread other than the owner revokes the
    /// bias, which costs a process-wide barrier once).</returns>
    /// <exception cref="LockRecursionException">The calling thread already holds the lock.</exception>
    public bool TryEnter() => TryEnter<NoFaults>();

    /// <summary>Takes the lock, spinning (and, in <see cref="SpinLockWaitMode.SpinThenYield"/>, yielding) until it is free.</summary>
    /// <exception cref="LockRecursionException">The calling thread already holds the lock (waiting would never end).</exception>
    public void Enter() => Enter<NoFaults>();

    /// <summary>Releases the lock, which the calling thread must hold.</summary>
    /// <exception cref="SynchronizationLockException">The calling thread does not hold the lock (it is free, or another
    /// thread holds it); the lock is unchanged.</exception>
    public void Exit()
    {
        int me = CurrentThreadId;
        long sequence = Volatile.Read(ref _sequence);
        int holder = Volatile.Read(ref _holderThread);
        if (!IsHold(sequence) || holder != me) ThrowNotOwner(me, IsHold(sequence), holder);
        Volatile.Write(ref _holderThread, NoThread);
        Release(sequence);
    }

    /// <summary><see cref="TryEnter()"/> with the acquisition of the fault plan <typeparamref name="TFaults"/> (the
    /// public method runs <see cref="NoFaults"/>; see <see cref="IFaultPlan"/>).</summary>
    internal bool TryEnter<TFaults>() where TFaults : struct, IFaultPlan
    {
        int me = CurrentThreadId;
        while (true)
        {
            long sequence = Volatile.Read(ref _sequence);
            if (IsHold(sequence))
            {
                if (Volatile.Read(ref _holderThread) == me) ThrowRecursion(me);
                return false;
            }
            if (TryTake<TFaults>(sequence))
            {
                // The owner of a bias may be inside an operation, which holds the lock as much as the word does: then
                // the bias is revoked (the owner's next operation takes the word) and the answer is no.
                if (Volatile.Read(ref _biasOwner) != Revoked && !SettleBias<TFaults>(claim: false, wait: false))
                {
                    Release(sequence + 1);
                    return false;
                }
                Volatile.Write(ref _holderThread, me);
                return true;
            }
            // Another thread took (and perhaps already released) the lock between the read and the compare-exchange.
        }
    }

    /// <summary><see cref="Enter()"/> with the acquisition of the fault plan <typeparamref name="TFaults"/>.</summary>
    internal void Enter<TFaults>() where TFaults : struct, IFaultPlan
    {
        int me = CurrentThreadId;
        long sequence = Volatile.Read(ref _sequence);
        if (IsHold(sequence) && Volatile.Read(ref _holderThread) == me) ThrowRecursion(me);
        if (IsHold(sequence) || !TryTake<TFaults>(sequence)) EnterContended<TFaults>();
        int owner = Volatile.Read(ref _biasOwner);   // the owner itself, and everyone once the bias is revoked, go on
        if (default(TFaults).Race != SeededRace.EnterSkipsRevocation && owner != Revoked && owner != me)
            SettleBias<TFaults>(claim: false, wait: true);
        Volatile.Write(ref _holderThread, me);
    }

    /// <summary>
    /// Takes the lock for one operation of a caller that releases it in the same frame with <see cref="ExitHeld"/>:
    /// no thread id is recorded. The returned hold is the owner check's evidence; keep it in a local. The owner of the
    /// lock's bias takes a biased hold (see the remarks); any other thread takes the lock word.
    /// </summary>
    /// <returns>This acquisition's hold, to pass to <see cref="ExitHeld"/>: odd for the lock word, negative for a
    /// biased hold.</returns>
    /// <remarks>Not re-entrant, and unlike <see cref="Enter()"/> not checked for it: a caller must release its hold
    /// before taking another (the library's operations take one hold each and call nothing that takes another).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal long EnterHeld<TFaults>() where TFaults : struct, IFaultPlan
    {
        int owner = Volatile.Read(ref _biasOwner);
        if (owner > 0 && (OnOwnersStack() || owner == CurrentThreadId))
        {
            // Announce the operation, then make sure the bias still stands: a revoker marks the bias first and looks
            // for an announcement second, so one of the two sees the other (the process-wide barrier between its
            // steps orders them against these two on any processor).
            long hold = -++_biasedHolds;
            Volatile.Write(ref _biasedHold, hold);
            if (default(TFaults).Race == SeededRace.BiasWithoutRecheck || Volatile.Read(ref _biasOwner) == owner) return hold;
            Volatile.Write(ref _biasedHold, 0);   // revoked meanwhile: take the word like every other thread
        }
        long sequence = Volatile.Read(ref _sequence);
        if (IsHold(sequence) || !TryTake<TFaults>(sequence)) sequence = EnterContended<TFaults>() - 1;
        if (owner != Revoked) SettleBias<TFaults>(claim: true, wait: true);
        return sequence + 1;
    }

    /// <summary>Releases an acquisition of <see cref="EnterHeld"/>: one read, one compare, one release write.</summary>
    /// <param name="hold">The value <see cref="EnterHeld"/> returned.</param>
    /// <exception cref="SynchronizationLockException">The lock is not held by this acquisition; it is unchanged.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void ExitHeld(long hold)
    {
        if (hold < 0)
        {
            long biased = Volatile.Read(ref _biasedHold);
            if (biased != hold) ThrowNotHolder(hold, biased, Volatile.Read(ref _sequence));
            Volatile.Write(ref _biasedHold, 0);
            return;
        }
        long sequence = Volatile.Read(ref _sequence);
        if (sequence != hold || !IsHold(hold)) ThrowNotHolder(hold, Volatile.Read(ref _biasedHold), sequence);
        Release(hold);
    }

    /// <summary>
    /// Brings the bias in line with an acquisition of the lock word that the calling thread has just made: claims an
    /// unclaimed bias for an operation (<paramref name="claim"/>), and revokes a bias another thread owns. Out of
    /// line: it runs for acquisitions of the word while the bias is unclaimed or being revoked, for the first
    /// acquisition of each other thread, and for the owner's own <see cref="TryEnter()"/>; the owner's operations and
    /// its <see cref="Enter()"/> never reach it, and once the bias is revoked nobody does beyond a read.
    /// </summary>
    /// <param name="claim">True for an operation's acquisition (<see cref="EnterHeld"/>).</param>
    /// <param name="wait">True to wait for the owner to leave an operation it is in; false to report it instead.</param>
    /// <returns>False when <paramref name="wait"/> is false and the former owner is still inside an operation (the bias
    /// stays revoking: no biased hold begins, and the next acquisition waits); true otherwise.</returns>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SettleBias<TFaults>(bool claim, bool wait) where TFaults : struct, IFaultPlan
    {
        int owner = Volatile.Read(ref _biasOwner);
        if (owner == Revoked) return true;
        int me = CurrentThreadId;
        if (owner == me) return true;
        if (owner == NoThread)
        {
            // Claimed under the lock word, so no other thread holds the lock while the owner starts taking biased holds.
            if (claim)
            {
                nuint low = MainThreadStack.Low, size = MainThreadStack.Size;   // read once: checked and recorded alike
                if (MainThreadStack.Contains(low, size, MainThreadStack.Here()))
                {
                    _ownerStackLow = low;
                    _ownerStackSize = size;
                }
                Volatile.Write(ref _biasOwner, me);   // publishes the range with it
            }
            return true;
        }
        if (owner != Revoking)
        {
            Volatile.Write(ref _biasOwner, Revoking);
            Interlocked.MemoryBarrierProcessWide();
        }
        // Revoking: the owner may still be in the operation it had announced, whoever marked the bias (a TryEnter that
        // marked it and gave up leaves that to the next acquisition); nobody goes ahead until it has left.
        if (default(TFaults).Race != SeededRace.RevokeWithoutWaiting)
        {
            for (long round = 0; Volatile.Read(ref _biasedHold) != 0; round++)
            {
                if (!wait) return false;
                Wait(round);
            }
        }
        Volatile.Write(ref _biasOwner, Revoked);
        return true;
    }

    // A release write: every write made while holding the lock is visible before the lock is seen free.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Release(long hold) => Volatile.Write(ref _sequence, hold + 1);

    /// <summary>The waiting part of the acquisitions, out of line so that the uncontended path is one read and one
    /// compare-exchange. Returns the hold taken.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long EnterContended<TFaults>() where TFaults : struct, IFaultPlan
    {
        for (long round = 0; ; round++)
        {
            // Test and test-and-set: wait on a plain read, which keeps the lock's cache line shared between processors
            // until it looks free, and only then try the interlocked write.
            long sequence = Volatile.Read(ref _sequence);
            if (!IsHold(sequence) && TryTake<TFaults>(sequence)) return sequence + 1;
            Wait(round);
        }
    }

    /// <summary>One round of waiting, as the wait mode says: a growing pause, then (spin then yield) the processor given away.</summary>
    private void Wait(long round)
    {
        if (WaitMode == SpinLockWaitMode.SpinOnly || round < SpinLimit) Thread.SpinWait(1 << (int)Math.Min(round, MaxBackoffShift));
        else Thread.Yield();
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

    /// <summary>Moves the free word <paramref name="free"/> to its hold, if nobody moved it first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTake<TFaults>(long free) where TFaults : struct, IFaultPlan
    {
        if (default(TFaults).Race == SeededRace.SplitCheckThenSet) return SeededTake(free);   // a constant: gone for NoFaults
        return Interlocked.CompareExchange(ref _sequence, free + 1, free) == free;
    }

    /// <summary>Seeded defect: the check and the set are two steps, so two threads can both see the lock free.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SeededTake(long free)
    {
        if (Volatile.Read(ref _sequence) != free) return false;
        Volatile.Write(ref _sequence, free + 1);
        return true;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowRecursion(int me) =>
        throw new LockRecursionException($"Thread {me} tried to enter a spin lock it already holds; the lock is not re-entrant.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotOwner(int me, bool held, int holder) =>
        throw new SynchronizationLockException(!held
            ? $"Thread {me} released a spin lock that no thread holds."
            : holder == NoThread
                ? $"Thread {me} released a spin lock that it does not hold."
                : $"Thread {me} released a spin lock that thread {holder} holds.");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotHolder(long hold, long biased, long sequence) =>
        throw new SynchronizationLockException(
            $"An operation released a spin lock it does not hold: its hold is {hold}, " + (biased != 0
                ? $"the lock's current hold is the biased hold {biased}."
                : IsHold(sequence)
                    ? $"the lock's current hold is {sequence}."
                    : $"the lock is free (sequence {sequence})."));
}
