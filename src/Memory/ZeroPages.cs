using System.Runtime.InteropServices;

namespace Verified.Memory;

/// <summary>Releases process memory that holds only zeros, wherever it lies (the pool uses it for the heap's records).</summary>
internal static class ZeroPages
{
    /// <summary>
    /// <c>madvise(MADV_DONTNEED)</c> on [<paramref name="start"/>, +<paramref name="length"/>), whole system pages that
    /// the caller knows hold only zeros and that nobody writes meanwhile. The memory must be private anonymous memory, as
    /// the managed heap's is: its pages then read as zeros again and are no longer resident until written, so the memory
    /// reads exactly as before and the call is safe on an array the runtime owns. (Private file-backed memory would fall
    /// back to the file's contents: never pass it.)
    /// </summary>
    /// <returns>True when madvise succeeded; false on Linux's refusal (e.g. locked pages) or on another operating system.</returns>
    internal static bool TryRelease(nint start, nuint length)
    {
        if (!OperatingSystem.IsLinux() || length == 0) return false;
        nuint page = (nuint)Environment.SystemPageSize;
        if ((start & (nint)(page - 1)) != 0 || length % page != 0)
            throw new ArgumentException($"[0x{start:X}, +{length} bytes) is not made of whole system pages of {page} bytes.", nameof(length));
        return NativeCalls.Madvise(start, length, (int)GiveBackAdvice.DontNeed) == 0;
    }
}
