namespace Verified.Buddy;

/// <summary>Whether whoever backs a free page (a hypervisor behind guest memory, the operating system behind a
/// process's memory) may still hold memory for it.</summary>
public enum PageBacking
{
    /// <summary>The backer may hold memory for the page: it was written since it was last released, or nobody knows.</summary>
    Dirty = 0,

    /// <summary>The backer holds nothing for the page: it was never touched since it was added, or it was released
    /// (discarded, reported, ballooned) and not handed out since. Reading it would make the backer supply a zero page.</summary>
    Clean = 1,
}

/// <summary>
/// The action that gives free memory back to its backer, supplied by the owner of the memory: a virtio-balloon
/// report or discard, <c>madvise(MADV_DONTNEED)</c>, <c>VirtualFree(MEM_DECOMMIT)</c>. The backing layer never calls
/// the operating system itself.
/// </summary>
public interface IBackingReleaser
{
    /// <summary>Releases [<paramref name="address"/>, <paramref name="address"/> + <paramref name="length"/>): when it
    /// returns true the backer holds nothing for that memory any more. Called without the heap's lock held; the memory
    /// is isolated (neither free nor allocated) meanwhile, so nothing else touches it.</summary>
    /// <returns>True when the memory was released; false when it was not (it stays dirty).</returns>
    bool TryRelease(ulong address, ulong length);
}

/// <summary>
/// The byte totals of a <see cref="BackedBuddyHeap"/>, read in one step under its lock:
/// <c>AllocatedBytes + DirtyFreeBytes + CleanFreeBytes + IsolatedBytes == TotalBytes</c> for every snapshot.
/// </summary>
/// <param name="TotalBytes">Sum of the lengths of the ranges.</param>
/// <param name="AllocatedBytes">Bytes in pages handed out to users.</param>
/// <param name="DirtyFreeBytes">Free bytes the backer may still hold memory for.</param>
/// <param name="CleanFreeBytes">Free bytes the backer holds nothing for.</param>
/// <param name="IsolatedBytes">Bytes taken out to be released and not yet returned (neither free nor allocated).</param>
public readonly record struct BackingAccounting(
    ulong TotalBytes,
    ulong AllocatedBytes,
    ulong DirtyFreeBytes,
    ulong CleanFreeBytes,
    ulong IsolatedBytes)
{
    /// <summary>Free bytes, dirty and clean: what an allocation may take.</summary>
    public ulong FreeBytes => DirtyFreeBytes + CleanFreeBytes;
}

/// <summary>
/// The action that gives back the memory of a heap's own bookkeeping where it holds only zeros (see
/// <see cref="BuddyHeap.ReleaseZeroMetadataPages"/>), supplied by whoever can call the operating system. The pages are
/// part of a live managed array: the action must leave them reading as zeros, as <c>madvise(MADV_DONTNEED)</c> does on
/// private anonymous memory, and may do nothing at all.
/// </summary>
public interface IZeroPageReleaser
{
    /// <summary>Releases the memory behind [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>),
    /// whole system pages that hold only zeros and must read as zeros afterwards. Called with the heap's lock held (the
    /// records cannot change meanwhile), so it must not call back into the heap.</summary>
    /// <returns>True when the memory was released.</returns>
    bool TryReleaseZeroPages(nint start, nuint length);

    /// <summary>Writes, for each system page of [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>), 1 when it is resident and 0 when it is not (<c>mincore</c>): pages not resident were
    /// released before and not written since, and are neither read nor offered again. The default reports every page
    /// resident. Called with the heap's lock held, like <see cref="TryReleaseZeroPages"/>.</summary>
    /// <param name="start">The first byte of the range, on a system page boundary.</param>
    /// <param name="length">The range's length, a multiple of the system page size.</param>
    /// <param name="residency">One byte per page, exactly as many as the range has pages.</param>
    void GetResidency(nint start, nuint length, Span<byte> residency) => residency.Fill(1);
}
