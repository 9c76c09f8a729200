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
