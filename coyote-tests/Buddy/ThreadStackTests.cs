using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>The stack range that identifies a thread to the biased lock: it holds the thread's own frames and no other
/// live thread's.</summary>
public sealed class ThreadStackTests
{
    [Fact]
    public void TheRange_HoldsTheCallersFrames_AndIsAskedOnce()
    {
        bool known = ThreadStack.TryGetCurrent(out nuint low, out nuint size);
        Assert.Equal(OperatingSystem.IsLinux(), known);
        if (!known) return;
        Assert.True(ThreadStack.Contains(low, size, ThreadStack.Here()));
        Assert.True(ThreadStack.Contains(low, size, Deeper(40)));   // frames further down the same stack
        Assert.True(ThreadStack.TryGetCurrent(out nuint again, out nuint againSize));
        Assert.Equal((low, size), (again, againSize));
        Assert.False(ThreadStack.Contains(low, size, low - 1));
        Assert.False(ThreadStack.Contains(low, size, low + size));
    }

    [Fact]
    public void TwoLiveThreads_HaveDisjointRanges_AndNeitherIsTakenForTheOther()
    {
        Assert.True(ThreadStack.TryGetCurrent(out nuint low, out nuint size) || !OperatingSystem.IsLinux());
        if (!OperatingSystem.IsLinux()) return;
        nuint otherLow = 0, otherSize = 0, otherHere = 0;
        var other = new Thread(() =>
        {
            Assert.True(ThreadStack.TryGetCurrent(out otherLow, out otherSize));
            otherHere = ThreadStack.Here();
        });
        other.Start();
        Assert.True(other.Join(10_000));
        Assert.True(ThreadStack.Contains(otherLow, otherSize, otherHere));
        Assert.False(ThreadStack.Contains(low, size, otherHere));
        Assert.False(ThreadStack.Contains(otherLow, otherSize, ThreadStack.Here()));
        Assert.True(otherLow + otherSize <= low || low + size <= otherLow, "the two stacks overlap");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static nuint Deeper(int depth) => depth == 0 ? ThreadStack.Here() : Deeper(depth - 1);
}
