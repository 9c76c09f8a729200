using System.Runtime.InteropServices;

namespace Verified.Memory;

/// <summary>The four libc calls the layer uses, and their constants (Linux, every architecture .NET runs on).</summary>
internal static unsafe partial class NativeCalls
{
    internal const int ProtNone = 0, ProtRead = 1, ProtWrite = 2;
    internal const int MapPrivate = 2, MapAnonymous = 0x20, MapNoReserve = 0x4000;
    internal const int MadvNoHugePage = 15;
    internal const int MadvPopulateWrite = 23;   // Linux 5.14 and later; older kernels answer EINVAL
    internal const int Einval = 22;

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Munmap(nint addr, nuint length);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    internal static partial int Mprotect(nint addr, nuint length, int prot);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    internal static partial int Madvise(nint addr, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    internal static partial int Mincore(nint addr, nuint length, byte* vec);
}
