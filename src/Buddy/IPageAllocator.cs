namespace Verified.Buddy;

/// <summary>
/// What a page allocator offers its users (the balloon driver, the reserve wrapper, the benchmarks): page-granular
/// allocation and release of address ranges, and byte totals that mean exactly what their names say.
/// </summary>
public interface IPageAllocator
{
    /// <summary>Page size in bytes; every address handed out is a multiple of it.</summary>
    ulong PageSize { get; }

    /// <summary>Largest size one allocation may ask for.</summary>
    ulong MaxBlockSize { get; }

    /// <summary>Sum of the lengths of the memory managed.</summary>
    ulong TotalBytes { get; }

    /// <summary>Bytes in allocated pages.</summary>
    ulong AllocatedBytes { get; }

    /// <summary>Bytes in free pages.</summary>
    ulong FreeBytes { get; }

    /// <summary>Allocates ceil(size / page size) pages; false, with nothing changed, when no free space fits.</summary>
    /// <exception cref="InvalidSizeException">The size is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    bool TryAllocate(ulong size, out ulong address);

    /// <summary>As <see cref="TryAllocate"/>, but throws when no free space fits.</summary>
    /// <exception cref="InvalidSizeException">The size is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    /// <exception cref="HeapException">No free space fits (the implementation's typed out-of-memory error, an
    /// <see cref="IHeapError"/>).</exception>
    ulong Allocate(ulong size);

    /// <summary>Frees the ceil(size / page size) pages at <paramref name="address"/>, which must be allocated.</summary>
    /// <exception cref="InvalidSizeException">The size is 0.</exception>
    /// <exception cref="InvalidFreeException">The span is not allocated memory of this allocator; nothing changed.</exception>
    void Free(ulong address, ulong size);

    /// <summary>Frees the ceil(size / page size) pages at <paramref name="address"/> if every one is allocated;
    /// otherwise nothing changes and the result says why, naming the first offending page (a page number,
    /// address / page size). Never throws for a bad span.</summary>
    FreeResult TryFree(ulong address, ulong size);
}
