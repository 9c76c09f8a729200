namespace Verified.Buddy;

/// <summary>
/// The thread-safe form of <see cref="ReservedHeap"/>: an <see cref="IPageAllocator"/> over a
/// <see cref="ConcurrentBuddyHeap"/> that refuses any allocation which would leave less than a reserve free, with the
/// reserve check and the allocation done as one step under the heap's lock.
/// </summary>
/// <remarks>Several of these may share one heap with different reserves, and other threads may use the heap directly
/// at the same time; the reserve holds against all of them at the instant of each allocation through this wrapper.</remarks>
public sealed class ConcurrentReservedHeap : IPageAllocator
{
    private readonly ConcurrentBuddyHeap _heap;

    /// <summary>Wraps <paramref name="heap"/>, keeping <paramref name="reserveBytes"/> free.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="heap"/> is null.</exception>
    public ConcurrentReservedHeap(ConcurrentBuddyHeap heap, ulong reserveBytes)
    {
        ArgumentNullException.ThrowIfNull(heap);
        _heap = heap;
        ReserveBytes = reserveBytes;
    }

    /// <summary>Free bytes that allocations through this wrapper never take.</summary>
    public ulong ReserveBytes { get; }

    /// <inheritdoc/>
    public ulong PageSize => _heap.PageSize;
    /// <inheritdoc/>
    public ulong MaxBlockSize => _heap.MaxBlockSize;
    /// <inheritdoc/>
    public ulong TotalBytes => _heap.TotalBytes;
    /// <inheritdoc/>
    public ulong AllocatedBytes => _heap.AllocatedBytes;
    /// <inheritdoc/>
    public ulong FreeBytes => _heap.FreeBytes;

    /// <summary>Allocates unless that would leave less than <see cref="ReserveBytes"/> free; see
    /// <see cref="ConcurrentBuddyHeap.TryAllocateKeepingReserve"/>.</summary>
    /// <returns>False, with nothing changed, when the reserve would be touched or no free block is large enough.</returns>
    /// <exception cref="InvalidSizeException">The size is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocate(ulong size, out ulong address) => _heap.TryAllocateKeepingReserve(size, ReserveBytes, out address);

    /// <summary><see cref="TryAllocate(ulong, out ulong)"/> under the fault plan <typeparamref name="TFaults"/> (tests;
    /// see <see cref="IFaultPlan"/>).</summary>
    internal bool TryAllocate<TFaults>(ulong size, out ulong address) where TFaults : struct, IFaultPlan =>
        _heap.TryAllocateKeepingReserve<TFaults>(size, ReserveBytes, out address);

    /// <summary>As <see cref="TryAllocate"/>, but throws.</summary>
    /// <exception cref="ReserveExceededException">The allocation would leave less than the reserve free.</exception>
    /// <exception cref="HeapExhaustedException">No free block is large enough.</exception>
    /// <exception cref="InvalidSizeException">The size is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public ulong Allocate(ulong size) => _heap.AllocateKeepingReserve(size, ReserveBytes);

    /// <summary>Frees through the heap beneath; see <see cref="ConcurrentBuddyHeap.Free"/>.</summary>
    /// <exception cref="InvalidSizeException">The size is 0.</exception>
    /// <exception cref="InvalidFreeException">The span is not allocated memory of the heap; nothing changed.</exception>
    public void Free(ulong address, ulong size) => _heap.Free(address, size);

    /// <summary>Frees through the heap beneath without throwing for a bad span; see <see cref="ConcurrentBuddyHeap.TryFree"/>.</summary>
    public FreeResult TryFree(ulong address, ulong size) => _heap.TryFree(address, size);
}
