using System.Runtime.InteropServices;

namespace Verified.Memory;

/// <summary>
/// One anonymous private mapping of real memory (Linux): reserved at once for its whole length, without swap
/// reservation and with transparent huge pages turned off, so the resident unit is the system page. Either every byte
/// is accessible from the start (<see cref="Reserve"/> with <c>accessible: true</c>, what guest memory uses) or none
/// is and ranges are made accessible one by one with <see cref="Commit"/> (what a pool that grows up to a limit uses).
/// The kernel populates a page on its first write; <see cref="GiveBack"/> returns pages with <c>madvise</c>;
/// <see cref="ResidentBytes()"/> counts the populated pages with <c>mincore</c>.
/// </summary>
/// <remarks>
/// <para>The memory belongs to <see cref="Handle"/>, a <see cref="SafeHandle"/>: disposing the mapping releases the
/// owner's reference, and the memory is unmapped when the last reference is released. Anyone who keeps a
/// <see cref="Pointer"/>-derived pointer beyond the owner's lifetime takes a reference with
/// <see cref="SafeHandle.DangerousAddRef"/> and releases it after the last use.</para>
/// <para>Every offset and length is in bytes from the start of the mapping and must be a multiple of
/// <see cref="SystemPageSize"/>. The methods are thread-safe in the sense of the kernel calls they make: commits,
/// give-backs and residency counts of disjoint ranges may run concurrently with any reads and writes.</para>
/// </remarks>
public sealed unsafe class ReservedMapping : IDisposable
{
    private readonly byte* _start;

    private ReservedMapping(MappingHandle handle)
    {
        Handle = handle;
        _start = (byte*)handle.DangerousGetHandle();
    }

    /// <summary>The system page size: the granularity of <see cref="Commit"/>, <see cref="GiveBack"/> and residency.</summary>
    public static ulong SystemPageSize => (ulong)Environment.SystemPageSize;

    /// <summary>True on the platforms where a mapping can be reserved (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The owner of the memory.</summary>
    public MappingHandle Handle { get; }

    /// <summary>Length of the mapping in bytes (a multiple of <see cref="SystemPageSize"/>).</summary>
    public ulong Length => Handle.Length;

    /// <summary>The first byte of the mapping.</summary>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public byte* Pointer => Handle.IsClosed ? throw new ObjectDisposedException(nameof(ReservedMapping)) : _start;

