using System.Buffers.Binary;
using Verified.Memory;

namespace Verified.Balloon;

/// <summary>Which memory stands behind a guest's physical address space.</summary>
public enum BackingKind
{
    /// <summary>An anonymous private <c>mmap</c> of the guest size: populated pages are what <c>mincore</c> reports,
    /// and discarding is <c>madvise(MADV_DONTNEED)</c>. Linux only.</summary>
    Real,
    /// <summary>Managed 4 KiB pages allocated on first write; discarding drops the page. Works everywhere.</summary>
    Simulated,
    /// <summary>Memory a VMM brings itself, by deriving from <see cref="GuestMemory"/>.</summary>
    Custom,
}

/// <summary>An access to guest memory that does not lie wholly inside it (nothing was read or written).</summary>
public sealed class GuestMemoryAccessException : Exception
{
    internal GuestMemoryAccessException(ulong address, ulong length, ulong size)
        : base($"Access to [0x{address:X}, +{length}) lies outside guest memory [0, 0x{size:X})")
    {
        Address = address; Length = length;
    }

    /// <summary>First guest-physical address of the refused access.</summary>
    public ulong Address { get; }
    /// <summary>Length in bytes of the refused access.</summary>
    public ulong Length { get; }
}

/// <summary>
/// Byte-addressable guest-physical memory <c>[0, Size)</c>: it holds the virtqueues, the driver's buffers and every
/// page the guest uses. Little-endian accessors read and write the virtio structures. Every access is bounds-checked
/// and throws <see cref="GuestMemoryAccessException"/> before touching anything when it does not lie inside.
/// </summary>
/// <remarks>
/// <para>Reads and writes of distinct bytes from different threads are safe; the memory gives no ordering beyond
/// what the caller's own synchronisation provides (as in a real guest, the virtqueue protocol supplies it).</para>
/// <para><b>Populated accounting.</b> Every write, touch and discard passes through this class, so it keeps which pages
/// the host holds populated itself (<see cref="PopulatedPageSet"/>: a bit per 4 KiB page, O(pages changed) per call):
/// <see cref="PopulatedBytes"/> is O(1). <see cref="MeasurePopulatedBytes"/> asks the backing instead (<c>mincore</c>
/// over the whole guest on the real backing, O(guest)); the two agree as long as nothing writes the memory behind this
/// class's back, which the simulation checks at the end of every phase.</para>
/// </remarks>
public abstract class GuestMemory : IDisposable
{
    /// <summary>The guest page size the balloon protocol counts in (PFN = address / 4096).</summary>
    public const ulong GuestPageSize = 4096;

    /// <summary>Creates guest memory of <paramref name="size"/> bytes. A VMM that brings its own memory derives from
    /// this class and implements the protected cores; the public methods have checked every argument before a core
    /// is called (the span lies inside <c>[0, Size)</c>, discards and residency queries are 4 KiB-aligned).</summary>
    /// <param name="size">A positive multiple of 4096.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is zero or not a multiple of 4096.</exception>
    protected GuestMemory(ulong size)
    {
        if (size == 0 || size % GuestPageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "Guest memory must be a positive multiple of 4096 bytes.");
        Size = size;
        Populated = new PopulatedPageSet(size / GuestPageSize);
    }

    /// <summary>The pages written (or touched) and not discarded since, as this class saw them.</summary>
    protected PopulatedPageSet Populated { get; }

    /// <summary>Size in bytes.</summary>
    public ulong Size { get; }

    /// <summary>Number of 4 KiB guest pages.</summary>
    public ulong Pages => Size / GuestPageSize;

    /// <summary>Which backing this is (<see cref="BackingKind.Custom"/> for a VMM's own memory).</summary>
    public virtual BackingKind Kind => BackingKind.Custom;

    /// <summary>
    /// Creates guest memory of <paramref name="size"/> bytes on the <paramref name="preferred"/> backing; when the real
    /// backing is asked for but unavailable (not Linux, or mmap refused), falls back to the simulated one and says why.
    /// </summary>
    /// <param name="size">A positive multiple of 4096.</param>
    /// <param name="preferred">The backing wanted.</param>
    /// <param name="fallbackReason">Null when <paramref name="preferred"/> was honoured, else why it was not.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is zero or not a multiple of 4096.</exception>
    public static GuestMemory Create(ulong size, BackingKind preferred, out string? fallbackReason)
    {
        fallbackReason = null;
        if (preferred == BackingKind.Real)
        {
            if (MappedGuestMemory.TryCreate(size, out MappedGuestMemory? mapped, out string? why)) return mapped!;
            fallbackReason = why;
        }
        return new SimulatedGuestMemory(size);
    }

