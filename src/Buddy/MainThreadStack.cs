using System.Globalization;
using System.Runtime.CompilerServices;

namespace Verified.Buddy;

/// <summary>
/// The main thread's stack as the kernel has it mapped (the <c>[stack]</c> line of <c>/proc/self/maps</c>), read once per
/// process: an address in the caller's frame that lies in it can only belong to the main thread. The biased spin lock
/// (<see cref="InterlockedSpinLock"/>) recognises a main-thread owner this way, with a subtraction and a compare,
/// where reading a thread-static id is a call into the runtime's thread-local storage on Linux.
/// </summary>
/// <remarks>What this needs: that no thread but the main thread ever runs managed code with its stack in this range.
/// The C libraries never free the initial stack (after the main thread exits it stays mapped until the process ends),
/// the kernel only grows it, and .NET runs no other thread on it; code that maps memory over it (<c>MAP_FIXED</c>,
/// <c>mremap</c>) or runs another thread's stack inside it (<c>pthread_attr_setstack</c>, <c>sigaltstack</c>,
/// <c>makecontext</c> on that memory) would break it, and nothing here can detect that. The stack may grow downwards
/// later; frames below the range read here are not recognised this way. Not Linux, no readable <c>/proc</c>, or no
/// <c>[stack]</c> line: the range is empty and nothing is recognised by it.</remarks>
internal static class MainThreadStack
{
    private static nuint s_low, s_size;

    static MainThreadStack()
    {
        if (TryRead(out nuint low, out nuint size))
        {
            s_low = low;
            s_size = size;
        }
    }

    /// <summary>First byte of the range; 0 when unknown.</summary>
    internal static nuint Low => s_low;

    /// <summary>Bytes in the range; 0 when unknown.</summary>
    internal static nuint Size => s_size;

    /// <summary>Replaces the range (tests: a range inside a test thread's own stack stands in for the main thread's,
    /// which no test runs on). Only locks that claim their bias afterwards use it.</summary>
    internal static void SetForTest(nuint low, nuint size)
    {
        s_low = low;
        s_size = size;
    }

    /// <summary>An address in the caller's frame, on the calling thread's stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe nuint Here()
    {
        byte probe = 0;
        return (nuint)Unsafe.AsPointer(ref probe);
    }

    /// <summary>True when <paramref name="address"/> lies in [low, low + size); never for an empty range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Contains(nuint low, nuint size, nuint address) => address - low < size;

    /// <summary>True when the calling thread is the main thread, recognised by its stack.</summary>
    internal static bool IsCurrent() => Contains(Low, Size, Here());

    private static bool TryRead(out nuint low, out nuint size)
    {
        low = 0;
        size = 0;
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                if (IsStackLine(line)) return TryParse(line, out low, out size);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // No readable /proc: nothing is recognised by the stack.
        }
        return false;
    }

    /// <summary>True for the main thread's stack line of <c>/proc/self/maps</c>: anonymous (inode 0) and named exactly
    /// <c>[stack]</c> (not <c>[stack:TID]</c>, which kernels 3.4 to 4.4 gave other threads' stacks, nor a file whose
    /// path ends so).</summary>
    internal static bool IsStackLine(string line)
    {
        string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 6 && fields[4] == "0" && fields[5] == "[stack]";
    }

    /// <summary>The address range of one line of <c>/proc/self/maps</c>
    /// (<c>"7ffd1c8e5000-7ffd1c906000 rw-p 00000000 00:00 0    [stack]"</c>).</summary>
    /// <returns>False, with an empty range, for a line that does not start with a non-empty hexadecimal range.</returns>
    internal static bool TryParse(string line, out nuint low, out nuint size)
    {
        low = 0;
        size = 0;
        int dash = line.IndexOf('-');
        int space = line.IndexOf(' ');
        if (dash <= 0 || space <= dash
            || !ulong.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
            || end <= start || end - start > nuint.MaxValue)
        {
            return false;
        }
        low = (nuint)start;
        size = (nuint)(end - start);
        return true;
    }
}