    /// <summary>Reserves <paramref name="length"/> bytes, or says why it cannot.</summary>
    /// <param name="length">A positive multiple of <see cref="SystemPageSize"/>.</param>
    /// <param name="accessible">True: every byte may be read and written at once. False: nothing is accessible until
    /// <see cref="Commit"/> opens it (the address space is only reserved).</param>
    /// <param name="mapping">The mapping, when the result is true.</param>
    /// <param name="reason">Why the reservation failed (not Linux, libc unreachable, or mmap's errno); null on success.</param>
    /// <exception cref="ArgumentOutOfRangeException">The length is zero or not a multiple of the system page size.</exception>
    public static bool TryReserve(ulong length, bool accessible, out ReservedMapping? mapping, out string? reason)
    {
        if (length == 0 || length % SystemPageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A mapping's length must be a positive multiple of the system page size {SystemPageSize}.");
        mapping = null;
        if (!IsSupported) { reason = "a reserved mapping needs Linux (mmap, madvise, mincore)"; return false; }
        try
        {
            int prot = accessible ? NativeCalls.ProtRead | NativeCalls.ProtWrite : NativeCalls.ProtNone;
            nint p = NativeCalls.Mmap(0, (nuint)length, prot,
                NativeCalls.MapPrivate | NativeCalls.MapAnonymous | NativeCalls.MapNoReserve, -1, 0);
            if (p == -1) { reason = $"mmap of {length} bytes failed (errno {Marshal.GetLastPInvokeError()})"; return false; }
            _ = NativeCalls.Madvise(p, (nuint)length, NativeCalls.MadvNoHugePage);   // best effort: resident unit = system page
            mapping = new ReservedMapping(new MappingHandle(p, length));
            reason = null;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            reason = $"libc is not reachable: {e.Message}";
            return false;
        }
    }

    /// <summary>As <see cref="TryReserve"/>, but throws when the reservation fails.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is zero or not a multiple of the system page size.</exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux, or libc is not reachable.</exception>
    /// <exception cref="OutOfMemoryException">mmap refused the reservation.</exception>
    public static ReservedMapping Reserve(ulong length, bool accessible)
    {
        if (TryReserve(length, accessible, out ReservedMapping? mapping, out string? reason)) return mapping!;
        if (!IsSupported || reason!.StartsWith("libc", StringComparison.Ordinal)) throw new PlatformNotSupportedException(reason);
        throw new OutOfMemoryException(reason);
    }

    /// <summary>Makes [offset, offset + length) readable and writable (<c>mprotect</c>). Committing does not populate:
    /// a page costs memory only from its first write.</summary>
    /// <exception cref="ArgumentException">The range is misaligned or outside the mapping (ParamName names the argument).</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    /// <exception cref="InvalidOperationException">mprotect failed (its errno is in the message).</exception>
    public void Commit(ulong offset, ulong length)
    {
        CheckRange(offset, length);
        if (length == 0) return;
        Call(offset, length, madviseAdvice: -1, "mprotect");
    }

    /// <summary>Gives the memory behind [offset, offset + length) back to the operating system with <c>madvise</c>.
    /// After <see cref="GiveBackAdvice.DontNeed"/> the range reads as zeros and is not resident; after
    /// <see cref="GiveBackAdvice.Free"/> it may keep its contents until the kernel reclaims it.</summary>
    /// <exception cref="ArgumentException">The range is misaligned or outside the mapping, or the advice is not defined.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    /// <exception cref="InvalidOperationException">madvise failed (its errno is in the message).</exception>
    public void GiveBack(ulong offset, ulong length, GiveBackAdvice advice = GiveBackAdvice.DontNeed)
    {
        if (advice is not (GiveBackAdvice.DontNeed or GiveBackAdvice.Free))
            throw new ArgumentOutOfRangeException(nameof(advice), advice, "Give back with DontNeed or Free.");
        CheckRange(offset, length);
        if (length == 0) return;
        Call(offset, length, (int)advice, advice == GiveBackAdvice.DontNeed ? "madvise(MADV_DONTNEED)" : "madvise(MADV_FREE)");
    }

    /// <summary>Populates [offset, offset + length) as writes would, without changing a byte: one
    /// <c>madvise(MADV_POPULATE_WRITE)</c> for the whole range (Linux 5.14 and later), so the kernel allocates every page
    /// in one call instead of one write fault per page. On a kernel that does not know the advice (it answers
    /// <c>EINVAL</c>) every page is written instead, by an atomic OR of zero into its first word, and the mapping
    /// remembers it and does not ask again. Either way every page of the range is resident afterwards.</summary>
    /// <returns>How the range was populated.</returns>
    /// <exception cref="ArgumentException">The range is misaligned or outside the mapping.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    /// <exception cref="InvalidOperationException">madvise failed otherwise (its errno is in the message), e.g. the
    /// range is not writable (not committed); nothing was written.</exception>
    public PopulateMethod Populate(ulong offset, ulong length)
    {
        CheckRange(offset, length);
        if (length == 0) return _populateMethod;
        if (_populateMethod == PopulateMethod.PopulateWrite)
        {
            bool added = false;
            Handle.DangerousAddRef(ref added);
            try
            {
                if (NativeCalls.Madvise((nint)(_start + offset), (nuint)length, PopulateAdvice) == 0) return PopulateMethod.PopulateWrite;
                int errno = Marshal.GetLastPInvokeError();
                // EINVAL is both "advice unknown" (a kernel before 5.14) and "range not writable" (e.g. not committed).
                // A zero-length call tells them apart: the kernel checks the advice before it looks at any range.
                if (errno != NativeCalls.Einval || NativeCalls.Madvise((nint)_start, 0, PopulateAdvice) == 0)
                    throw new InvalidOperationException($"madvise(MADV_POPULATE_WRITE) of [offset 0x{offset:X}, +{length} bytes) failed (errno {errno}); is the range committed?");
                _populateMethod = PopulateMethod.WriteEachPage;
            }
            finally
            {
                if (added) Handle.DangerousRelease();
            }
        }
        WriteEachPage(offset, length);
        return PopulateMethod.WriteEachPage;
    }

    /// <summary>How <see cref="Populate"/> populates on this mapping: <see cref="PopulateMethod.PopulateWrite"/> until
    /// the kernel refuses the advice, then <see cref="PopulateMethod.WriteEachPage"/>.</summary>
    public PopulateMethod PopulateMethod => _populateMethod;

    /// <summary>The advice <see cref="Populate"/> passes to madvise: <c>MADV_POPULATE_WRITE</c>. Tests set an advice
    /// number no kernel knows to see the fallback taken on a kernel that does know it.</summary>
    internal int PopulateAdvice { get; set; } = NativeCalls.MadvPopulateWrite;

    private PopulateMethod _populateMethod = PopulateMethod.PopulateWrite;

    private void WriteEachPage(ulong offset, ulong length)
    {
        bool added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            for (ulong at = offset, end = offset + length; at < end; at += SystemPageSize)
                Interlocked.Or(ref *(int*)(_start + at), 0);   // a write fault, the contents unchanged even under a racing writer
        }
        finally
        {
            if (added) Handle.DangerousRelease();
        }
    }

