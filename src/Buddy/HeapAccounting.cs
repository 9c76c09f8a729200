namespace Verified.Buddy;

/// <summary>
/// The byte totals and operation counts of a <see cref="ConcurrentBuddyHeap"/>, read in one step under its lock, so
/// that they always describe the same instant: <c>AllocatedBytes + FreeBytes == TotalBytes</c> holds for every snapshot.
/// </summary>
/// <param name="TotalBytes">Sum of the lengths of the ranges.</param>
/// <param name="AllocatedBytes">Bytes in allocated pages.</param>
/// <param name="FreeBytes">Bytes in free pages.</param>
/// <param name="LargestFreeBlockBytes">Size of the largest free block; 0 when nothing is free.</param>
/// <param name="Allocations">Allocations that succeeded since the heap was created.</param>
/// <param name="Frees">Frees that succeeded since the heap was created.</param>
public readonly record struct HeapAccounting(
    ulong TotalBytes,
    ulong AllocatedBytes,
    ulong FreeBytes,
    ulong LargestFreeBlockBytes,
    ulong Allocations,
    ulong Frees);
