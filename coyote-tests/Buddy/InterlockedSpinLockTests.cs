using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>The spin lock's contract on plain threads: owner checks, no re-entry, argument checks.</summary>
public sealed class InterlockedSpinLockTests
{
    [Fact]
    public void Exit_ByAThreadThatDoesNotHoldIt_ThrowsAndLeavesTheLockHeld()
    {
        var spinLock = new InterlockedSpinLock();
        spinLock.Enter();
        Exception? thrown = OnOtherThread(spinLock.Exit);
        var error = Assert.IsType<SynchronizationLockException>(thrown);
        Assert.Contains($"thread {Environment.CurrentManagedThreadId} holds", error.Message);
        Assert.True(spinLock.IsHeldByCurrentThread);
        spinLock.Exit();
        Assert.False(spinLock.IsHeld);
    }

    [Fact]
    public void ExitHeld_WithAnyOtherHold_ThrowsAndLeavesTheLockHeld()
    {
        var spinLock = new InterlockedSpinLock();
        long hold = spinLock.EnterHeld<NoFaults>();
        Assert.True(spinLock.IsHeld);
        Assert.False(spinLock.IsHeldByCurrentThread);   // an operation holds it, not a thread
        foreach (long other in new[] { hold - 2, hold + 2, hold - 1, 0L })
        {
            var error = Assert.Throws<SynchronizationLockException>(() => spinLock.ExitHeld(other));
            Assert.Equal($"An operation released a spin lock it does not hold: its hold is {other}, the lock's current hold is {hold}.", error.Message);
            Assert.True(spinLock.IsHeld);
        }
        Assert.Equal($"Thread {Environment.CurrentManagedThreadId} released a spin lock that it does not hold.",
            Assert.Throws<SynchronizationLockException>(spinLock.Exit).Message);
        Assert.True(spinLock.IsHeld);
        spinLock.ExitHeld(hold);
        Assert.False(spinLock.IsHeld);
    }

    [Fact]
    public void ExitHeld_AfterTheRelease_OrWhileAThreadHoldsIt_Throws()
    {
        var spinLock = new InterlockedSpinLock();
        long first = spinLock.EnterHeld<NoFaults>();
        spinLock.ExitHeld(first);
        Assert.Equal($"An operation released a spin lock it does not hold: its hold is {first}, the lock is free (sequence {first + 1}).",
            Assert.Throws<SynchronizationLockException>(() => spinLock.ExitHeld(first)).Message);
        Assert.False(spinLock.IsHeld);
        spinLock.Enter();
        Assert.Throws<SynchronizationLockException>(() => spinLock.ExitHeld(first));
        Assert.True(spinLock.IsHeldByCurrentThread);
        spinLock.Exit();
        long second = spinLock.EnterHeld<NoFaults>();
        Assert.Equal(first + 4, second);   // every acquisition has a hold of its own
        spinLock.ExitHeld(second);
        Assert.False(spinLock.IsHeld);
    }

    [Fact]
    public void Exit_WhenNobodyHoldsIt_Throws()
    {
        var spinLock = new InterlockedSpinLock();
        var error = Assert.Throws<SynchronizationLockException>(spinLock.Exit);
        Assert.Contains("no thread holds", error.Message);
        Assert.False(spinLock.IsHeld);
    }

    [Theory]
    [InlineData(SpinLockWaitMode.SpinThenYield)]
    [InlineData(SpinLockWaitMode.SpinOnly)]
    public void Enter_ByTheHolder_ThrowsInsteadOfSpinningForever(SpinLockWaitMode waitMode)
    {
        var spinLock = new InterlockedSpinLock(waitMode);
        spinLock.Enter();
        Assert.Throws<LockRecursionException>(spinLock.Enter);
        Assert.Throws<LockRecursionException>(() => spinLock.TryEnter());
        Assert.True(spinLock.IsHeldByCurrentThread);
        spinLock.Exit();
    }

    [Fact]
    public void TryEnter_WhileAnotherThreadHoldsIt_ReturnsFalse_ThenTrueOnceReleased()
    {
        var spinLock = new InterlockedSpinLock();
        spinLock.Enter();
        bool gotIt = true;
        Assert.Null(OnOtherThread(() => gotIt = spinLock.TryEnter()));
        Assert.False(gotIt);
        spinLock.Exit();
        Assert.Null(OnOtherThread(() => { gotIt = spinLock.TryEnter(); spinLock.Exit(); }));
        Assert.True(gotIt);
    }

