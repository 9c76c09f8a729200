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
            Task.Run(async () =>
            {
                for (int round = 0; round < 2; round++)
                {
                    while (!spinLock.TryEnter<TFaults>()) await Task.Yield();
                    Critical(shared);
                    spinLock.Exit();
                }
            }),
        ];
        await Task.WhenAll(tasks);
        Specification.Assert(shared.Counter == 6, "lost update: the counter is {0}, expected 6", shared.Counter);
        Specification.Assert(!spinLock.IsHeld, "the lock is still held after every task released it");
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
