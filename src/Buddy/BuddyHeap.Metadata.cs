using System.Numerics;
using System.Runtime.InteropServices;

namespace Verified.Buddy;

/// <summary>Giving back the memory of records that hold nothing.</summary>
public sealed partial class BuddyHeap
{
    /// <summary>
    /// Offers every whole system page of the record array that holds only zero records to <paramref name="releaser"/>,
    /// one call per run of adjacent such pages, and returns the bytes it released.
    /// </summary>
    /// <remarks>
    /// <para>A record is zero unless a free block starts in its buddy pair, so the records of allocated memory and of the
    /// inside of large free blocks are zero: after a pool has grown, handed memory out and taken it back, much of the
    /// array is zero, yet resident, because every record was written while the memory was in use. Releasing those
    /// pages changes no record: they read as zeros before and after, and the next write to one of them gets a fresh
    /// page from the operating system. Only the records in use are scanned (not the room
    /// <see cref="ReserveMetadata"/> made, which was never written), the free lists' sentinels never.</para>
    /// <para>O(records in use) reads, one releaser call per run. Not thread-safe, like every operation of this type; the
    /// array is pinned for the duration of the call.</para>
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
            nint firstRecord = data + (_maxOrder + 1) * sizeof(ulong);
            nint pageMask = (nint)(systemPageSize - 1);
            int index = (int)((((firstRecord + pageMask) & ~pageMask) - data) / sizeof(ulong));
            int end = (int)_recordCount;
            ulong released = 0;
            int runStart = -1;
            for (; index + perPage <= end; index += perPage)
            {
                bool zero = !_records.AsSpan(index, perPage).ContainsAnyExcept(0UL);
                if (zero && runStart < 0) runStart = index;
                if (!zero && runStart >= 0)
                {
                    released += Release(releaser, data, runStart, index);
                    runStart = -1;
                }
            }
            if (runStart >= 0) released += Release(releaser, data, runStart, index);
            return released;
        }
        finally
        {
            pin.Free();
        }
    }

    private static ulong Release(IZeroPageReleaser releaser, nint data, int from, int to)
    {
        nuint length = (nuint)(to - from) * sizeof(ulong);
        return releaser.TryReleaseZeroPages(data + from * sizeof(ulong), length) ? length : 0;
    }
}
