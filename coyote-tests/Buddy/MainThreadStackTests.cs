using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>The main thread's stack, which lets the biased lock recognise a main-thread owner without a thread-static
/// read: it is the kernel's <c>[stack]</c> mapping, no other thread runs on it, and an owner recognised by it is still
/// only the owner.</summary>
[Collection(nameof(MainThreadStackTests))]   // one test replaces the process-wide range for a moment
public sealed class MainThreadStackTests
{
    [Fact]
    public void TheRange_IsTheStackLineOfTheProcessMaps()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(0u, MainThreadStack.Size);
            return;
        }
        string line = File.ReadLines("/proc/self/maps").Single(l => l.EndsWith("[stack]", StringComparison.Ordinal));
        string[] bounds = line[..line.IndexOf(' ')].Split('-');
        Assert.Equal(Convert.ToUInt64(bounds[0], 16), (ulong)MainThreadStack.Low);
        Assert.Equal(Convert.ToUInt64(bounds[1], 16) - Convert.ToUInt64(bounds[0], 16), (ulong)MainThreadStack.Size);
    }

    [Fact]
    public void NoOtherThread_RunsOnIt()
    {
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
            spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>());   // claims, on the "main" stack
            Assert.True(spinLock.OwnerRecognisedByStack);
            Assert.Equal(Environment.CurrentManagedThreadId, spinLock.BiasOwner);
            long hold = spinLock.EnterHeld<NoFaults>();
            Assert.Equal(-1L, hold);
            spinLock.ExitHeld(hold);

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

    [Fact]
    public void AnOwnerOffTheMainStack_IsRecognisedByItsThreadId()
    {
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinThenYield, InterlockedSpinLock.DefaultSpinLimit, biased: true);
        spinLock.ExitHeld(spinLock.EnterHeld<NoFaults>());
        Assert.False(spinLock.OwnerRecognisedByStack);
        long hold = spinLock.EnterHeld<NoFaults>();
        Assert.Equal(-1L, hold);
        spinLock.ExitHeld(hold);
    }
}
