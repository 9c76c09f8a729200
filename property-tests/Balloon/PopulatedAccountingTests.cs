using FsCheck;
using FsCheck.Fluent;
using Verified.Balloon;
using Verified.Memory;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>The populated count kept page by page (<see cref="PopulatedPageSet"/>, kept by <see cref="GuestMemory"/>)
/// equals the kernel's answer (<c>mincore</c>) on real memory after any mix of touches, writes and discards, and a
/// write behind the class's back is what the cross-check catches.</summary>
public sealed class PopulatedAccountingTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true);
    private const ulong Page = GuestMemory.GuestPageSize;
    private const ulong Pages = 2048;   // 8 MiB

    /// <summary>One step of a script: 0 touch, 1 write, 2 discard, over pages [first, first + count).</summary>
    private static Gen<(int Kind, int First, int Count)[]> Script() =>
        Gen.ListOf(
            from kind in Gen.Choose(0, 2)
            from first in Gen.Choose(0, (int)Pages - 1)
            from count in Gen.Choose(1, 300)
            select (kind, first, Math.Min(count, (int)Pages - first))).Select(l => l.ToArray());

    private static void Apply(GuestMemory memory, bool[] model, (int Kind, int First, int Count) step)
    {
        ulong address = (ulong)step.First * Page, length = (ulong)step.Count * Page;
        switch (step.Kind)
        {
            case 0: memory.Touch(address + 17, length - 17); break;                      // unaligned: still whole pages
            case 1: memory.Write(address + 4000, new byte[(int)Math.Min(length - 4000, 9000)]); break;
            default: memory.Discard(address, length); break;
        }
        ulong firstPage = step.Kind == 1 ? (address + 4000) / Page : (ulong)step.First;
        ulong endPage = step.Kind == 1 ? (address + 4000 + Math.Min(length - 4000, 9000) - 1) / Page + 1 : (ulong)(step.First + step.Count);
        for (ulong p = firstPage; p < endPage; p++) model[p] = step.Kind != 2;
    }

    [Fact]
    public void OnRealMemory_TheKeptCountEqualsMincore_AfterAnyScript()
    {
        Assert.True(OperatingSystem.IsLinux(), "the real backing needs Linux; this suite runs there");
        Check.One(Runs, Prop.ForAll(Arb.From(Script()), script =>
        {
            using GuestMemory memory = GuestMemory.Create(Pages * Page, BackingKind.Real, out string? why);
            Assert.True(why is null, why);
            Assert.Equal(BackingKind.Real, memory.Kind);
            var model = new bool[Pages];
            foreach (var step in script) Apply(memory, model, step);

            ulong expected = (ulong)model.Count(p => p) * Page;
            Assert.Equal(expected, memory.PopulatedBytes());
            Assert.Equal(memory.MeasurePopulatedBytes(), memory.PopulatedBytes());   // mincore over the whole guest
            var bits = new ulong[Pages / 64];
            memory.CopyPopulatedBits(bits);
            var resident = new bool[Pages];
            memory.GetPopulated(0, resident);                                        // mincore page by page
            for (ulong p = 0; p < Pages; p++)
            {
                bool kept = (bits[p / 64] & (1UL << (int)(p % 64))) != 0;
                Assert.True(kept == resident[p] && kept == model[p], $"page {p}: kept {kept}, mincore {resident[p]}, model {model[p]}");
            }
        }));
    }

    [Fact]
    public void OnSimulatedMemory_TheKeptCountFollowsTheModel_AndTouchedPagesStoreNoBytes()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(Script()), script =>
        {
            var memory = new SimulatedGuestMemory(Pages * Page);
            var model = new bool[Pages];
            foreach (var step in script) Apply(memory, model, step);
            Assert.Equal((ulong)model.Count(p => p) * Page, memory.PopulatedBytes());
            Assert.Equal(memory.PopulatedBytes(), memory.MeasurePopulatedBytes());
            for (ulong p = 0; p < Pages; p += 7) Assert.Equal(model[p], memory.IsPopulated(p * Page));
        }));

        var m = new SimulatedGuestMemory(64 * Page);
        m.Touch(0, 64 * Page);
        Assert.Equal(0UL, m.StoredPages);                       // a touch keeps a bit, not a page
        Assert.Equal(0u, m.ReadUInt32(0));                      // and changes no byte
        m.WriteUInt32(8 * Page + 8, 0xDEADBEEF);
        Assert.Equal(1UL, m.StoredPages);
        Assert.Equal(0u, m.ReadUInt32(8 * Page));               // the rest of a touched page reads as zeros after a write
        Assert.Equal(0xDEADBEEFu, m.ReadUInt32(8 * Page + 8));
        m.Discard(8 * Page, Page);
        Assert.Equal(0UL, m.StoredPages);
        Assert.Equal(0u, m.ReadUInt32(8 * Page + 8));
    }

    [Fact]
    public void AWriteBehindTheClassesBack_IsWhatTheCrossCheckSees()
    {
        Assert.True(MappedGuestMemory.TryCreate(64 * Page, out MappedGuestMemory? real, out string? why), why);
        using MappedGuestMemory memory = real!;
        memory.Touch(0, 4 * Page);
        Assert.Equal(memory.MeasurePopulatedBytes(), memory.PopulatedBytes());
        unsafe { memory.Mapping.Pointer[10 * Page] = 1; }      // populated, but not through GuestMemory
        Assert.Equal(4 * Page, memory.PopulatedBytes());
        Assert.Equal(5 * Page, memory.MeasurePopulatedBytes());
    }

    [Fact]
    public void PopulatedPageSet_MatchesANaiveSet_AndRefusesPagesOutside()
    {
        Check.One(Runs, Prop.ForAll(Arb.From(Gen.ListOf(
            from mark in Gen.Elements(true, false)
            from first in Gen.Choose(0, 299)
            from count in Gen.Choose(0, 200)
            select (mark, first, count))), ops =>
        {
            var set = new PopulatedPageSet(300);
            var model = new bool[300];
            foreach ((bool mark, int first, int count) in ops)
            {
                int n = Math.Min(count, 300 - first);
                int changed = Enumerable.Range(first, n).Count(p => model[p] != mark);
                ulong reported = mark ? set.Mark((ulong)first, (ulong)n) : set.Clear((ulong)first, (ulong)n);
                Assert.Equal((ulong)changed, reported);
                for (int p = first; p < first + n; p++) model[p] = mark;
                Assert.Equal((ulong)model.Count(b => b), set.Count);
                Assert.Equal(set.Count, set.CountBits());
            }
            for (int p = 0; p < 300; p++) Assert.Equal(model[p], set.Contains((ulong)p));
        }));

        var s = new PopulatedPageSet(100);
        s.Mark(10, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Mark(90, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Clear(101, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Contains(100));
        Assert.Throws<ArgumentException>(() => s.CopyTo(new ulong[1]));
        Assert.Equal(5UL, s.Count);                             // refusals changed nothing
        Assert.Equal(5UL, s.CountBits());
    }

    [Fact]
    public void ConcurrentMarksAndClears_KeepTheCountEqualToTheBits()
    {
        var set = new PopulatedPageSet(4096);
        Parallel.For(0, 8, t =>
        {
            var random = new Random(t);
            for (int i = 0; i < 20_000; i++)
            {
                ulong first = (ulong)random.Next(4000), count = (ulong)random.Next(1, 96);
                if (random.Next(2) == 0) set.Mark(first, count); else set.Clear(first, count);
            }
        });
        Assert.Equal(set.CountBits(), set.Count);
    }
}
