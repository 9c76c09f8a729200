using System.Buffers;
using Microsoft.Coyote.Specifications;
using Verified.Buddy;
using Verified.Buffers;

namespace Verified.CoyoteTests.Buffers;

/// <summary>
/// The pool under Coyote: two users rent, write their mark into every byte, yield, check the mark and return, while a
/// third task gives free memory back (<see cref="BuddyMemoryPool.Trim(ulong)"/> with nothing kept) twice. A give-back
/// that touched a rented buffer would zero it (<c>MADV_DONTNEED</c>) and the user's check would fail. Each user's
/// return and its next rent run on one thread without a yield between them, so the second and third rents are served
/// by that thread's block cache — unless the give-back emptied it first, which is the race the cache must win or lose
/// cleanly. At the end nothing is rented or cached and the backing heap's invariants hold.
/// </summary>
internal static class PoolScenarios
{
    private const int Page = 4096;

    private static BuddyMemoryPool NewPool(IFreeMemoryRelease? release) =>
        new(new BuddyMemoryPoolOptions
        {
            LimitBytes = 64 * 1024, GrowthBytes = 64 * 1024, MaxBufferSize = 16 * 1024, HotReserveBytes = 0,
            IdleDelay = Timeout.InfiniteTimeSpan, GiveBackUnderMemoryPressure = false, Name = "coyote",
        }, release ?? IsolatingRelease.Instance);

    public static Task RentReturnRacingWithTrim() => Run(release: null);

    /// <summary>The same scenario with a give-back that releases free blocks it saw under the lock, after releasing the
    /// lock and without isolating them: a rent in between gets memory that is then zeroed.</summary>
    public static Task RentReturnRacingWithUnisolatedTrim() => Run(new ReleaseWithoutIsolation());

    /// <summary>
    /// The block cache against the give-back, close up: one user returns a page and rents it back eight times in a row
    /// (each rent served by its thread's cache), writing and checking its mark each time, while another task gives
    /// everything free back six times — each give-back first empties every thread's cache into the heap. Pages of one
    /// size only (one slot per cache), so every step of the give-back is about that slot. Whoever takes the cached block
    /// — the user's rent or the give-back, each with plain loads and stores under the drain protocol of
    /// <see cref="ThreadBlockCache"/> — must be the only one: otherwise the give-back frees (and zeroes) a rented
    /// page, or the block is freed twice.
    /// </summary>
    public static Task CacheRentRacingWithTrim() => RunCache(release: null);

    /// <summary><see cref="CacheRentRacingWithTrim"/> with a give-back that raises the drain request but empties the
    /// cache without waiting for its thread to leave it: the user's rent, already inside, can take the block too.</summary>
    public static Task CacheRentRacingWithDrainWithoutWaiting() => RunCache(new DrainWithoutWaiting());

    /// <summary><see cref="CacheRentRacingWithTrim"/> with a give-back that waits for the cache's thread to be outside
    /// it but never asks it to stay out: the user's rent can enter after the check and take the block too.</summary>
    public static Task CacheRentRacingWithDrainWithoutRequest() => RunCache(new DrainWithoutRequest());

    private static async Task RunCache(IFreeMemoryRelease? release)
    {
        using var pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions
        {
            LimitBytes = 16 * 1024, GrowthBytes = 16 * 1024, MaxBufferSize = Page, HotReserveBytes = 0,
            IdleDelay = Timeout.InfiniteTimeSpan, GiveBackUnderMemoryPressure = false, Name = "coyote-cache",
        }, release ?? IsolatingRelease.Instance);
        Task user = Task.Run(() =>
        {
            for (int round = 0; round < 8; round++)
            {
                using IMemoryOwner<byte> owner = pool.Rent(Page);
                Span<byte> span = owner.Memory.Span;
                span.Fill(0x33);
                Specification.Assert(span.IndexOfAnyExcept((byte)0x33) < 0, "a rented page was changed under its user");
                Specification.Assert(pool.Pages.FreePageState(((PooledMemory)owner).Offset) is null,
                    "a rented page is free in the heap (round {0})", round);
            }
        });
        Task trimmer = Task.Run(() =>
        {
            for (int i = 0; i < 6; i++) pool.Trim(0);
        });
        await Task.WhenAll(new[] { user, trimmer });