    /// <summary>True when [address, address + length) lies wholly inside guest memory (length 0 counts as inside when address ≤ Size).</summary>
    public bool Contains(ulong address, ulong length) => address <= Size && length <= Size - address;

    /// <summary>Copies bytes out of guest memory. Reading an untouched page yields zeros and does not populate it on the simulated backing.</summary>
    /// <exception cref="GuestMemoryAccessException">The span does not lie inside guest memory.</exception>
    public void Read(ulong address, Span<byte> destination)
    {
        Check(address, (ulong)destination.Length);
        ReadCore(address, destination);
    }

    /// <summary>Copies bytes into guest memory (populating the pages written).</summary>
    /// <exception cref="GuestMemoryAccessException">The span does not lie inside guest memory.</exception>
    public void Write(ulong address, ReadOnlySpan<byte> source)
    {
        Check(address, (ulong)source.Length);
        if (source.IsEmpty) return;
        WriteCore(address, source);
        ulong first = address / GuestPageSize;
        Populated.Mark(first, (address + (ulong)source.Length - 1) / GuestPageSize - first + 1);
    }

    /// <summary>Reads a little-endian 16-bit value.</summary>
    /// <exception cref="GuestMemoryAccessException">Outside guest memory.</exception>
    public ushort ReadUInt16(ulong address) { Span<byte> b = stackalloc byte[2]; Read(address, b); return BinaryPrimitives.ReadUInt16LittleEndian(b); }
    /// <summary>Reads a little-endian 32-bit value.</summary>
    /// <exception cref="GuestMemoryAccessException">Outside guest memory.</exception>
    public uint ReadUInt32(ulong address) { Span<byte> b = stackalloc byte[4]; Read(address, b); return BinaryPrimitives.ReadUInt32LittleEndian(b); }
    /// <summary>Reads a little-endian 64-bit value.</summary>
    /// <exception cref="GuestMemoryAccessException">Outside guest memory.</exception>
    public ulong ReadUInt64(ulong address) { Span<byte> b = stackalloc byte[8]; Read(address, b); return BinaryPrimitives.ReadUInt64LittleEndian(b); }
    /// <summary>Writes a little-endian 16-bit value.</summary>
    /// <exception cref="GuestMemoryAccessException">Outside guest memory.</exception>
    public void WriteUInt16(ulong address, ushort value) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, value); Write(address, b); }
    /// <summary>Writes a little-endian 32-bit value.</summary>
    /// <exception cref="GuestMemoryAccessException">Outside guest memory.</exception>
    public void WriteUInt32(ulong address, uint value) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, value); Write(address, b); }
    /// <summary>Writes a little-endian 64-bit value.</summary>
    /// <exception cref="GuestMemoryAccessException">Outside guest memory.</exception>
    public void WriteUInt64(ulong address, ulong value) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, value); Write(address, b); }

    /// <summary>Populates every 4 KiB page the span touches, as a write to it would, without changing a byte (what a
    /// workload that uses memory does to the host). On the real backing this is one <c>madvise(MADV_POPULATE_WRITE)</c>
    /// for the span, not a write fault per page.</summary>
    /// <exception cref="GuestMemoryAccessException">The span does not lie inside guest memory.</exception>
    public void Touch(ulong address, ulong length)
    {
        Check(address, length);
        if (length == 0) return;
        ulong first = address / GuestPageSize, last = (address + length - 1) / GuestPageSize;
        PopulateCore(first, last - first + 1);
        Populated.Mark(first, last - first + 1);
    }

    /// <summary>
    /// Gives the host's memory behind the 4 KiB-aligned span back to the host; afterwards the span reads as zeros
    /// and counts as not populated. On the real backing this is one <c>madvise(MADV_DONTNEED)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The address or length is not a multiple of 4096.</exception>
    /// <exception cref="GuestMemoryAccessException">The span does not lie inside guest memory.</exception>
    public void Discard(ulong address, ulong length)
    {
        if (address % GuestPageSize != 0 || length % GuestPageSize != 0)
            throw new ArgumentException($"Discard needs a 4 KiB-aligned span, got [0x{address:X}, +{length}).", nameof(address));
        Check(address, length);
        if (length == 0) return;
        DiscardCore(address, length);
        Populated.Clear(address / GuestPageSize, length / GuestPageSize);
    }

    /// <summary>Bytes of guest memory the host holds populated now (4 KiB granularity), from the pages this class saw
    /// written and not discarded since: O(1), whatever the guest size.</summary>
    public ulong PopulatedBytes() => Populated.Count * GuestPageSize;

    /// <summary>Bytes of guest memory populated as the backing itself says (<c>mincore</c> over the whole guest on the
    /// real backing): O(guest). Equal to <see cref="PopulatedBytes"/> unless something wrote the memory behind this
    /// class's back; the cross-check of the incremental figure.</summary>
    public ulong MeasurePopulatedBytes() => MeasurePopulatedBytesCore();

    /// <summary>Copies the populated bits as this class keeps them (bit i of word i / 64 is guest page i): O(guest / 64).</summary>
    /// <exception cref="ArgumentException"><paramref name="bits"/> holds fewer bits than the guest has pages.</exception>
    public void CopyPopulatedBits(Span<ulong> bits) => Populated.CopyTo(bits);

    /// <summary>Fills <paramref name="populated"/> (one entry per 4 KiB page from <paramref name="address"/>) with
    /// whether the host holds that page populated, as the backing says (<c>mincore</c> on the real backing).</summary>
    /// <exception cref="ArgumentException">The address is not a multiple of 4096.</exception>
    /// <exception cref="GuestMemoryAccessException">The pages do not lie inside guest memory.</exception>
    public void GetPopulated(ulong address, Span<bool> populated)
    {
        if (address % GuestPageSize != 0) throw new ArgumentException($"Address 0x{address:X} is not 4 KiB-aligned.", nameof(address));
        Check(address, (ulong)populated.Length * GuestPageSize);
        GetPopulatedCore(address, populated);
    }

    /// <summary>True when the host holds the 4 KiB page containing <paramref name="address"/> populated.</summary>
    /// <exception cref="GuestMemoryAccessException">Outside guest memory.</exception>
    public bool IsPopulated(ulong address)
    {
        Span<bool> one = stackalloc bool[1];
        GetPopulated(address / GuestPageSize * GuestPageSize, one);
        return one[0];
    }

    /// <summary>Releases the backing (the real one unmaps its memory).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the backing.</summary>
    protected virtual void Dispose(bool disposing) { }

    /// <summary>Copies <c>destination.Length</c> bytes from <paramref name="address"/>; the span lies inside.</summary>
    protected abstract void ReadCore(ulong address, Span<byte> destination);
    /// <summary>Copies <paramref name="source"/> to <paramref name="address"/>; the span lies inside.</summary>
    protected abstract void WriteCore(ulong address, ReadOnlySpan<byte> source);
    /// <summary>Populates the 4 KiB pages [<paramref name="firstPage"/>, + <paramref name="pages"/>) (page numbers:
    /// address / 4096) as writes would, without changing a byte; they lie inside and <paramref name="pages"/> &gt; 0.</summary>
    protected abstract void PopulateCore(ulong firstPage, ulong pages);
    /// <summary>Gives the host memory of the 4 KiB-aligned, non-empty span back; afterwards it reads as zeros.</summary>
    protected abstract void DiscardCore(ulong address, ulong length);
    /// <summary>Fills one entry per 4 KiB page from the 4 KiB-aligned <paramref name="address"/>; the pages lie inside.</summary>
    protected abstract void GetPopulatedCore(ulong address, Span<bool> populated);
    /// <summary>Bytes populated as the backing says; by default the count this class keeps (a backing that can ask
    /// its host, like the real one with <c>mincore</c>, overrides it).</summary>
    protected virtual ulong MeasurePopulatedBytesCore() => Populated.CountBits() * GuestPageSize;

    private void Check(ulong address, ulong length)
    {
        if (!Contains(address, length)) throw new GuestMemoryAccessException(address, length, Size);
    }
}
