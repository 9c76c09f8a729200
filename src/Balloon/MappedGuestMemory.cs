using System.Runtime.InteropServices;

namespace Verified.Balloon;

/// <summary>
/// Guest memory on real host memory: one anonymous private mapping of the guest size (reserved without swap, with
/// transparent huge pages turned off so the host page is the system page). The kernel populates a page on first
/// write; <c>mincore</c> says which pages are populated; <c>madvise(MADV_DONTNEED)</c> gives pages back to the host.
/// </summary>
public sealed unsafe partial class MappedGuestMemory : GuestMemory
{
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20, MapNoReserve = 0x4000;
    private const int MadvDontNeed = 4, MadvNoHugePage = 15;
    private byte* _base;

    private MappedGuestMemory(ulong size, byte* mapping) : base(size) => _base = mapping;

    /// <inheritdoc/>
    public override BackingKind Kind => BackingKind.Real;

    /// <summary>The system page size, the granularity of <c>mincore</c> and <c>madvise</c>.</summary>
    public static ulong SystemPageSize => (ulong)Environment.SystemPageSize;

    /// <summary>Nanoseconds spent inside <c>madvise(MADV_DONTNEED)</c> calls so far, and how many calls.</summary>
    public (long Nanoseconds, long Calls) DiscardTime => (Interlocked.Read(ref _discardTicks) * 1_000_000_000L / System.Diagnostics.Stopwatch.Frequency, Interlocked.Read(ref _discardCalls));

    private long _discardTicks, _discardCalls;

    /// <summary>Maps <paramref name="size"/> bytes, or says why it cannot (not Linux, a system page larger than 4 KiB, or mmap failed).</summary>
    public static bool TryCreate(ulong size, out MappedGuestMemory? memory, out string? reason)
    {
        memory = null;
        if (size == 0 || size % GuestPageSize != 0) { reason = "the size must be a positive multiple of 4096"; return false; }
        if (!OperatingSystem.IsLinux()) { reason = "the real backing needs Linux (mmap, madvise, mincore)"; return false; }
        if (SystemPageSize != GuestPageSize) { reason = $"the system page is {SystemPageSize} bytes; the real backing needs 4096"; return false; }
        try
        {
            nint p = Mmap(0, (nuint)size, ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
            if (p == -1) { reason = $"mmap of {size} bytes failed (errno {Marshal.GetLastPInvokeError()})"; return false; }
            _ = Madvise(p, (nuint)size, MadvNoHugePage);   // best effort: keep host pages at 4 KiB
            memory = new MappedGuestMemory(size, (byte*)p);
            reason = null;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            reason = $"libc is not reachable: {e.Message}";
            return false;
        }
    }

    /// <inheritdoc/>
    public override ulong PopulatedBytes()
    {
        ulong pages = Pages, populated = 0;
        const int Chunk = 1 << 16;
        byte* vec = stackalloc byte[Chunk];
        for (ulong first = 0; first < pages; first += Chunk)
        {
            int n = (int)Math.Min((ulong)Chunk, pages - first);
            MinCore(first * GuestPageSize, n, vec);
            for (int i = 0; i < n; i++) populated += (ulong)(vec[i] & 1);
        }
        return populated * GuestPageSize;
    }

    private protected override void ReadCore(ulong address, Span<byte> destination) =>
        new ReadOnlySpan<byte>(Base + address, destination.Length).CopyTo(destination);

    private protected override void WriteCore(ulong address, ReadOnlySpan<byte> source) =>
        source.CopyTo(new Span<byte>(Base + address, source.Length));

    private protected override void TouchPage(ulong page) => Base[page * GuestPageSize] = 0xA5;

    private protected override void DiscardCore(ulong address, ulong length)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        int rc = Madvise((nint)(Base + address), (nuint)length, MadvDontNeed);
        Interlocked.Add(ref _discardTicks, System.Diagnostics.Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref _discardCalls);
        if (rc != 0) throw new InvalidOperationException($"madvise(MADV_DONTNEED) of [0x{address:X}, +{length}) failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    private protected override void GetPopulatedCore(ulong address, Span<bool> populated)
    {
        const int Chunk = 1 << 14;
        byte* vec = stackalloc byte[Chunk];
        for (int done = 0; done < populated.Length;)
        {
            int n = Math.Min(Chunk, populated.Length - done);
            MinCore(address + (ulong)done * GuestPageSize, n, vec);
            for (int i = 0; i < n; i++) populated[done + i] = (vec[i] & 1) != 0;
            done += n;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_base != null)
        {
            _ = Munmap((nint)_base, (nuint)Size);
            _base = null;
        }
    }

    /// <summary>Unmaps the memory if <see cref="GuestMemory.Dispose()"/> was not called.</summary>
    ~MappedGuestMemory() => Dispose(false);

    private byte* Base => _base != null ? _base : throw new ObjectDisposedException(nameof(MappedGuestMemory));

    private void MinCore(ulong address, int pages, byte* vec)
    {
        if (MincoreNative((nint)(Base + address), (nuint)pages * (nuint)GuestPageSize, vec) != 0)
            throw new InvalidOperationException($"mincore of [0x{address:X}, +{pages} pages) failed (errno {Marshal.GetLastPInvokeError()}).");
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    private static partial int Munmap(nint addr, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint addr, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    private static partial int MincoreNative(nint addr, nuint length, byte* vec);
}
