using System.Buffers;
using Microsoft.Coyote.Specifications;
using Verified.Buddy;
using Verified.Buffers;

namespace Verified.CoyoteTests.Buffers;

/// <summary>
/// The pool under Coyote: two users rent, write their mark into every byte, yield, check the mark and return, while a
/// third task gives free memory back (<see cref="BuddyMemoryPool.Trim(ulong)"/> with nothing kept) twice. A give-back
/// that touched a rented buffer would zero it (<c>MADV_DONTNEED</c>) and the user's check would fail. At the end
/// nothing is rented and the backing heap's invariants hold.
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

    private static async Task Run(IFreeMemoryRelease? release)
    {
        using BuddyMemoryPool pool = NewPool(release);
        // Make the memory dirty (used once), so that a give-back has something to release.
        using (pool.Rent(16 * 1024)) { }
        using (pool.Rent(16 * 1024)) { }

        Task User(byte mark, int size) => Task.Run(async () =>
        {
            for (int round = 0; round < 2; round++)
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
        IReadOnlyList<InvariantViolation> violations = pool.Pages.CheckInvariants();
        Specification.Assert(violations.Count == 0, "invariants broken: {0}", string.Join("; ", violations));
    }

    /// <summary>Seeded defect: snapshot of the free blocks under the heap's lock, release after it without isolation.</summary>
    private sealed class ReleaseWithoutIsolation : IFreeMemoryRelease
    {
        public ulong ReleaseBeyond(BackedBuddyHeap pages, ulong keepFreeBytes, IBackingReleaser releaser)
        {
            ulong released = 0;
            foreach ((ulong address, ulong length, PageBacking backing) in pages.FreeBlocks())
                if (backing == PageBacking.Dirty && releaser.TryRelease(address, length)) released += length;
            return released;
        }
    }
}
