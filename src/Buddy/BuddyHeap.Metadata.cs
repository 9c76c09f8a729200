using System.Numerics;
using System.Runtime.InteropServices;

namespace Verified.Buddy;

/// <summary>Giving back the memory of records that hold nothing.</summary>
public sealed partial class BuddyHeap
{
    /// <summary>System pages whose residency is asked for at once, and scanned before the next question.</summary>
    private const int PagesPerResidencyQuery = 512;

    /// <summary>
    /// Offers every resident whole system page of the record array that holds only zero records to
    /// <paramref name="releaser"/>, one call per run of adjacent such pages, and returns the bytes it released.
    /// </summary>
    /// <remarks>
    /// <para>A record is zero unless a free block starts in its buddy pair, so the records of allocated memory and of the
    /// inside of large free blocks are zero: after a pool has grown, handed memory out and taken it back, much of the
    /// array is zero, yet resident, because every record was written while the memory was in use. Releasing those
    /// pages changes no record: they read as zeros before and after, and the next write to one of them gets a fresh
    /// page from the operating system. Only the records in use are scanned (the room <see cref="ReserveMetadata"/> made
    /// beyond them holds no record yet), the free lists' sentinels never, and pages the releaser reports as not resident
    /// (<see cref="IZeroPageReleaser.GetResidency"/>: released before and not written since) are neither read nor
    /// offered, so a give-back that finds nothing new costs one residency query per 512 pages and no page fault.</para>
    /// <para>O(records in use) reads at most, one releaser call per run. Not thread-safe, like every operation of this
    /// type; the array is pinned for the duration of the call.</para>
    /// </remarks>
    /// <param name="systemPageSize">The operating system's page size (<see cref="Environment.SystemPageSize"/>): a power
    /// of two, at least 8.</param>
    /// <param name="releaser">Gives the pages back (<c>madvise(MADV_DONTNEED)</c>); see <see cref="IZeroPageReleaser"/>.</param>
    /// <returns>Bytes of the record array released.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="systemPageSize"/> is not a power of two of at least 8.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="releaser"/> is null.</exception>
    public ulong ReleaseZeroMetadataPages(ulong systemPageSize, IZeroPageReleaser releaser)
    {
        if (systemPageSize < sizeof(ulong) || !BitOperations.IsPow2(systemPageSize))
            throw new ArgumentOutOfRangeException(nameof(systemPageSize), systemPageSize, "The system page size must be a power of two, at least 8.");
        ArgumentNullException.ThrowIfNull(releaser);

        GCHandle pin = GCHandle.Alloc(_records, GCHandleType.Pinned);
        try
        {
            nint data = pin.AddrOfPinnedObject();
            int perPage = (int)(systemPageSize / sizeof(ulong));
            // The first record that may be released is the first one after the sentinels; pages start at the next
            // system-page boundary of the array's memory.
            nint pageMask = (nint)(systemPageSize - 1);
            nint firstPage = (RecordAddress(data, _maxOrder + 1) + pageMask) & ~pageMask;
            long first = (firstPage - data) / sizeof(ulong);
            long pages = ((long)_recordCount - first) / perPage;   // whole pages before the end of the records in use
            Span<byte> resident = stackalloc byte[PagesPerResidencyQuery];
            ulong released = 0;
            long runStart = -1;   // first page of the current run of zero pages, or -1
            for (long chunk = 0; chunk < pages; chunk += PagesPerResidencyQuery)
            {
                int count = (int)Math.Min(PagesPerResidencyQuery, pages - chunk);
                releaser.GetResidency(firstPage + (nint)(chunk * (long)systemPageSize), (nuint)count * (nuint)systemPageSize, resident[..count]);
                for (int i = 0; i < count; i++)
                {
                    long page = chunk + i;
                    int index = (int)(first + page * perPage);
                    bool zero = (resident[i] & 1) != 0 && !_records.AsSpan(index, perPage).ContainsAnyExcept(0UL);
                    if (zero && runStart < 0) runStart = page;
                    if (!zero && runStart >= 0)
                    {
                        released += Release(releaser, firstPage, runStart, page, systemPageSize);
                        runStart = -1;
                    }
                }
            }
            if (runStart >= 0) released += Release(releaser, firstPage, runStart, pages, systemPageSize);
            return released;
        }
        finally
        {
            pin.Free();
        }
    }

    /// <summary>The address of record <paramref name="index"/> in an array whose data starts at <paramref name="data"/>
    /// (in native-sized arithmetic: a heap may hold 2^29 records, 4 GiB of them).</summary>
    internal static nint RecordAddress(nint data, long index) => data + (nint)(index * sizeof(ulong));

    private static ulong Release(IZeroPageReleaser releaser, nint firstPage, long fromPage, long toPage, ulong systemPageSize)
    {
        nuint length = (nuint)(toPage - fromPage) * (nuint)systemPageSize;
        return releaser.TryReleaseZeroPages(firstPage + (nint)(fromPage * (long)systemPageSize), length) ? length : 0;
    }
}
