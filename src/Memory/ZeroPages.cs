using System.Runtime.InteropServices;

namespace Verified.Memory;

/// <summary>Releases process memory that holds only zeros, wherever it lies (the pool uses it for the heap's records).</summary>
internal static class ZeroPages
{
    /// <summary>True when the runtime was told to put the managed heap in huge pages (<c>System.GC.LargePages</c> /
    /// <c>DOTNET_GCLargePages</c>): a hugetlb mapping, where a 4 KiB <c>madvise(MADV_DONTNEED)</c> is refused or, on some
    /// kernels, rounded up to the whole huge page. Nothing is released then.</summary>
    internal static readonly bool ManagedHeapInLargePages = ReadLargePagesSetting();

    /// <summary>
    /// <c>madvise(MADV_DONTNEED)</c> on [<paramref name="start"/>, +<paramref name="length"/>), whole system pages that
    /// the caller knows hold only zeros and that nobody writes meanwhile. The memory must be private anonymous memory in
    /// pages of the system page size, as the managed heap's is: its pages then read as zeros again and are no longer
    /// resident until written, so the memory reads exactly as before and the call is safe on an array the runtime owns.
    /// (Private file-backed memory would fall back to the file's contents, and huge pages could be dropped whole: never
    /// pass either; with the managed heap in large pages nothing is released.)
    /// </summary>
    /// <returns>True when madvise succeeded; false on Linux's refusal, with the managed heap in large pages, or on
    /// another operating system.</returns>
    internal static bool TryRelease(nint start, nuint length)
    {
        if (!OperatingSystem.IsLinux() || ManagedHeapInLargePages || length == 0) return false;
        CheckPages(start, length);
        return NativeCalls.Madvise(start, length, (int)GiveBackAdvice.DontNeed) == 0;
    }

    /// <summary>Writes 1 for each resident system page of the range and 0 for the others (<c>mincore</c>); every page
    /// reads as resident where that cannot be asked (another operating system, or mincore refused).</summary>
    internal static unsafe void GetResidency(nint start, nuint length, Span<byte> residency)
    {
        CheckPages(start, length);
        if ((nuint)residency.Length != length / (nuint)Environment.SystemPageSize)
            throw new ArgumentException($"{residency.Length} bytes for {length / (nuint)Environment.SystemPageSize} pages.", nameof(residency));
        if (!OperatingSystem.IsLinux() || length == 0) { residency.Fill(1); return; }
        fixed (byte* vector = residency)
        {
            if (NativeCalls.Mincore(start, length, vector) != 0) residency.Fill(1);
        }
    }

    private static void CheckPages(nint start, nuint length)
    {
        nuint page = (nuint)Environment.SystemPageSize;
        if ((start & (nint)(page - 1)) != 0 || length % page != 0)
            throw new ArgumentException($"[0x{start:X}, +{length} bytes) is not made of whole system pages of {page} bytes.", nameof(length));
    }

    private static bool ReadLargePagesSetting()
    {
        static bool IsOn(object? value) => value switch
        {
            bool b => b,
            string s => s.Trim() is "1" or "true" or "True" or "TRUE",
            _ => false,
        };
        return IsOn(AppContext.GetData("System.GC.LargePages"))
            || IsOn(Environment.GetEnvironmentVariable("DOTNET_GCLargePages"))
            || IsOn(Environment.GetEnvironmentVariable("COMPlus_GCLargePages"));
    }
}
