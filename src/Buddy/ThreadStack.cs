using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Verified.Buddy;

/// <summary>
/// The calling thread's stack, as an identity: two live threads never share a byte of stack, so "this address lies in
/// that range" tells a thread from every other live thread with one subtraction and one compare, where a thread-static
/// read is a call into the runtime's thread-local storage on Linux (and the call makes the caller spill its registers).
/// The biased spin lock (<see cref="InterlockedSpinLock"/>) recognises the owner of its bias this way.
/// </summary>
/// <remarks>The range comes from <c>pthread_getattr_np</c> (Linux; glibc and musl), once per thread. Where it is not
/// available the answer is "unknown", and the lock then stays unbiased. A range outlives its thread: a later thread
/// whose stack reuses the memory is taken for the same identity, which is sound for the lock because the thread that
/// owned the range is gone and holds nothing.</remarks>
internal static unsafe partial class ThreadStack
{
    [ThreadStatic] private static nuint t_low;
    [ThreadStatic] private static nuint t_size;   // 0: not asked yet, or not known (t_unknown)
    [ThreadStatic] private static bool t_unknown;

    /// <summary>An address in the caller's frame, on the calling thread's stack.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static nuint Here()
    {
        byte probe = 0;
        return (nuint)Unsafe.AsPointer(ref probe);
    }

    /// <summary>True when <paramref name="address"/> lies in the range [low, low + size).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Contains(nuint low, nuint size, nuint address) => address - low < size;

    /// <summary>The calling thread's stack range, asked of the C library once per thread.</summary>
    /// <returns>False when the platform cannot say (not Linux, or the call failed, or its answer does not hold the
    /// caller's own frame).</returns>
    internal static bool TryGetCurrent(out nuint low, out nuint size)
    {
        if (t_size == 0 && !t_unknown)
        {
            if (Query(out nuint queriedLow, out nuint queriedSize) && Contains(queriedLow, queriedSize, Here()))
            {
                t_low = queriedLow;
                t_size = queriedSize;
            }
            else
            {
                t_unknown = true;
            }
        }
        low = t_low;
        size = t_size;
        return size != 0;
    }

    private static bool Query(out nuint low, out nuint size)
    {
        low = 0;
        size = 0;
        if (!OperatingSystem.IsLinux()) return false;
        // pthread_attr_t is 56 bytes on x86-64 and 64 on arm64 (glibc), 56 or less on musl: 256 leaves room for any.
        byte* attributes = stackalloc byte[256];
        new Span<byte>(attributes, 256).Clear();
        try
        {
            if (PthreadGetattrNp(PthreadSelf(), attributes) != 0) return false;
            try
            {
                if (PthreadAttrGetstack(attributes, out nint stackLow, out nuint stackSize) != 0) return false;
                low = (nuint)stackLow;
                size = stackSize;
                return size != 0 && low + size > low;
            }
            finally
            {
                _ = PthreadAttrDestroy(attributes);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "pthread_self")]
    private static partial nint PthreadSelf();

    [LibraryImport("libc", EntryPoint = "pthread_getattr_np")]
    private static partial int PthreadGetattrNp(nint thread, byte* attributes);

    [LibraryImport("libc", EntryPoint = "pthread_attr_getstack")]
    private static partial int PthreadAttrGetstack(byte* attributes, out nint low, out nuint size);

    [LibraryImport("libc", EntryPoint = "pthread_attr_destroy")]
    private static partial int PthreadAttrDestroy(byte* attributes);
}
