namespace Verified.Balloon;

/// <summary>
/// Guest memory simulated with managed 4 KiB pages: a page is populated once written and stays so until discarded,
/// exactly the host behaviour of private anonymous memory, without needing mmap. Reads of an unpopulated page
/// return zeros and do not populate it.
/// </summary>
public sealed class SimulatedGuestMemory : GuestMemory
{
    private const int PageBytes = (int)GuestPageSize;
    private readonly byte[]?[] _pages;
    private ulong _populated;

    /// <summary>Creates <paramref name="size"/> bytes of unpopulated memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is zero, not a multiple of 4096, or too large to simulate.</exception>
    public SimulatedGuestMemory(ulong size) : base(size)
    {
        if (size / GuestPageSize > (ulong)Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(size), size, "Too large to simulate.");
        _pages = new byte[]?[size / GuestPageSize];
    }

    /// <inheritdoc/>
    public override BackingKind Kind => BackingKind.Simulated;

    /// <inheritdoc/>
    public override ulong PopulatedBytes() => Interlocked.Read(ref _populated) * GuestPageSize;

    protected override void ReadCore(ulong address, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            ulong page = address / GuestPageSize;
            int offset = (int)(address % GuestPageSize);
            int n = Math.Min(destination.Length, PageBytes - offset);
            byte[]? data = _pages[page];
            if (data is null) destination[..n].Clear(); else data.AsSpan(offset, n).CopyTo(destination);
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
            source[..n].CopyTo(Populate(page).AsSpan(offset, n));
            source = source[n..];
            address += (ulong)n;
        }
    }

    protected override void TouchPage(ulong page) => Populate(page)[0] = 0xA5;

    protected override void DiscardCore(ulong address, ulong length)
    {
        for (ulong page = address / GuestPageSize, end = (address + length) / GuestPageSize; page < end; page++)
        {
            if (_pages[page] is not null)
            {
                _pages[page] = null;
                Interlocked.Decrement(ref _populated);
            }
        }
    }

    protected override void GetPopulatedCore(ulong address, Span<bool> populated)
    {
        ulong first = address / GuestPageSize;
        for (int i = 0; i < populated.Length; i++) populated[i] = _pages[first + (ulong)i] is not null;
    }

    private byte[] Populate(ulong page)
    {
        byte[]? data = _pages[page];
        if (data is null)
        {
            data = new byte[PageBytes];
            _pages[page] = data;
            Interlocked.Increment(ref _populated);
        }
        return data;
    }
}
