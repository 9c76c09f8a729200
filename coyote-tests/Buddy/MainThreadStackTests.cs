using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>The main thread's stack, which lets the biased lock recognise a main-thread owner without a thread-static
/// read: it is the kernel's <c>[stack]</c> mapping, no other thread runs on it, and an owner recognised by it is still
/// only the owner.</summary>
public sealed class MainThreadStackTests   // the assembly runs its tests one at a time: one replaces the range for a moment
{
    [Fact]
    public void TheRange_IsTheStackLineOfTheProcessMaps()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(0u, MainThreadStack.Size);
            return;
        }
        // Read independently: the mapping named exactly [stack]. It only grows downwards, so it holds the range read
        // at start-up and ends where it ended.
        string? line = File.ReadLines("/proc/self/maps").SingleOrDefault(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, _, _, _, "[stack]"]);
        Assert.NotNull(line);
        string[] bounds = line[..line.IndexOf(' ')].Split('-');
        ulong start = Convert.ToUInt64(bounds[0], 16), end = Convert.ToUInt64(bounds[1], 16);
        Assert.True(MainThreadStack.Size > 0);
        Assert.True(start <= MainThreadStack.Low, $"the stack begins at 0x{start:X}, the range at 0x{MainThreadStack.Low:X}");
        Assert.Equal(end, (ulong)(MainThreadStack.Low + MainThreadStack.Size));
    }

    [Fact]
    public void NoOtherThread_RunsOnIt()
    {
        Assert.True(MainThreadStack.Size > 0 || !OperatingSystem.IsLinux());
        Assert.False(MainThreadStack.IsCurrent());   // xunit runs tests on pool threads
        bool? onOther = null;
        var thread = new Thread(() => onOther = MainThreadStack.IsCurrent());
        thread.Start();
        Assert.True(thread.Join(10_000));
        Assert.False(onOther);
    }

    [Theory]
    [InlineData("7ffd1c8e5000-7ffd1c906000 rw-p 00000000 00:00 0          [stack]", 0x7ffd1c8e5000UL, 0x21000UL)]
    [InlineData("00400000-00401000 r-xp 00000000 08:01 42 /bin/x", 0x400000UL, 0x1000UL)]
    [InlineData("7ffd1c906000-7ffd1c8e5000 rw-p 0 0 0 [stack]", 0UL, 0UL)]   // end below start
    [InlineData("7ffd1c8e5000-7ffd1c8e5000 rw-p 0 0 0 [stack]", 0UL, 0UL)]   // empty
    [InlineData("-7ffd1c906000 rw-p 0 0 0 [stack]", 0UL, 0UL)]
    [InlineData("7ffd1c8e5000 rw-p 0 0 0 [stack]", 0UL, 0UL)]                // no dash before the first space
    [InlineData("zz-7ffd1c906000 rw-p 0 0 0 [stack]", 0UL, 0UL)]
    [InlineData("", 0UL, 0UL)]
    public void ALineOfTheMaps_ParsesToItsRange_OrToNothing(string line, ulong low, ulong size)
    {
        Assert.Equal(size != 0, MainThreadStack.TryParse(line, out nuint parsedLow, out nuint parsedSize));
        Assert.Equal((low, size), ((ulong)parsedLow, (ulong)parsedSize));
    }

    [Theory]
    [InlineData("7ffd1c8e5000-7ffd1c906000 rw-p 00000000 00:00 0          [stack]", true)]
    [InlineData("7f0000000000-7f0000800000 rw-p 00000000 00:00 0          [stack:4242]", false)]   // another thread's (kernels 3.4-4.4)
    [InlineData("7f0000000000-7f0000001000 r--p 00000000 08:01 1234       /tmp/odd/[stack]", false)]   // a file named so
    [InlineData("7f0000000000-7f0000001000 r--p 00000000 08:01 1234       [stack]", false)]           // not anonymous
    [InlineData("7f0000000000-7f0000001000 rw-p 00000000 00:00 0", false)]
    public void OnlyTheMainStacksLine_IsTakenForIt(string line, bool isStack) =>
        Assert.Equal(isStack, MainThreadStack.IsStackLine(line));

    [Fact]
    public void AnOwnerOnTheRecordedStack_IsRecognisedByIt_AndAnotherThreadStillRevokes()
    {
        nuint savedLow = MainThreadStack.Low, savedSize = MainThreadStack.Size;
        // A stand-in for the main thread's stack: the 64 KiB below this frame, which only this thread's deeper frames use.
        nuint here = MainThreadStack.Here();
        MainThreadStack.SetForTest(here - (64u << 10), 64u << 10);
        try
        {
            var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinThenYield, InterlockedSpinLock.DefaultSpinLimit, biased: true);
            Assert.True(DeeperOnThisStack(() => spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>())));   // claims, on the "main" stack
            Assert.True(spinLock.OwnerRecognisedByStack);
            Assert.Equal(Environment.CurrentManagedThreadId, spinLock.BiasOwner);
            Assert.True(DeeperOnThisStack(() => Assert.True(spinLock.OnOwnersStack())));   // the owner check's stack half
            long hold = 0;
            Assert.True(DeeperOnThisStack(() => hold = spinLock.EnterHeld<NoFaults>()));
            Assert.Equal(-1L, hold);
            spinLock.ExitHeld(hold);
            bool? otherOnIt = null;
            var probe = new Thread(() => otherOnIt = spinLock.OnOwnersStack());
            probe.Start();
            Assert.True(probe.Join(10_000));
            Assert.False(otherOnIt);

            long other = 0;
            var thread = new Thread(() => { other = spinLock.EnterHeld<NoFaults>(); spinLock.ExitHeld(other); });
            thread.Start();
            Assert.True(thread.Join(10_000));
            Assert.True(other > 0, $"the other thread got hold {other}");   // not taken for the owner: it took the word
            Assert.Equal(-1, spinLock.BiasOwner);
            Assert.True(spinLock.EnterHeld<NoFaults>() is long mine && mine > 0);
        }
        finally
        {
            MainThreadStack.SetForTest(savedLow, savedSize);
        }
    }

    /// <summary>Runs <paramref name="action"/> two frames below this one (not inlined), so its frames lie in the stand-in
    /// range below the test's frame.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool DeeperOnThisStack(Action action)
    {
        bool inRange = MainThreadStack.IsCurrent();
        action();
        return inRange;
    }

    [Fact]
    public void AnOwnerOffTheMainStack_IsRecognisedByItsThreadId()
    {
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinThenYield, InterlockedSpinLock.DefaultSpinLimit, biased: true);
        spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>());
        Assert.False(spinLock.OwnerRecognisedByStack);
        Assert.False(spinLock.OnOwnersStack());
        long hold = spinLock.EnterHeld<NoFaults>();
        Assert.Equal(-1L, hold);
        spinLock.ExitHeld(hold);
    }
}
