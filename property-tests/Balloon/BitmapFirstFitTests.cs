using FsCheck;
using FsCheck.Fluent;
using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>The pre-PR "id heap": first fit over a bitmap, runs aligned to their power-of-two size, typed errors.</summary>
public sealed class BitmapFirstFitTests
{
    private const ulong Page = 4096;
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(200).WithQuietOnSuccess(true);

    [Fact]
    public void TakesTheLowestFittingAlignedRun_AndReusesFreedMemoryOnlyWhenItIsLowest()
    {
        var a = new BitmapFirstFitAllocator(0x10_0000, 64 * Page);
        Assert.Equal(0x10_0000UL, a.Allocate(Page));
        Assert.Equal(0x10_0000UL + 4 * Page, a.Allocate(3 * Page));      // 3 pages: aligned to 4, so page 1 is skipped
        Assert.Equal(0x10_0000UL + Page, a.Allocate(Page));              // first fit: the hole at page 1
        ulong big = a.Allocate(16 * Page);
        Assert.Equal(0x10_0000UL + 16 * Page, big);
        a.Free(big, 16 * Page);
        Assert.Equal(0x10_0000UL + 2 * Page, a.Allocate(Page));          // lowest free page, not the block freed last
        Assert.Equal(6 * Page, a.AllocatedBytes);
        Assert.Equal(58 * Page, a.FreeBytes);
        Assert.Equal(64 * Page, a.TotalBytes);
    }

    [Fact]
    public void BadInput_ThrowsTyped_AndChangesNothing()
    {
        var a = new BitmapFirstFitAllocator(0, 16 * Page, Page, 8 * Page);
        ulong held = a.Allocate(2 * Page);
        ulong before = a.AllocatedBytes;
        Assert.Throws<InvalidSizeException>(() => a.Allocate(0));
        Assert.Throws<InvalidSizeException>(() => a.Allocate(8 * Page + 1));
        Assert.Equal(FreeError.NotAllocated, Assert.Throws<InvalidFreeException>(() => a.Free(held, 3 * Page)).Reason);
        Assert.Equal(FreeError.Misaligned, a.TryFree(held + 1, Page).Error);
        Assert.Equal(FreeError.ForeignAddress, a.TryFree(16 * Page, Page).Error);
        Assert.Throws<InvalidSizeException>(() => a.Free(held, 0));
        Assert.Equal(RangeError.Misaligned, Assert.Throws<InvalidRangeException>(() => new BitmapFirstFitAllocator(1, Page)).Reason);
        Assert.Equal(RangeError.Empty, Assert.Throws<InvalidRangeException>(() => new BitmapFirstFitAllocator(0, 0)).Reason);
        Assert.Equal(before, a.AllocatedBytes);
        for (int i = 0; i < 14; i++) a.Allocate(Page);
        Assert.False(a.TryAllocate(Page, out _));
        Assert.Throws<HeapExhaustedException>(() => a.Allocate(Page));
        Assert.Equal(FreeError.OutsideRanges, a.TryFree(15 * Page, 2 * Page).Error);   // every page in range is allocated
        Assert.Equal(16 * Page, a.AllocatedBytes);
    }

    private sealed class Model(int pages)
    {
        public readonly bool[] Used = new bool[pages];
        public long Allocate(int n)
        {
            int align = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)n);
            for (int i = 0; i + n <= Used.Length; i += align)
            {
                bool free = true;
                for (int k = 0; k < n; k++) if (Used[i + k]) { free = false; break; }
                if (!free) continue;
                for (int k = 0; k < n; k++) Used[i + k] = true;
                return i;
            }
            return -1;
        }
    }

    /// <summary>Against a naive model: the same address for every allocation, the same refusals, exact accounting.</summary>
    [Fact]
    public void MatchesANaiveFirstFitModel() => Check.One(Runs, Prop.ForAll(Arb.From(
        from pages in Gen.Choose(1, 300)
        from ops in Gen.ListOf(Gen.Zip(Gen.Choose(0, 2), Gen.Choose(1, 40)))
        select (pages, ops.ToArray())), t =>
    {
        var a = new BitmapFirstFitAllocator(0x4000_0000, (ulong)t.pages * Page, Page, 64 * Page);
        var model = new Model(t.pages);
        var held = new List<(ulong Address, int Pages)>();
        foreach ((int kind, int n) in t.Item2)
        {
            if (kind < 2 || held.Count == 0)
            {
                long expected = model.Allocate(n);
                bool ok = a.TryAllocate((ulong)n * Page, out ulong address);
                Assert.Equal(expected >= 0, ok);
                if (ok)
                {
                    Assert.Equal(0x4000_0000UL + (ulong)expected * Page, address);
                    held.Add((address, n));
                }
            }
            else
            {
                (ulong address, int pages) = held[n % held.Count];
                held.RemoveAt(n % held.Count);
                a.Free(address, (ulong)pages * Page);
                for (int k = 0; k < pages; k++) model.Used[(int)((address - 0x4000_0000) / Page) + k] = false;
            }
            Assert.Equal((ulong)model.Used.Count(u => u) * Page, a.AllocatedBytes);
        }
    }));
}
