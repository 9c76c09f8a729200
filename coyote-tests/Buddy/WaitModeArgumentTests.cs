using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// A wait mode outside the enum is refused where it enters, by the lock and by the locked heap, with the parameter's
/// name, the value given and the exact message "Unknown wait mode."; every defined mode is accepted and kept.
/// </summary>
public sealed class WaitModeArgumentTests
{
    public static TheoryData<int> UndefinedModes() => [-1, 2, 7, int.MaxValue, int.MinValue];

    [Theory]
    [MemberData(nameof(UndefinedModes))]
    public void TheLock_RefusesAnUndefinedWaitMode_NamingIt(int raw)
    {
        var mode = (SpinLockWaitMode)raw;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InterlockedSpinLock(mode));
        AssertUnknownWaitMode(error, mode);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new InterlockedSpinLock(mode, spinLimit: 0));
        AssertUnknownWaitMode(error, mode);
    }

    [Theory]
    [MemberData(nameof(UndefinedModes))]
    public void TheLockedHeap_RefusesAnUndefinedWaitMode_NamingIt(int raw)
    {
        var mode = (SpinLockWaitMode)raw;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ConcurrentBuddyHeap(4096, 4 * 4096, mode));
        AssertUnknownWaitMode(error, mode);
    }

    [Theory]
    [InlineData(SpinLockWaitMode.SpinThenYield)]
    [InlineData(SpinLockWaitMode.SpinOnly)]
    public void EveryDefinedWaitMode_IsAcceptedAndKept(SpinLockWaitMode mode)
    {
        var spinLock = new InterlockedSpinLock(mode, spinLimit: 3);
        Assert.Equal((mode, 3), (spinLock.WaitMode, spinLock.SpinLimit));
        var heap = new ConcurrentBuddyHeap(4096, 4 * 4096, mode);
        Assert.Equal(mode, heap.WaitMode);
        heap.AddRange(0, 4 * 4096);
        Assert.Equal(0UL, heap.Allocate(4096));
        Assert.Empty(heap.CheckInvariants());
    }

    private static void AssertUnknownWaitMode(ArgumentOutOfRangeException error, SpinLockWaitMode mode)
    {
        Assert.Equal("waitMode", error.ParamName);
        Assert.Equal(mode, error.ActualValue);
        // The framework appends the parameter and the value; the sentence before them is the lock's.
        Assert.Equal(new ArgumentOutOfRangeException("waitMode", mode, "Unknown wait mode.").Message, error.Message);
        Assert.StartsWith("Unknown wait mode. ", error.Message, StringComparison.Ordinal);
    }
}
