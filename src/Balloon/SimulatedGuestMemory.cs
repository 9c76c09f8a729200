namespace Verified.Balloon;

/// <summary>
/// Guest memory simulated without host memory behind it: a page is populated once written or touched and stays so
/// until discarded, exactly the host behaviour of private anonymous memory, without needing mmap. Reads of an
/// unpopulated page return zeros and do not populate it.
/// </summary>
/// <remarks>What it costs: the populated bit per 4 KiB page that every <see cref="GuestMemory"/> keeps, a table of one
/// reference per 2 MiB, and 4 KiB of managed memory only for a page written with <see cref="GuestMemory.Write"/> (the
/// virtqueues and the driver's buffers). A page only touched (<see cref="GuestMemory.Touch"/>: populated, its bytes
/// unchanged, what a workload does) is held as its bit alone, so a 64 GiB guest whose workload populates most of it needs
/// a few MiB of the simulator, not 64 GiB.</remarks>
public sealed class SimulatedGuestMemory : GuestMemory
{
    private const int PageBytes = (int)GuestPageSize;
    private const int ChunkPages = 512;                 // one table entry per 2 MiB
    private readonly byte[]?[]?[] _chunks;              // written pages' contents; null where nothing was written

    /// <summary>Creates <paramref name="size"/> bytes of unpopulated memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is zero, not a multiple of 4096, or too large to simulate.</exception>
    public SimulatedGuestMemory(ulong size) : base(size)
    {
        ulong pages = size / GuestPageSize;
        if ((pages + ChunkPages - 1) / ChunkPages > (ulong)Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(size), size, "Too large to simulate.");
        _chunks = new byte[]?[]?[(pages + ChunkPages - 1) / ChunkPages];
    }

    /// <inheritdoc/>
    public override BackingKind Kind => BackingKind.Simulated;

    /// <summary>Pages whose contents are held (written with <see cref="GuestMemory.Write"/> and not discarded since).</summary>
    public ulong StoredPages
    {
        get
        {
            ulong n = 0;
            foreach (byte[]?[]? chunk in _chunks)
                if (chunk is not null) foreach (byte[]? page in chunk) if (page is not null) n++;
            return n;
        }
    }

    protected override void ReadCore(ulong address, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            ulong page = address / GuestPageSize;
            int offset = (int)(address % GuestPageSize);
            int n = Math.Min(destination.Length, PageBytes - offset);
            byte[]? data = Stored(page);
            if (data is not null) data.AsSpan(offset, n).CopyTo(destination);
            else destination[..n].Clear();   // never written (touched or not): zeros
            destination = destination[n..];
            address += (ulong)n;
        }
    }

    protected override void WriteCore(ulong address, ReadOnlySpan<byte> source)
    {
        while (!source.IsEmpty)
        {
            ulong page = address / GuestPageSize;
            int offset = (int)(address % GuestPageSize);
            int n = Math.Min(source.Length, PageBytes - offset);
            source[..n].CopyTo(Store(page).AsSpan(offset, n));
            source = source[n..];
            address += (ulong)n;
        }
    }

    protected override void PopulateCore(ulong firstPage, ulong pages) { }   // the populated bit alone says it

    protected override void DiscardCore(ulong address, ulong length)
    {
        for (ulong page = address / GuestPageSize, end = (address + length) / GuestPageSize; page < end;)
        {
            byte[]?[]? chunk = Volatile.Read(ref _chunks[page / ChunkPages]);
            ulong chunkEnd = Math.Min(end, (page / ChunkPages + 1) * ChunkPages);
            if (chunk is not null)
                for (; page < chunkEnd; page++) Volatile.Write(ref chunk[page % ChunkPages], null);
            page = chunkEnd;
        }
    }

    protected override void GetPopulatedCore(ulong address, Span<bool> populated)
    {
        ulong first = address / GuestPageSize;
        for (int i = 0; i < populated.Length; i++) populated[i] = Populated.Contains(first + (ulong)i);
    }

    private byte[]? Stored(ulong page) => Volatile.Read(ref _chunks[page / ChunkPages]) is { } chunk ? Volatile.Read(ref chunk[page % ChunkPages]) : null;

    /// <summary>The page's contents, created on first write (zeros, as a touched page reads); two threads
    /// writing distinct bytes of a new page agree on one array.</summary>
    private byte[] Store(ulong page)
    {
        ref byte[]?[]? slot = ref _chunks[page / ChunkPages];
        byte[]?[] chunk = Volatile.Read(ref slot) ?? (Interlocked.CompareExchange(ref slot, new byte[]?[ChunkPages], null) ?? slot!);
        ref byte[]? entry = ref chunk[page % ChunkPages];
        if (Volatile.Read(ref entry) is { } data) return data;
        var fresh = new byte[PageBytes];
        return Interlocked.CompareExchange(ref entry, fresh, null) ?? fresh;
    }
}
