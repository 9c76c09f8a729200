namespace Verified.Buddy;

/// <summary>
/// The "pages" heap: a thin wrapper that refuses any allocation which would leave less than a reserve of free memory
/// in the heap beneath, so that users such as a page cache or mmap cannot exhaust physical memory completely.
/// </summary>
/// <remarks>
/// The reserve counts the pages an allocation really holds (ceil(size / page size)). Frees pass straight through. Not
/// thread-safe on its own: its check and the allocation beneath must be one step, which the locked wrapper
/// (<c>ConcurrentBuddyHeap</c>) provides for shared use.
/// </remarks>
public sealed class ReservedHeap : IPageAllocator
{
    private readonly IPageAllocator _inner;

    /// <summary>Wraps <paramref name="inner"/>, keeping <paramref name="reserveBytes"/> free.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public ReservedHeap(IPageAllocator inner, ulong reserveBytes)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        ReserveBytes = reserveBytes;
    }

    /// <summary>Free bytes that allocations through this wrapper never take.</summary>
    public ulong ReserveBytes { get; }

    /// <inheritdoc/>
    public ulong PageSize => _inner.PageSize;
    /// <inheritdoc/>
    public ulong MaxBlockSize => _inner.MaxBlockSize;
    /// <inheritdoc/>
    public ulong TotalBytes => _inner.TotalBytes;
    /// <inheritdoc/>
    public ulong AllocatedBytes => _inner.AllocatedBytes;
    /// <inheritdoc/>
    public ulong FreeBytes => _inner.FreeBytes;

    /// <summary>Allocates through the heap beneath unless that would leave less than <see cref="ReserveBytes"/> free.</summary>
    /// <returns>False, with nothing changed, when the reserve would be touched or the heap beneath has no fitting block.</returns>
    /// <exception cref="InvalidSizeException">The size is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocate(ulong size, out ulong address)
    {
        if (WouldTouchReserve(size)) { address = 0; return false; }
        return _inner.TryAllocate(size, out address);
    }

    /// <summary>As <see cref="TryAllocate"/>, but throws.</summary>
    /// <exception cref="ReserveExceededException">The allocation would leave less than the reserve free.</exception>
    /// <exception cref="HeapExhaustedException">The heap beneath has no fitting block.</exception>
    /// <exception cref="InvalidSizeException">The size is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public ulong Allocate(ulong size)
    {
        if (WouldTouchReserve(size)) throw new ReserveExceededException(size, _inner.FreeBytes, ReserveBytes);
        return _inner.Allocate(size);
    }

    /// <inheritdoc/>
    public void Free(ulong address, ulong size) => _inner.Free(address, size);

    /// <inheritdoc/>
    public FreeResult TryFree(ulong address, ulong size) => _inner.TryFree(address, size);

    /// <summary>True when allocating <paramref name="size"/> bytes would leave less than the reserve free. A request
    /// larger than all free memory is not the reserve's business: the heap beneath refuses it as out of memory.</summary>
    /// <exception cref="InvalidSizeException">The size is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool WouldTouchReserve(ulong size)
    {
        if (size == 0 || size > MaxBlockSize)
            throw new InvalidSizeException(size, $"an allocation must ask for 1 to {MaxBlockSize} bytes");
        ulong held = (size + PageSize - 1) / PageSize * PageSize;
        ulong free = _inner.FreeBytes;
        return free >= held && free - held < ReserveBytes;
    }
}
