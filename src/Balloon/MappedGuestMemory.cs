using Verified.Memory;

namespace Verified.Balloon;

/// <summary>
/// Guest memory on real host memory: one <see cref="ReservedMapping"/> of the guest size, accessible from the start
/// (anonymous, private, without swap reservation, transparent huge pages off so the host page is the system page).
/// The kernel populates a page on first write; <c>mincore</c> says which pages are populated (<see cref="GuestMemory.GetPopulated"/>,
/// <see cref="GuestMemory.MeasurePopulatedBytes"/>; <see cref="GuestMemory.PopulatedBytes"/> is the count kept as pages are
/// written and discarded); <c>madvise(MADV_DONTNEED)</c> gives pages back to the host. The mapping is owned by its <see cref="MappingHandle"/>
/// (a <see cref="System.Runtime.InteropServices.SafeHandle"/>), which unmaps it when released.
/// </summary>
public sealed unsafe class MappedGuestMemory : GuestMemory
{
    private readonly ReservedMapping _mapping;

    private MappedGuestMemory(ulong size, ReservedMapping mapping) : base(size) => _mapping = mapping;

    /// <inheritdoc/>
    public override BackingKind Kind => BackingKind.Real;

    /// <summary>The system page size, the granularity of <c>mincore</c> and <c>madvise</c>.</summary>
    public static ulong SystemPageSize => ReservedMapping.SystemPageSize;

    /// <summary>The mapping behind this memory (shared native-memory layer, see <c>src/Memory</c>).</summary>
    public ReservedMapping Mapping => _mapping;

    /// <summary>Nanoseconds spent inside <c>madvise(MADV_DONTNEED)</c> calls so far, and how many calls.</summary>
    public (long Nanoseconds, long Calls) DiscardTime => (Interlocked.Read(ref _discardTicks) * 1_000_000_000L / System.Diagnostics.Stopwatch.Frequency, Interlocked.Read(ref _discardCalls));

    private long _discardTicks, _discardCalls;

    /// <summary>Maps <paramref name="size"/> bytes, or says why it cannot (not Linux, a system page larger than 4 KiB, or mmap failed).</summary>
    public static bool TryCreate(ulong size, out MappedGuestMemory? memory, out string? reason)
    {
        memory = null;
        if (size == 0 || size % GuestPageSize != 0) { reason = "the size must be a positive multiple of 4096"; return false; }
        if (!ReservedMapping.IsSupported) { reason = "the real backing needs Linux (mmap, madvise, mincore)"; return false; }
        if (SystemPageSize != GuestPageSize) { reason = $"the system page is {SystemPageSize} bytes; the real backing needs 4096"; return false; }
        if (!ReservedMapping.TryReserve(size, accessible: true, out ReservedMapping? mapping, out reason)) return false;
        memory = new MappedGuestMemory(size, mapping!);
        return true;
    }

    /// <summary>The kernel's answer: <c>mincore</c> over the whole mapping.</summary>
    protected override ulong MeasurePopulatedBytesCore() => _mapping.ResidentBytes();

    /// <inheritdoc/>
    protected override void ReadCore(ulong address, Span<byte> destination) =>
        new ReadOnlySpan<byte>(_mapping.Pointer + address, destination.Length).CopyTo(destination);

    /// <inheritdoc/>
    protected override void WriteCore(ulong address, ReadOnlySpan<byte> source) =>
        source.CopyTo(new Span<byte>(_mapping.Pointer + address, source.Length));

    /// <inheritdoc/>
    /// <remarks>One <c>madvise(MADV_POPULATE_WRITE)</c> for the whole run (one write per page on a kernel before 5.14):
    /// the kernel populates each page exactly as a write fault would, without a fault per page.</remarks>
    protected override void PopulateCore(ulong firstPage, ulong pages) => _mapping.Populate(firstPage * GuestPageSize, pages * GuestPageSize);

    /// <inheritdoc/>
    protected override void DiscardCore(ulong address, ulong length)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _mapping.GiveBack(address, length, GiveBackAdvice.DontNeed);
        }
        finally
        {
            Interlocked.Add(ref _discardTicks, System.Diagnostics.Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _discardCalls);
        }
    }

    /// <inheritdoc/>
    protected override void GetPopulatedCore(ulong address, Span<bool> populated) => _mapping.GetResident(address, populated);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _mapping.Dispose();   // the SafeHandle unmaps; without Dispose its own finaliser does
    }
}
