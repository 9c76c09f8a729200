using Verified.Buddy;

namespace Verified.Balloon;

/// <summary>A free of memory that is free already: it lies in a block parked as reported.</summary>
public sealed class ReportedBlockFreeException : InvalidOperationException
{
    internal ReportedBlockFreeException(ulong address, ulong size, ulong block)
        : base($"Free of [0x{address:X}, +{size}) refused: the block at 0x{block:X} is free (reported to the host)") => Block = block;

    /// <summary>Address of the reported block the span touches.</summary>
    public ulong Block { get; }
}

/// <summary>
/// Free page reporting's view of the guest heap: free blocks of the reporting order that were reported to the host are
/// parked here with a "reported" mark, behind every unreported free block — the tail placement of Linux's page
/// reporting: an allocation is served from unreported memory first, and a reported block is handed back to the heap
/// (its mark cleared) only when nothing unreported fits. Parked blocks count as free.
/// </summary>
/// <remarks>The reporting order is the heap's maximum block, so a parked block never has a buddy to merge with.
/// Not thread-safe on its own; the guest wraps it in its lock.</remarks>
internal sealed class ReportedPageAllocator(BuddyHeap inner) : IPageAllocator
{
    private readonly List<ulong> _reported = [];     // parked blocks, in the order they were reported
    private readonly HashSet<ulong> _marked = [];

    public BuddyHeap Inner => inner;
    public ulong BlockSize => inner.MaxBlockSize;
    public int ReportedBlocks => _reported.Count;
    public ulong ReportedBytes => (ulong)_reported.Count * BlockSize;

    public ulong PageSize => inner.PageSize;
    public ulong MaxBlockSize => inner.MaxBlockSize;
    public ulong TotalBytes => inner.TotalBytes;
    public ulong AllocatedBytes => inner.AllocatedBytes - ReportedBytes;
    public ulong FreeBytes => inner.FreeBytes + ReportedBytes;

    public bool TryAllocate(ulong size, out ulong address)
    {
        while (true)
        {
            if (inner.TryAllocate(size, out address)) return true;
            if (_reported.Count == 0) return false;
            // Nothing unreported fits: the most recently reported block goes back to the heap, its mark cleared.
            ulong block = _reported[^1];
            _reported.RemoveAt(_reported.Count - 1);
            _marked.Remove(block);
            inner.Free(block, BlockSize);
        }
    }

    public ulong Allocate(ulong size)
    {
        if (!TryAllocate(size, out ulong address)) return inner.Allocate(size);   // throws the heap's typed error
        return address;
    }

    public void Free(ulong address, ulong size)
    {
        if (size != 0 && _marked.Count > 0)
        {
            ulong end = address + size - 1;
            for (ulong block = address & ~(BlockSize - 1); block <= end && block >= (address & ~(BlockSize - 1)); block += BlockSize)
                if (_marked.Contains(block)) throw new ReportedBlockFreeException(address, size, block);
        }
        inner.Free(address, size);
    }

    /// <summary>As <see cref="Free"/>, without throwing: a span touching a reported block is refused as
    /// <see cref="FreeError.NotAllocated"/> at the block's first page (it is free, parked with the host).</summary>
    public FreeResult TryFree(ulong address, ulong size)
    {
        if (size != 0 && _marked.Count > 0)
        {
            ulong end = address + size - 1;
            for (ulong block = address & ~(BlockSize - 1); block <= end && block >= (address & ~(BlockSize - 1)); block += BlockSize)
                if (_marked.Contains(block)) return new FreeResult(FreeError.NotAllocated, Math.Max(block, address) / PageSize);
        }
        return inner.TryFree(address, size);
    }

    /// <summary>Takes an unreported free block of the reporting order out of the heap, to report it.</summary>
    public bool TryIsolate(out ulong block) => inner.TryAllocate(BlockSize, out block);

    /// <summary>The device has acknowledged the report: park the block, marked.</summary>
    public void Park(ulong block)
    {
        _reported.Add(block);
        _marked.Add(block);
    }

    /// <summary>The report failed: the block goes straight back to the heap.</summary>
    public void Unisolate(ulong block) => inner.Free(block, BlockSize);
}
