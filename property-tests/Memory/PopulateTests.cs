using FsCheck;
using FsCheck.Fluent;
using Verified.Memory;
using Xunit;

namespace Verified.PropertyTests.Memory;

/// <summary><see cref="ReservedMapping.Populate"/>: <c>madvise(MADV_POPULATE_WRITE)</c> leaves exactly the pages resident
/// that writing one byte into each would, changes no byte, and when the kernel does not know the advice (<c>EINVAL</c>,
/// a kernel before 5.14) falls back to writing each page, with the same result.</summary>
public sealed unsafe class PopulateTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(40).WithQuietOnSuccess(true);
    private static readonly ulong Page = ReservedMapping.SystemPageSize;
    private const int Pages = 512;
    private const int UnknownAdvice = 12345;   // no kernel defines it: madvise answers EINVAL, as a pre-5.14 kernel does for POPULATE_WRITE

    private static Gen<(int First, int Count)[]> Ranges() =>
        Gen.ListOf(
            from first in Gen.Choose(0, Pages - 1)
            from count in Gen.Choose(1, 80)
            select (first, Math.Min(count, Pages - first))).Select(l => l.ToArray());

    private static bool[] Resident(ReservedMapping mapping)
    {
        var resident = new bool[Pages];
        mapping.GetResident(0, resident);
        return resident;
    }

    [Fact]
    public void Populate_LeavesResidentWhatTouchingLeaves_WithEitherMethod()
    {
        Assert.True(ReservedMapping.IsSupported, "the real backing needs Linux; this suite runs there");
        foreach (bool fallback in new[] { false, true })
        {
            Check.One(Runs, Prop.ForAll(Arb.From(Ranges()), ranges =>
            {
                using ReservedMapping populated = ReservedMapping.Reserve((ulong)Pages * Page, accessible: true);
                using ReservedMapping touched = ReservedMapping.Reserve((ulong)Pages * Page, accessible: true);
                if (fallback) populated.PopulateAdvice = UnknownAdvice;
                foreach ((int first, int count) in ranges)
                {
                    PopulateMethod method = populated.Populate((ulong)first * Page, (ulong)count * Page);
                    Assert.Equal(fallback ? PopulateMethod.WriteEachPage : PopulateMethod.PopulateWrite, method);
                    for (int p = first; p < first + count; p++) touched.Pointer[(ulong)p * Page] = 1;
                }
                Assert.Equal(Resident(touched), Resident(populated));
                Assert.Equal(touched.ResidentBytes(), populated.ResidentBytes());
                for (ulong at = 0; at < (ulong)Pages * Page; at += 97) Assert.Equal(0, populated.Pointer[at]);   // no byte changed
            }));
        }
    }

    [Fact]
    public void Populate_KeepsWhatWasWritten()
    {
        foreach (bool fallback in new[] { false, true })
        {
            using ReservedMapping mapping = ReservedMapping.Reserve(8 * Page, accessible: true);
            if (fallback) mapping.PopulateAdvice = UnknownAdvice;
            for (ulong at = 0; at < 4 * Page; at += 8) *(ulong*)(mapping.Pointer + at) = at * 2654435761UL + 1;
            mapping.Populate(0, 8 * Page);
            for (ulong at = 0; at < 4 * Page; at += 8) Assert.Equal(at * 2654435761UL + 1, *(ulong*)(mapping.Pointer + at));
            for (ulong at = 4 * Page; at < 8 * Page; at++) Assert.Equal(0, mapping.Pointer[at]);
            Assert.Equal(8 * Page, mapping.ResidentBytes());
        }
    }

    [Fact]
    public void AnUnknownAdvice_SwitchesTheMappingToWritingEachPage_Once()
    {
        using ReservedMapping mapping = ReservedMapping.Reserve(16 * Page, accessible: true);
        Assert.Equal(PopulateMethod.PopulateWrite, mapping.PopulateMethod);
        Assert.Equal(PopulateMethod.PopulateWrite, mapping.Populate(0, 2 * Page));
        mapping.PopulateAdvice = UnknownAdvice;
        Assert.Equal(PopulateMethod.WriteEachPage, mapping.Populate(4 * Page, 3 * Page));
        Assert.Equal(PopulateMethod.WriteEachPage, mapping.PopulateMethod);
        mapping.PopulateAdvice = 23;   // even a kernel that knows it again is not asked: the mapping remembers
        Assert.Equal(PopulateMethod.WriteEachPage, mapping.Populate(10 * Page, Page));
        Assert.Equal(6 * Page, mapping.ResidentBytes());
    }

    [Fact]
    public void AnUncommittedRange_IsRefused_NotMistakenForAnOldKernel()
    {
        // EINVAL here means "not writable", not "advice unknown": the zero-length probe tells them apart.
        using ReservedMapping mapping = ReservedMapping.Reserve(16 * Page, accessible: false);
        mapping.Commit(0, 4 * Page);
        var e = Assert.Throws<InvalidOperationException>(() => mapping.Populate(2 * Page, 4 * Page));
        Assert.Contains("MADV_POPULATE_WRITE", e.Message);
        Assert.Contains("errno 22", e.Message);
        Assert.Equal(PopulateMethod.PopulateWrite, mapping.PopulateMethod);
        Assert.Equal(PopulateMethod.PopulateWrite, mapping.Populate(0, 4 * Page));
        Assert.Equal(4 * Page, mapping.ResidentBytes());
    }

    [Fact]
    public void AMisalignedOrOutsideRange_IsRefused_WithNothingPopulated()
    {
        using ReservedMapping mapping = ReservedMapping.Reserve(4 * Page, accessible: true);
        Assert.Equal("offset", Assert.Throws<ArgumentException>(() => mapping.Populate(1, Page)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentException>(() => mapping.Populate(0, Page + 1)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => mapping.Populate(2 * Page, 4 * Page)).ParamName);
        Assert.Equal(0UL, mapping.ResidentBytes());
    }
}
