using Verified.Balloon;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// The workload behind the headline figure (docs/balloon.md): a 256 MiB guest allocates and touches 128 MiB in pieces
/// of 4 to 64 KiB — powers of two (4, 8, 16, 32, 64 KiB), or with <c>anySize</c> any page count from 4 to 16 — with
/// sizes from a fixed seed, keeps every eighth piece and frees the rest in a shuffled order (≈112 MiB freed after
/// touching, more than twice the balloon), then the host asks for a 48 MiB balloon.
/// The figure is the share of the balloon's pages that the host stopped holding: populated bytes before inflation
/// minus populated bytes after, over the balloon's bytes, as mincore reports on the real backing.
/// </summary>
public static class ReleasedMemoryWorkload
{
    public const ulong GuestBytes = 256UL << 20;
    public const ulong TouchedBytes = 128UL << 20;
    public const uint BalloonPages = 48 * 256;   // 48 MiB

    public sealed record Result(InflatePolicy Policy, BackingKind Backing, ulong FreedAfterTouchBytes, ulong PopulatedBefore,
        ulong PopulatedAfter, uint Actual, IReadOnlyList<ProtocolViolation> Violations)
    {
        public ulong BalloonBytes => (ulong)Actual * GuestMemory.GuestPageSize;
        public double ReleasedShare => BalloonBytes == 0 ? 0 : (double)(PopulatedBefore - Math.Min(PopulatedBefore, PopulatedAfter)) / BalloonBytes;
        public override string ToString() =>
            $"{Policy} on {Backing}: balloon {BalloonBytes >> 20} MiB, freed after touch {FreedAfterTouchBytes >> 20} MiB, " +
            $"host populated {PopulatedBefore >> 20} MiB -> {PopulatedAfter >> 20} MiB, released {ReleasedShare:P1} of the balloon";
    }

    public static Result Run(InflatePolicy policy, BackingKind backing, bool anySize = false)
    {
        using BalloonGuest guest = BalloonGuest.Create(new BalloonGuestOptions { MemoryBytes = GuestBytes, Backing = backing, Policy = policy });
        var random = new Random(20261127);
        var pieces = new List<(ulong Address, ulong Size)>();
        for (ulong total = 0; total < TouchedBytes;)
        {
            ulong size = anySize ? (ulong)random.Next(4, 17) * 4096 : 4096UL << random.Next(0, 5);
            pieces.Add((guest.AllocateAndTouch(size), size));
            total += size;
        }
        var freed = new List<(ulong Address, ulong Size)>();
        for (int i = 0; i < pieces.Count; i++) if (i % 8 != 0) freed.Add(pieces[i]);
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(freed));
        ulong freedBytes = 0;
        foreach ((ulong address, ulong size) in freed) { guest.Free(address, size); freedBytes += size; }

        ulong before = guest.HostPopulatedBytes;
        guest.SetTarget(BalloonPages);
        guest.RunUntilQuiescent();
        ulong after = guest.HostPopulatedBytes;
        return new Result(policy, guest.Backing, freedBytes, before, after, guest.BalloonPages, guest.Violations);
    }
}