    [Fact]
    public void Enter_WaitsForTheHolderToRelease()
    {
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinThenYield, spinLimit: 4);
        spinLock.Enter();
        int entered = 0;
        var waiter = new Thread(() => { spinLock.Enter(); Volatile.Write(ref entered, 1); spinLock.Exit(); });
        waiter.Start();
        Assert.False(waiter.Join(50));   // it cannot get in while this thread holds the lock
        Assert.Equal(0, Volatile.Read(ref entered));
        spinLock.Exit();
        Assert.True(waiter.Join(10_000));
        Assert.Equal(1, entered);
    }

    [Fact]
    public void EnterScope_ReleasesOnDispose()
    {
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinOnly);
        using (spinLock.EnterScope()) Assert.True(spinLock.IsHeldByCurrentThread);
        Assert.False(spinLock.IsHeld);
    }

    [Fact]
    public void Constructor_RefusesANegativeSpinLimitAndAnUnknownMode()
    {
        Assert.Equal("spinLimit", Assert.Throws<ArgumentOutOfRangeException>(() => new InterlockedSpinLock(SpinLockWaitMode.SpinThenYield, -1)).ParamName);
        Assert.Equal("waitMode", Assert.Throws<ArgumentOutOfRangeException>(() => new InterlockedSpinLock((SpinLockWaitMode)7)).ParamName);
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinOnly, 0);
        Assert.Equal(SpinLockWaitMode.SpinOnly, spinLock.WaitMode);
        Assert.Equal(0, spinLock.SpinLimit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExitHeld_OfAHoldNeverTaken_ThrowsOnAFreshLock(bool biased)
    {
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinThenYield, InterlockedSpinLock.DefaultSpinLimit, biased);
        foreach (long never in new[] { 0L, 1L, -1L, 2L })
        {
            var error = Assert.Throws<SynchronizationLockException>(() => spinLock.ExitHeld(never));
            Assert.Equal($"An operation released a spin lock it does not hold: its hold is {never}, the lock is free (sequence 0).", error.Message);
            Assert.False(spinLock.IsHeld);
        }
        long hold = spinLock.EnterHeld<NoFaults>();   // the lock still works, and its first hold is its own
        Assert.True(spinLock.IsHeld);
        spinLock.ExitHeld(hold);
        Assert.False(spinLock.IsHeld);
    }

    // ---- Bias ------------------------------------------------------------------------------------------------------

    [Fact]
    public void ALockWithoutBias_NeverGivesABiasedHold()
    {
        var spinLock = new InterlockedSpinLock();
        Assert.Equal(-1, spinLock.BiasOwner);
        for (int i = 0; i < 3; i++)
        {
            long hold = spinLock.EnterHeld<NoFaults>();
            Assert.True(hold > 0 && (hold & 1) == 1, $"hold {hold}");
            spinLock.ExitHeld(hold);
        }
        Assert.Equal(-1, spinLock.BiasOwner);
    }

    [Fact]
    public void TheFirstOperation_ClaimsTheBias_AndTheOwnersLaterHoldsAreBiasedAndDistinct()
    {
        var spinLock = Biased();
        spinLock.Enter();   // a thread's acquisition does not claim the bias
        spinLock.Exit();
        Assert.Equal(0, spinLock.BiasOwner);

        long first = spinLock.EnterHeld<NoFaults>();   // the claiming operation itself holds the lock word
        Assert.True(first > 0 && (first & 1) == 1, $"hold {first}");
        Assert.Equal(Environment.CurrentManagedThreadId, spinLock.BiasOwner);
        spinLock.ExitHeld(first);

        long second = spinLock.EnterHeld<NoFaults>();
        Assert.Equal(-1L, second);
        Assert.True(spinLock.IsHeld);
        Assert.False(spinLock.IsHeldByCurrentThread);   // an operation holds it, not a thread
        spinLock.ExitHeld(second);
        Assert.False(spinLock.IsHeld);
        long third = spinLock.EnterHeld<NoFaults>();
        Assert.Equal(-2L, third);
        spinLock.ExitHeld(third);
        Assert.False(spinLock.IsHeld);
    }

    [Fact]
    public void ExitHeld_OfABiasedHold_WithAnyOtherHold_ThrowsAndLeavesItHeld()
    {
        var spinLock = Biased();
        spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>());   // claims
        long hold = spinLock.EnterHeld<NoFaults>();
        foreach (long other in new[] { hold - 1, hold + 1, 1L, 3L, 0L })
        {
            var error = Assert.Throws<SynchronizationLockException>(() => spinLock.ExitHeld(other));
            Assert.Equal($"An operation released a spin lock it does not hold: its hold is {other}, the lock's current hold is the biased hold {hold}.", error.Message);
            Assert.True(spinLock.IsHeld);
        }
        Assert.Equal($"Thread {Environment.CurrentManagedThreadId} released a spin lock that no thread holds.",
            Assert.Throws<SynchronizationLockException>(spinLock.Exit).Message);
        spinLock.ExitHeld(hold);
        Assert.False(spinLock.IsHeld);
        var twice = Assert.Throws<SynchronizationLockException>(() => spinLock.ExitHeld(hold));
        Assert.Equal($"An operation released a spin lock it does not hold: its hold is {hold}, the lock is free (sequence 2).", twice.Message);
    }

    [Fact]
    public void AnotherThreadsOperation_RevokesTheBiasForGood_AndTheOwnerTakesTheWordFromThenOn()
    {
        var spinLock = Biased();
        spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>());   // this thread owns the bias
        Assert.Null(OnOtherThread(() =>
        {
            long hold = spinLock.EnterHeld<NoFaults>();
            Assert.True(hold > 0 && (hold & 1) == 1, $"hold {hold}");
            spinLock.ExitHeld(hold);
        }));
        Assert.Equal(-1, spinLock.BiasOwner);
        long mine = spinLock.EnterHeld<NoFaults>();
        Assert.True(mine > 0 && (mine & 1) == 1, $"the former owner got hold {mine}");
        spinLock.ExitHeld(mine);
        Assert.Equal(-1, spinLock.BiasOwner);
    }

    [Theory]
    [InlineData(SpinLockWaitMode.SpinThenYield)]
    [InlineData(SpinLockWaitMode.SpinOnly)]
    public void ARevokingThread_WaitsForTheOwnersOperationToEnd(SpinLockWaitMode waitMode)
    {
        var spinLock = new InterlockedSpinLock(waitMode, spinLimit: 4, biased: true);
        spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>());
        long hold = spinLock.EnterHeld<NoFaults>();
        Assert.True(hold < 0);
        int entered = 0;
        var waiter = new Thread(() => { spinLock.Enter(); Volatile.Write(ref entered, 1); spinLock.Exit(); });
        waiter.Start();
        // The waiter revokes the bias, then cannot get in while the operation lasts.
        Assert.True(SpinWait.SpinUntil(() => spinLock.BiasOwner == -2, 10_000), "the waiter never began the revocation");
        Assert.False(waiter.Join(100));
        Assert.Equal(0, Volatile.Read(ref entered));
        Assert.Equal(-2, spinLock.BiasOwner);   // revoking: still waiting for the owner to leave
        spinLock.ExitHeld(hold);
        Assert.True(waiter.Join(10_000));
        Assert.Equal(1, entered);
        Assert.Equal(-1, spinLock.BiasOwner);
        Assert.False(spinLock.IsHeld);
    }

    [Fact]
    public void TryEnter_WhileTheOwnerIsInAnOperation_ReturnsFalse_AndTheNextAcquisitionStillWaitsForTheOwner()
    {
        var spinLock = Biased();
        spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>());
        long hold = spinLock.EnterHeld<NoFaults>();
        bool gotIt = true;
        Assert.Null(OnOtherThread(() => gotIt = spinLock.TryEnter()));
        Assert.False(gotIt);
        Assert.Equal(-2, spinLock.BiasOwner);   // revoking: no biased hold begins, and the owner is still inside
        Assert.True(spinLock.IsHeld);
        Assert.Null(OnOtherThread(() => gotIt = spinLock.TryEnter()));
        Assert.False(gotIt);                    // a second try still finds the owner inside
        spinLock.ExitHeld(hold);   // the biased hold ends as it began
        Assert.False(spinLock.IsHeld);
        Assert.Null(OnOtherThread(() => { gotIt = spinLock.TryEnter(); spinLock.Exit(); }));
        Assert.True(gotIt);
        Assert.Equal(-1, spinLock.BiasOwner);
        Assert.False(spinLock.IsHeld);
        long word = spinLock.EnterHeld<NoFaults>();   // the former owner takes the word
        Assert.True(word > 0);
        spinLock.ExitHeld(word);
    }

    [Fact]
    public void TheHeap_BiasesItsLockByDefault_AndNotWhenToldNotTo()
    {
        var biased = new ConcurrentBuddyHeap();
        var plain = new ConcurrentBuddyHeap(biasedLock: false);
        foreach (ConcurrentBuddyHeap heap in new[] { biased, plain })
        {
            heap.AddRange(0x10_0000, 1UL << 22);
            heap.Free(heap.Allocate(4096), 4096);
        }
        Assert.Equal(Environment.CurrentManagedThreadId, biased.Lock.BiasOwner);
        Assert.Equal(-1, plain.Lock.BiasOwner);
        Assert.Null(OnOtherThread(() => biased.Free(biased.Allocate(4096), 4096)));
        Assert.Equal(-1, biased.Lock.BiasOwner);
        Assert.Empty(biased.CheckInvariants());
        Assert.Equal(2UL, biased.Accounting.Allocations);
    }

    private static InterlockedSpinLock Biased() =>
        new(SpinLockWaitMode.SpinThenYield, InterlockedSpinLock.DefaultSpinLimit, biased: true);

    private static Exception? OnOtherThread(Action action)
    {
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try { action(); }
            catch (Exception e) { thrown = e; }
        });
        thread.Start();
        Assert.True(thread.Join(10_000), "the other thread did not finish");
        return thrown;
    }
}