        pool.DrainCaches();
        Specification.Assert(pool.Pages.AllocatedBytes == 0, "{0} bytes neither rented nor free after the caches were emptied", pool.Pages.AllocatedBytes);
        IReadOnlyList<InvariantViolation> violations = pool.Pages.CheckInvariants();
        Specification.Assert(violations.Count == 0, "invariants broken: {0}", string.Join("; ", violations));
    }

    private static async Task Run(IFreeMemoryRelease? release)
    {
        using BuddyMemoryPool pool = NewPool(release);
        // Make the memory dirty (used once), so that a give-back has something to release.
        using (pool.Rent(16 * 1024)) { }
        using (pool.Rent(16 * 1024)) { }

        Task User(byte mark, int size) => Task.Run(async () =>
        {
            for (int round = 0; round < 3; round++)
            {
                using IMemoryOwner<byte> owner = pool.Rent(size);
                owner.Memory.Span.Fill(mark);
                await Task.Yield();
                Span<byte> span = owner.Memory.Span;
                Specification.Assert(span.IndexOfAnyExcept(mark) < 0,
                    "a rented buffer was changed under its user (byte {0} is not {1})", span.IndexOfAnyExcept(mark), mark);
            }
        });
        Task trimmer = Task.Run(() =>
        {
            pool.Trim(0);
            pool.Trim(0);
        });
        await Task.WhenAll(new[] { User(0x11, Page), User(0x22, 2 * Page), trimmer });

        Specification.Assert(pool.RentedBytes == 0, "{0} bytes still rented", pool.RentedBytes);
        pool.DrainCaches();
        Specification.Assert(pool.Pages.AllocatedBytes == 0, "{0} bytes neither rented nor free after the caches were emptied", pool.Pages.AllocatedBytes);
        IReadOnlyList<InvariantViolation> violations = pool.Pages.CheckInvariants();
        Specification.Assert(violations.Count == 0, "invariants broken: {0}", string.Join("; ", violations));
    }

    /// <summary>Seeded defect: snapshot of the free blocks under the heap's lock, release after it without isolation.</summary>
    private sealed class ReleaseWithoutIsolation : IFreeMemoryRelease
    {
        public void EnterDrain(ThreadBlockCache cache) => IsolatingRelease.Instance.EnterDrain(cache);

        public ulong ReleaseBeyond(BackedBuddyHeap pages, int largestOrder, ulong keepFreeBytes, IBackingReleaser releaser)
        {
            ulong released = 0;
            foreach ((ulong address, ulong length, PageBacking backing) in pages.FreeBlocks())
                if (backing == PageBacking.Dirty && releaser.TryRelease(address, length)) released += length;
            return released;
        }
    }

    /// <summary>Seeded defect: a drain that asks the owner thread to stay out of its cache but does not wait for it to
    /// leave: an owner already inside its slot takes the block the drain takes too.</summary>
    private sealed class DrainWithoutWaiting : SeededDrain
    {
        public override void EnterDrain(ThreadBlockCache cache)
        {
            cache.RequestDrain();
            Interlocked.MemoryBarrierProcessWide();
        }
    }

    /// <summary>Seeded defect: a drain that waits for the owner thread to be outside its cache without asking it to stay
    /// out: the owner enters again between that check and the drain's take, and both take the block.</summary>
    private sealed class DrainWithoutRequest : SeededDrain
    {
        public override void EnterDrain(ThreadBlockCache cache)
        {
            Interlocked.MemoryBarrierProcessWide();
            cache.WaitForOwnerOutside();
        }
    }

    /// <summary>A seeded drain defect: its own way of getting a cache, the product's give-back otherwise.</summary>
    private abstract class SeededDrain : IFreeMemoryRelease
    {
        public abstract void EnterDrain(ThreadBlockCache cache);

        public ulong ReleaseBeyond(BackedBuddyHeap pages, int largestOrder, ulong keepFreeBytes, IBackingReleaser releaser) =>
            IsolatingRelease.Instance.ReleaseBeyond(pages, largestOrder, keepFreeBytes, releaser);
    }
}
