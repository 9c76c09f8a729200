using Verified.Buddy;

namespace Verified.Buffers;

/// <summary>How a pool empties its threads' caches and releases its free memory beyond a reserve: the seams where a
/// give-back could race with rents. The product always uses <see cref="IsolatingRelease"/>; the Coyote suite substitutes
/// defective ones to prove that its scenarios reach those races. Called only by a give-back or the pool's disposal,
/// never on the rent or return path.</summary>
internal interface IFreeMemoryRelease
{
    /// <summary>Gets another thread's cache to itself before emptying it (see <see cref="ThreadBlockCache"/>): asks the
    /// owner thread to stay out, makes sure it is out. The caller holds the pool's drain lock, empties the slots, then
    /// calls <see cref="ThreadBlockCache.ExitDrain"/>.</summary>
    void EnterDrain(ThreadBlockCache cache);

    /// <summary>Releases free memory the OS still backs beyond <paramref name="keepFreeBytes"/>, in blocks of at most
    /// 2^<paramref name="largestOrder"/> pages; returns the bytes released.</summary>
    ulong ReleaseBeyond(BackedBuddyHeap pages, int largestOrder, ulong keepFreeBytes, IBackingReleaser releaser);
}

/// <summary>
/// The pool's give-back: whole blocks of the largest buffer order while the excess holds one, then smaller ones, each
/// order's coldest first, through <see cref="BackedBuddyHeap.ReleaseDirty"/> — which isolates each block before the
/// release, so no rent can be handed memory while it is being released, and returns it clean, so it is never released
/// twice. At most a page less than the excess is left behind. The blocks are no larger than the largest buffer, although
/// the heap's blocks go up to a whole growth range: a batch of isolated blocks (up to 32) is memory no rent can have
/// until it is released, so it stays at 32 largest buffers (32 MiB by default), not 32 growth ranges.
/// </summary>
internal sealed class IsolatingRelease : IFreeMemoryRelease
{
    public static readonly IsolatingRelease Instance = new();

    public void EnterDrain(ThreadBlockCache cache) => cache.EnterDrain();

    public ulong ReleaseBeyond(BackedBuddyHeap pages, int largestOrder, ulong keepFreeBytes, IBackingReleaser releaser)
    {
        ulong released = 0;
        for (int order = Math.Min(largestOrder, pages.MaxOrder); order >= 0; order--)
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