    /// <summary>Bytes of [offset, offset + length) resident now (<c>mincore</c>, system-page granularity).</summary>
    /// <exception cref="ArgumentException">The range is misaligned or outside the mapping.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public ulong ResidentBytes(ulong offset, ulong length)
    {
        CheckRange(offset, length);
        ulong page = SystemPageSize, pages = length / page, resident = 0;
        const int Chunk = 1 << 14;
        byte* vec = stackalloc byte[Chunk];
        for (ulong first = 0; first < pages; first += Chunk)
        {
            int n = (int)Math.Min(Chunk, pages - first);
            Mincore(offset + first * page, n, vec);
            for (int i = 0; i < n; i++) resident += (ulong)(vec[i] & 1);
        }
        return resident * page;
    }

    /// <summary>Bytes of the whole mapping resident now.</summary>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public ulong ResidentBytes() => ResidentBytes(0, Length);

    /// <summary>Fills <paramref name="resident"/> (one entry per system page from <paramref name="offset"/>) with
    /// whether that page is resident.</summary>
    /// <exception cref="ArgumentException">The offset is misaligned or the pages lie outside the mapping.</exception>
    /// <exception cref="ObjectDisposedException">The mapping was disposed.</exception>
    public void GetResident(ulong offset, Span<bool> resident)
    {
        ulong page = SystemPageSize;
        CheckRange(offset, (ulong)resident.Length * page);
        const int Chunk = 1 << 14;
        byte* vec = stackalloc byte[Chunk];
        for (int done = 0; done < resident.Length;)
        {
            int n = Math.Min(Chunk, resident.Length - done);
            Mincore(offset + (ulong)done * page, n, vec);
            for (int i = 0; i < n; i++) resident[done + i] = (vec[i] & 1) != 0;
            done += n;
        }
    }

    /// <summary>Releases the owner's reference; the memory is unmapped once no other reference remains.</summary>
    public void Dispose() => Handle.Dispose();

    private void Mincore(ulong offset, int pages, byte* vec)
    {
        bool added = false;
        Handle.DangerousAddRef(ref added);
        try
        {
            if (NativeCalls.Mincore((nint)(_start + offset), (nuint)pages * (nuint)SystemPageSize, vec) != 0)
                throw new InvalidOperationException($"mincore of [offset 0x{offset:X}, +{pages} pages) failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            if (added) Handle.DangerousRelease();
        }
    }

    /// <summary>One mprotect (advice -1) or madvise call on a range, holding a reference on the handle meanwhile.</summary>
    private void Call(ulong offset, ulong length, int madviseAdvice, string name)
    {
        bool added = false;
        Handle.DangerousAddRef(ref added);   // throws ObjectDisposedException once the handle is closed
        try
        {
            nint p = (nint)(_start + offset);
            int rc = madviseAdvice < 0
                ? NativeCalls.Mprotect(p, (nuint)length, NativeCalls.ProtRead | NativeCalls.ProtWrite)
                : NativeCalls.Madvise(p, (nuint)length, madviseAdvice);
            if (rc != 0)
                throw new InvalidOperationException($"{name} of [offset 0x{offset:X}, +{length} bytes) failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            if (added) Handle.DangerousRelease();
        }
    }

    private void CheckRange(ulong offset, ulong length)
    {
        ulong page = SystemPageSize;
        if (offset % page != 0)
            throw new ArgumentException($"Offset 0x{offset:X} is not a multiple of the system page size {page}.", nameof(offset));
        if (length % page != 0)
            throw new ArgumentException($"Length {length} is not a multiple of the system page size {page}.", nameof(length));
        if (offset > Length || length > Length - offset)
            throw new ArgumentOutOfRangeException(nameof(length), $"[offset 0x{offset:X}, +{length} bytes) lies outside the mapping of {Length} bytes.");
    }
}
