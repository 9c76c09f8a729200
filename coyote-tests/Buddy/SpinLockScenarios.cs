using Microsoft.Coyote.Specifications;
using Verified.Buddy;

namespace Verified.CoyoteTests.Buddy;

/// <summary>The spin lock on its own, explored by Coyote: mutual exclusion and no lost update.</summary>
internal static class SpinLockScenarios
{
    private sealed class Shared
    {
        public int Inside;
        public int Counter;
    }

    /// <summary>Three tasks, two with <see cref="InterlockedSpinLock.Enter"/> and one polling
    /// <see cref="InterlockedSpinLock.TryEnter"/>, each enter the critical section twice; inside, at most one task, and
    /// a plain read-modify-write counter that loses no update.</summary>
    /// <typeparam name="TFaults"><see cref="NoFaults"/> for the real lock, <see cref="Seeded.SplitCheckThenSet"/> for
    /// the seeded acquisition.</typeparam>
    public static async Task MutualExclusion<TFaults>(SpinLockWaitMode waitMode) where TFaults : struct, IFaultPlan
    {
        var spinLock = new InterlockedSpinLock(waitMode, spinLimit: 2);
        var shared = new Shared();
        Task[] tasks =
        [
            Task.Run(() => EnterTwice<TFaults>(spinLock, shared)),
            Task.Run(() => EnterTwice<TFaults>(spinLock, shared)),
            Task.Run(() => TryEnterTwice<TFaults>(spinLock, shared)),
        ];
        await Task.WhenAll(tasks);
        Specification.Assert(shared.Counter == 6, "lost update: the counter is {0}, expected 6", shared.Counter);
        Specification.Assert(!spinLock.IsHeld, "the lock is still held after every task released it");
    }

    /// <summary>
    /// A lock with bias: two tasks take it three times each, one for operations only
    /// (<see cref="InterlockedSpinLock.EnterHeld"/>), the other alternating operations and
    /// <see cref="InterlockedSpinLock.EnterScope()"/>, so whichever operation comes first claims the bias and the other
    /// task's first acquisition of either kind revokes it, while a third takes it twice with
    /// <see cref="InterlockedSpinLock.TryEnter"/>, which must answer no while the owner is in an operation. Inside, at
    /// most one task, and a counter that loses no update; at the end the lock is free and no revocation unfinished.
    /// </summary>
    /// <typeparam name="TFaults"><see cref="NoFaults"/> for the real lock, <see cref="Seeded.RevokeWithoutWaiting"/> or
    /// <see cref="Seeded.BiasWithoutRecheck"/> or <see cref="Seeded.EnterSkipsRevocation"/> for a seeded defect of the
    /// bias.</typeparam>
    public static async Task BiasedMutualExclusion<TFaults>() where TFaults : struct, IFaultPlan
    {
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinThenYield, spinLimit: 2, biased: true);
        var shared = new Shared();
        Task[] tasks =
        [
            Task.Run(() => OperateThrice<TFaults>(spinLock, shared, alternate: false)),
            Task.Run(() => OperateThrice<TFaults>(spinLock, shared, alternate: true)),
            Task.Run(() => TryEnterTwice<TFaults>(spinLock, shared)),
        ];
        await Task.WhenAll(tasks);
        Specification.Assert(shared.Counter == 8, "lost update: the counter is {0}, expected 8", shared.Counter);
        Specification.Assert(!spinLock.IsHeld, "the lock is still held after every task released it");
        // The bias may stand at the end: a task that runs on the thread of a finished owner is that owner.
        Specification.Assert(spinLock.BiasOwner != -2, "a revocation was left unfinished after the last acquisition");
    }

    /// <summary>Enters twice by polling <see cref="InterlockedSpinLock.TryEnter"/>, yielding between tries.</summary>
    private static async Task TryEnterTwice<TFaults>(InterlockedSpinLock spinLock, Shared shared) where TFaults : struct, IFaultPlan
    {
        for (int round = 0; round < 2; round++)
        {
            while (!spinLock.TryEnter<TFaults>()) await Task.Yield();
            Critical(shared);
            spinLock.Exit();
        }
    }

    private static void OperateThrice<TFaults>(InterlockedSpinLock spinLock, Shared shared, bool alternate)
        where TFaults : struct, IFaultPlan
    {
        for (int round = 0; round < 3; round++)
        {
            if (alternate && round % 2 == 0)
            {
                using (spinLock.EnterScope<TFaults>()) Critical(shared);
                continue;
            }
            long hold = spinLock.EnterHeld<TFaults>();
            Critical(shared);
            spinLock.ExitHeld(hold);
        }
    }

    private static void EnterTwice<TFaults>(InterlockedSpinLock spinLock, Shared shared) where TFaults : struct, IFaultPlan
    {
        for (int round = 0; round < 2; round++)
        {
            using (spinLock.EnterScope<TFaults>()) Critical(shared);
        }
    }

    private static void Critical(Shared shared)
    {
        shared.Inside++;
        Specification.Assert(shared.Inside == 1, "mutual exclusion broken: {0} tasks inside the critical section", shared.Inside);
        shared.Counter++;
        shared.Inside--;
    }
}
