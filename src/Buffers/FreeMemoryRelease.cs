using Verified.Buddy;

namespace Verified.Buffers;

/// <summary>How a pool empties its threads' caches and releases its free memory beyond a reserve: the seams where a
/// give-back could race with rents. The product always uses <see cref="IsolatingRelease"/>; the Coyote suite substitutes
/// defective ones to prove that its scenarios reach those races. Called only by a give-back or the pool's disposal,
/// never on the rent or return path.</summary>
internal interface IFreeMemoryRelease
{
    /// <summary>Takes the block out of another thread's cache slot (see <see cref="ThreadBlockCache"/>): returns the
    /// slot's value (offset + 1, or 0 when empty) and leaves the slot empty, as one step against the slot's own thread.</summary>
    ulong TakeCached(ref ulong slot);

    /// <summary>Releases free memory the OS still backs beyond <paramref name="keepFreeBytes"/>; returns the bytes released.</summary>
    ulong ReleaseBeyond(BackedBuddyHeap pages, ulong keepFreeBytes, IBackingReleaser releaser);
}

/// <summary>
/// The pool's give-back: whole blocks of the largest order while the excess holds one, then smaller ones, each order's
/// coldest first, through <see cref="BackedBuddyHeap.ReleaseDirty"/> — which isolates each block before the release,
/// so no rent can be handed memory while it is being released, and returns it clean, so it is never released twice.
/// At most a page less than the excess is left behind.
/// </summary>
internal sealed class IsolatingRelease : IFreeMemoryRelease
{
    public static readonly IsolatingRelease Instance = new();

    public ulong TakeCached(ref ulong slot) => Interlocked.Exchange(ref slot, 0);

    public ulong ReleaseBeyond(BackedBuddyHeap pages, ulong keepFreeBytes, IBackingReleaser releaser)
    {
        ulong released = 0;
        for (int order = pages.MaxOrder; order >= 0; order--)
        {
            ulong dirty = pages.Accounting.DirtyFreeBytes;
            if (dirty <= keepFreeBytes) break;
            ulong blocks = (dirty - keepFreeBytes) / (pages.PageSize << order);
            if (blocks == 0) continue;
            released += pages.ReleaseDirty(order, (int)Math.Min(blocks, int.MaxValue), releaser);
        }
        return released;
    }
}
