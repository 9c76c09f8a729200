using System.Diagnostics;
using System.Text;
using Verified.Buddy;
using Verified.Spec.Oracle;
using Xunit;
using Xunit.Abstractions;

namespace Verified.PropertyTests;

/// <summary>
/// The C# heap against the verified Dafny model (spec/*.dfy, compiled to C# in spec/oracle), side by side, operation
/// by operation. After every AddRange, Allocate and Free, bad inputs included, both must give the same outcome (the
/// same address, the same error reason and offending page), the same free lists (every order, head to tail), the same
/// accounting, and the heap's own invariant checker must find nothing. A divergence is shrunk to a short operation
/// sequence that is printed as the failure, with the seed that produced it.
/// </summary>
public sealed class DafnyOracleTests(ITestOutputHelper output)
{
    /// <summary>VERIFIED_PROPERTY_SCALE multiplies the number of runs (1 by default: about 5·10^4 operations).</summary>
    private static int Scale =>
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIED_PROPERTY_SCALE"), out int f) && f > 0 ? f : 1;

    /// <summary>VERIFIED_ORACLE_SEED replaces the fixed base seed, to explore other sequences.</summary>
    private static int BaseSeed =>
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIED_ORACLE_SEED"), out int s) ? s : 20_260_000;

    [Fact]
    public void HeapAgreesWithVerifiedModelOnEveryOperation()
    {
        int runs = 400 * Scale;
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var layouts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        long operations = 0;
        var orders = new SortedSet<int>();
        var reach = new OracleReach();
        var clock = Stopwatch.StartNew();
        for (int run = 0; run < runs; run++)
        {
            int seed = BaseSeed + run;
            OracleRun result = OracleRun.Random(seed, operationsPerRun: 130, reach: reach);
            operations += result.Operations.Count;
            orders.Add(result.Config.MaxOrder);
            layouts[result.Config.Layout] = layouts.GetValueOrDefault(result.Config.Layout) + 1;
            foreach (string kind in result.OutcomeKinds) outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
            if (result.Divergence is not null) Assert.Fail(result.Report(seed));
        }
        output.WriteLine($"{runs} runs, {operations} operations compared with the Dafny model in {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine("layouts: " + string.Join(", ", layouts.Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine("outcomes: " + string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine($"max orders K: {string.Join(" ", orders)}; {reach}");

        Assert.True(operations >= 10_000, $"only {operations} operations were compared");
        Assert.True(orders.SetEquals(Enumerable.Range(0, 30)), $"max orders not drawn: {string.Join(" ", Enumerable.Range(0, 30).Except(orders))}");
        Assert.True(reach.HighestFreeOrder > 10, $"no free block above order 10 ({reach})");
        Assert.True(reach.LargestRangePages >= 1UL << 16, $"no range of 2^16 pages or more ({reach})");
        string[] required =
        [
            "AddRange ok", "AddRange Misaligned", "AddRange Empty", "AddRange Wraps", "AddRange Overlaps",
            "Allocate ok", "Allocate InvalidSize", "Allocate Exhausted",
            "Free ok", "Free InvalidSize", "Free Misaligned", "Free ForeignAddress", "Free OutsideRanges", "Free NotAllocated",
        ];
        string[] missing = required.Where(kind => !outcomes.ContainsKey(kind)).ToArray();
        Assert.True(missing.Length == 0, "outcomes never exercised: " + string.Join(", ", missing));
    }

    /// <summary>The seeded defect "merging stops at order 11" (a test-only constructor of the heap) is caught by the default
    /// random runs above: the same seeds, run against the defective heap, must diverge from the model.</summary>
    [Fact]
    public void SeededMergeStopsAtOrder11IsCaught()
    {
        Func<OracleConfig, BuddyHeap> seeded = c => new BuddyHeap(c.PageSize, c.MaxBlock, seededMergeCeiling: 11);
        for (int run = 0; run < 400; run++)
        {
            OracleRun result = OracleRun.Random(BaseSeed + run, operationsPerRun: 130, makeHeap: seeded);
            if (result.Divergence is null) continue;
            output.WriteLine($"caught at run {run} (seed {BaseSeed + run}): {result.Report(BaseSeed + run)}");
            Assert.Contains("free list", result.Divergence, StringComparison.Ordinal);
            return;
        }
        Assert.Fail("the default runs did not catch a heap whose merging stops at order 11");
    }

    /// <summary>The capacity limit (C# only: the model has no record array). P = 2, K = 29: a range that takes exactly
    /// the records left is accepted by both and compared (lists, accounting, an allocation and its free); one more
    /// pair is refused by the heap with CapacityExceeded, which the model would accept, and the heap is unchanged.</summary>
    [Fact]
    public void RangeAtTheCapacityLimitAgreesWithTheModelAndOneMoreIsRefused()
    {
        var config = new OracleConfig(2, 29, "capacity limit");
        var step = new Lockstep(config, checkInvariantsEachStep: false);
        ulong P = config.PageSize;
        ulong sentinels = (ulong)config.MaxOrder + 1;
        ulong pairs = BuddyHeap.MaxRecords - sentinels;                 // every record left: pairs of pages
        ulong start = 1UL << 40;                                        // aligned far above order 29
        string Run(OracleOp op)
        {
            (string outcome, _, string? divergence) = step.Apply(op);
            Assert.True(divergence is null, $"{op}: {divergence}");
            return outcome;
        }
        Assert.Equal("ok", Run(new AddRange(start, 2 * pairs * P)));
        string first = Run(new Allocate(P));                      // the smallest fitting order: a block at the range's end
        Assert.StartsWith("ok 0x", first, StringComparison.Ordinal);
        Assert.StartsWith("ok", Run(new Allocate(9 * P)), StringComparison.Ordinal);     // 9 pages: order 4
        Assert.StartsWith("ok", Run(new Allocate(P << 12)), StringComparison.Ordinal);   // 2^12 pages: split from a large order
        Assert.Equal("CapacityExceeded", Run(new AddRange(start + 2 * pairs * P + 2 * P, 2 * P)));
        ulong firstAddress = Convert.ToUInt64(first[5..], 16);
        Assert.Equal("ok", Run(new Free(firstAddress, P)));
        Assert.Equal(RangeError.CapacityExceeded, step.Heap.CheckRange(start + 2 * pairs * P, 2 * P, out _));
        Assert.Empty(step.Heap.CheckInvariants());
        output.WriteLine($"range at the capacity limit: {2 * pairs} pages ({2 * pairs * P} bytes), largest order {config.MaxOrder}");
    }

    /// <summary>Fixed sequences at the places the contract singles out, each compared step by step.</summary>
    [Theory]
    [MemberData(nameof(DirectedCases))]
    public void HeapAgreesWithVerifiedModelOnDirectedSequences(string name, OracleConfig config, OracleOp[] ops)
    {
        OracleRun result = OracleRun.Replay(config, ops);
        Assert.True(result.Divergence is null, $"{name}: {result.Report(seed: null)}");
    }

    public static TheoryData<string, OracleConfig, OracleOp[]> DirectedCases()
    {
        const ulong P = 4096;
        ulong top = ulong.MaxValue - P + 1;   // the last page below 2^64
        return new TheoryData<string, OracleConfig, OracleOp[]>
        {
            {
                "adjacent ranges never merge",
                new OracleConfig(P, 2, "directed"),
                [new AddRange(0, 2 * P), new AddRange(2 * P, 2 * P), new Allocate(4 * P), new Allocate(2 * P), new Allocate(2 * P),
                 new Free(0, 2 * P), new Free(2 * P, 2 * P), new Allocate(4 * P), new Free(0, 4 * P)]
            },
            {
                "a span across two touching ranges",
                new OracleConfig(P, 3, "directed"),
                [new AddRange(0, 3 * P), new AddRange(3 * P, 5 * P), new Allocate(2 * P), new Allocate(P), new Allocate(4 * P),
                 new Allocate(P), new Free(0, 8 * P), new Allocate(8 * P)]
            },
            {
                "a range ending at 2^64, and spans running past it",
                new OracleConfig(P, 2, "directed"),
                [new AddRange(top - 5 * P, 6 * P), new Allocate(4 * P), new Allocate(2 * P), new Free(top, 2 * P),
                 new Free(top - P, 2 * P), new Free(top - 5 * P, ulong.MaxValue), new AddRange(top, P)]
            },
            {
                "tail pages are freed at once, partial frees merge back",
                new OracleConfig(P, 4, "directed"),
                [new AddRange(0, 16 * P), new Allocate(5 * P), new Allocate(3 * P + 1), new Free(2 * P, 2 * P), new Free(0, P),
                 new Free(P, P), new Free(4 * P, P), new Allocate(16 * P), new Free(8 * P, 3 * P), new Allocate(2 * P)]
            },
            {
                "bad inputs leave everything unchanged",
                new OracleConfig(P, 3, "directed"),
                [new AddRange(P, 7 * P), new AddRange(1, P), new AddRange(0, 0), new AddRange(ulong.MaxValue - P + 1, 2 * P),
                 new AddRange(4 * P, P), new Allocate(0), new Allocate(8 * P + 1), new Allocate(P), new Free(P + 1, P),
                 new Free(0, P), new Free(P, 0), new Free(P, 2 * P), new Free(7 * P, 2 * P), new Free(P, P), new Free(P, P)]
            },
            {
                "merging above order 10 (K = 12, one aligned block of 2^12 pages)",
                new OracleConfig(2, 12, "directed"),
                [new AddRange(0, 2UL << 12), new Allocate(2), new Allocate(6), new Free(0, 2), new Free(4, 6)]
            },
            {
                "K = 29 at P = 2 (M = 1 GiB): sparse use of a 2^20-page range",
                new OracleConfig(2, 29, "directed"),
                [new AddRange(1UL << 31, 2UL << 20), new Allocate(2), new Allocate(1UL << 30), new Allocate((1UL << 30) + 1),
                 new Free(1UL << 31, 2)]
            },
            {
                "no ranges at all",
                new OracleConfig(P, 0, "directed"),
                [new Allocate(1), new Free(0, 1), new AddRange(0, P), new Allocate(1), new Allocate(1), new Free(0, 1)]
            },
        };
    }
}

/// <summary>A page size, a max order, and the name of the range layout a run starts from.</summary>
public sealed record OracleConfig(ulong PageSize, int MaxOrder, string Layout)
{
    public ulong MaxBlock => PageSize << MaxOrder;

    public override string ToString() => $"P = {PageSize}, K = {MaxOrder} (M = {MaxBlock}), {Layout}";
}

/// <summary>One operation of a run; its text is the C# call that replays it.</summary>
public abstract record OracleOp;

public sealed record AddRange(ulong Start, ulong Length) : OracleOp
{
    public override string ToString() => $"AddRange(0x{Start:X}, 0x{Length:X})";
}

/// <summary>An allocation; <see cref="Throwing"/> uses Allocate instead of TryAllocate.</summary>
public sealed record Allocate(ulong Size, bool Throwing = false) : OracleOp
{
    public override string ToString() => $"{(Throwing ? "Allocate" : "TryAllocate")}({Size})";
}

/// <summary>A free; <see cref="Throwing"/> uses Free instead of TryFree.</summary>
public sealed record Free(ulong Address, ulong Size, bool Throwing = false) : OracleOp
{
    public override string ToString() => $"{(Throwing ? "Free" : "TryFree")}(0x{Address:X}, {Size})";
}

/// <summary>The heap and the model in lockstep: applies one operation to both and reports any difference.</summary>
internal sealed class Lockstep
{
    private readonly OracleConfig _config;
    private readonly bool _checkInvariants;

    /// <param name="config">The page size and max order of both.</param>
    /// <param name="makeHeap">Builds the heap under test (a heap with a seeded defect in the tests that must catch it).</param>
    /// <param name="checkInvariantsEachStep">Runs the heap's invariant checker after every step (O(records): the
    /// capacity-limit test, with 2^29 records, runs it once at the end instead).</param>
    public Lockstep(OracleConfig config, Func<OracleConfig, BuddyHeap>? makeHeap = null, bool checkInvariantsEachStep = true)
    {
        _config = config;
        _checkInvariants = checkInvariantsEachStep;
        Heap = makeHeap is null ? new BuddyHeap(config.PageSize, config.MaxBlock) : makeHeap(config);
        Model = new BuddyModelOracle(config.PageSize, config.MaxOrder);
    }

    /// <summary>The highest order with a free block after any step so far.</summary>
    public int HighestOrderSeen { get; private set; } = -1;

    public BuddyHeap Heap { get; }
    public BuddyModelOracle Model { get; }

    /// <summary>Runs <paramref name="op"/> on both; returns the model's outcome and, when they differ, why.</summary>
    public (string Outcome, ulong Value, string? Divergence) Apply(OracleOp op)
    {
        if (op is AddRange r && Heap.CheckRange(r.Start, r.Length, out _) == RangeError.CapacityExceeded)
            return CapacityExceeded(r);
        (string model, ulong value) = RunModel(op);
        string heap;
        try { heap = RunHeap(op); }
        catch (Exception e) when (e is not IHeapError) { heap = $"{e.GetType().Name}: {e.Message}"; }
        if (heap != model) return (model, value, $"{op}: heap gave \"{heap}\", the model \"{model}\"");
        return (model, value, CompareState());
    }

    /// <summary>CapacityExceeded is C# only (docs/contract.md): the model keeps no record array and would accept the
    /// range. The heap must refuse exactly when the range needs more buddy-pair records than are left (counted here
    /// from the ranges the model holds), the model must accept it, and nothing may change; the model is not run.</summary>
    private (string, ulong, string?) CapacityExceeded(AddRange r)
    {
        int shift = _config.MaxOrder == 0 ? 0 : 1;   // one record per pair of pages, per page when K = 0
        ulong P = _config.PageSize;
        ulong first = r.Start / P, last = first + r.Length / P - 1;
        ulong needed = (last >> shift) - (first >> shift) + 1;
        ulong used = (ulong)_config.MaxOrder + 1 + Model.RecordsForRanges(shift);
        if (needed <= BuddyHeap.MaxRecords - used)
            return ("CapacityExceeded", 0, $"{r}: heap refused with CapacityExceeded but {needed} records fit ({used} of {BuddyHeap.MaxRecords} used)");
        if (Model.CheckAddRange(r.Start, r.Length) != ModelError.None)
            return ("CapacityExceeded", 0, $"{r}: heap refused with CapacityExceeded, the model with {Model.CheckAddRange(r.Start, r.Length)}");
        string heap;
        try { Heap.AddRange(r.Start, r.Length); heap = "ok"; }
        catch (InvalidRangeException e) { heap = e.Reason.ToString(); }
        if (heap != "CapacityExceeded") return ("CapacityExceeded", 0, $"{r}: CheckRange said CapacityExceeded, AddRange {heap}");
        return ("CapacityExceeded", 0, CompareState());
    }

    private (string Outcome, ulong Value) RunModel(OracleOp op)
    {
        switch (op)
        {
            case AddRange a:
                ModelError e = Model.AddRange(a.Start, a.Length);
                return (e == ModelError.None ? "ok" : e.ToString(), 0);
            case Allocate a:
                (ModelError error, ulong address) = Model.Allocate(a.Size);
                return (error == ModelError.None ? $"ok 0x{address:X}" : error.ToString(), address);
            case Free f:
                (ModelError fe, ulong page) = Model.Free(f.Address, f.Size);
                return (fe == ModelError.None ? "ok" : $"{fe} page 0x{page:X}", page);
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    private string RunHeap(OracleOp op)
    {
        try
        {
            switch (op)
            {
                case AddRange a:
                    Heap.AddRange(a.Start, a.Length);
                    return "ok";
                case Allocate { Throwing: true } a:
                    return $"ok 0x{Heap.Allocate(a.Size):X}";
                case Allocate a:
                    return Heap.TryAllocate(a.Size, out ulong address) ? $"ok 0x{address:X}" : "Exhausted";
                case Free { Throwing: true } f:
                    Heap.Free(f.Address, f.Size);
                    return "ok";
                case Free f:
                    FreeResult result = Heap.TryFree(f.Address, f.Size);
                    return result.Succeeded ? "ok" : $"{result.Error} page 0x{result.OffendingPage:X}";
                default:
                    throw new ArgumentOutOfRangeException(nameof(op));
            }
        }
        catch (InvalidRangeException e) { return e.Reason.ToString(); }
        catch (InvalidSizeException) { return op is Free ? "InvalidSize page 0x0" : "InvalidSize"; }
        catch (HeapExhaustedException) { return "Exhausted"; }
        catch (InvalidFreeException e) { return $"{e.Reason} page 0x{e.OffendingPage:X}"; }
    }

    /// <summary>Null when the free lists, the accounting and the heap's invariant checker all agree with the model.
    /// The model is asked first: a divergence names what the heap got wrong, not only which invariant broke.</summary>
    public string? CompareState()
    {
        int largest = -1;
        for (int order = 0; order <= _config.MaxOrder; order++)
        {
            ulong[] heapList = Heap.FreeListAddresses(order);
            ulong[] modelList = Model.FreeList(order);
            bool same = heapList.Length == modelList.Length;
            for (int i = 0; same && i < heapList.Length; i++) same = heapList[i] == modelList[i] * _config.PageSize;
            if (!same)
                return $"free list {order}: heap [{Pages(heapList.Select(a => a / _config.PageSize))}], " +
                       $"model [{Pages(modelList)}] (page numbers, head first)";
            if (modelList.Length > 0) largest = order;
        }
        HighestOrderSeen = Math.Max(HighestOrderSeen, largest);
        ulong allocated = Model.AllocatedPages * _config.PageSize, total = Model.TotalPages * _config.PageSize;
        if (Heap.AllocatedBytes != allocated) return $"AllocatedBytes: heap {Heap.AllocatedBytes}, model {allocated}";
        if (Heap.TotalBytes != total) return $"TotalBytes: heap {Heap.TotalBytes}, model {total}";
        if (Heap.FreeBytes != total - allocated) return $"FreeBytes: heap {Heap.FreeBytes}, model {total - allocated}";
        ulong largestBytes = largest < 0 ? 0 : _config.PageSize << largest;
        if (Heap.LargestFreeBlockBytes != largestBytes)
            return $"LargestFreeBlockBytes: heap {Heap.LargestFreeBlockBytes}, model {largestBytes}";
        if (!_checkInvariants) return null;
        IReadOnlyList<InvariantViolation> violations = Heap.CheckInvariants();
        return violations.Count > 0 ? "heap invariant checker: " + string.Join("; ", violations) : null;
    }

    private static string Pages(IEnumerable<ulong> pages) => string.Join(" ", pages.Select(p => $"0x{p:X}"));
}

/// <summary>How far the runs reached: the highest order that held a free block (after a split, a merge or a carve),
/// and the largest range added.</summary>
internal sealed class OracleReach
{
    public int HighestFreeOrder { get; private set; } = -1;
    public ulong LargestRangePages { get; private set; }
    public ulong LargestRangeBytes { get; private set; }

    public void Order(int order) => HighestFreeOrder = Math.Max(HighestFreeOrder, order);

    public void Range(ulong pages, ulong bytes)
    {
        if (pages > LargestRangePages) { LargestRangePages = pages; LargestRangeBytes = bytes; }
    }

    public override string ToString() =>
        $"highest order with a free block: {HighestFreeOrder}; largest range: {LargestRangePages} pages ({LargestRangeBytes} bytes)";
}

/// <summary>One run: the operations applied, the outcomes seen, and the first divergence (shrunk), if any.</summary>
internal sealed class OracleRun
{
    private OracleRun(OracleConfig config, List<OracleOp> operations, List<string> outcomeKinds, string? divergence)
    {
        Config = config; Operations = operations; OutcomeKinds = outcomeKinds; Divergence = divergence;
    }

    public OracleConfig Config { get; }
    public List<OracleOp> Operations { get; }
    public List<string> OutcomeKinds { get; }
    public string? Divergence { get; }

    /// <summary>Replays fixed operations; stops at the first divergence.</summary>
    public static OracleRun Replay(OracleConfig config, IReadOnlyList<OracleOp> ops, Func<OracleConfig, BuddyHeap>? makeHeap = null)
    {
        var step = new Lockstep(config, makeHeap);
        var done = new List<OracleOp>();
        var kinds = new List<string>();
        string? divergence = step.CompareState();
        foreach (OracleOp op in ops)
        {
            if (divergence is not null) break;
            done.Add(op);
            (string outcome, _, divergence) = step.Apply(op);
            kinds.Add(Kind(op, outcome));
        }
        return new OracleRun(config, done, kinds, divergence);
    }

    /// <summary>A random run from <paramref name="seed"/>: a configuration, a layout, then a mix of operations chosen
    /// from the model's state (live allocations, allocated runs, free heads, gaps), bad inputs included.</summary>
    public static OracleRun Random(int seed, int operationsPerRun, Func<OracleConfig, BuddyHeap>? makeHeap = null,
        OracleReach? reach = null)
    {
        var rng = new Random(seed);
        var generator = new OracleGenerator(rng);
        (OracleConfig config, List<OracleOp> layout) = generator.Configuration(wide: seed % 2 == 1, wideOrder: seed / 2 % 30);
        var step = new Lockstep(config, makeHeap);
        var done = new List<OracleOp>();
        var kinds = new List<string>();
        string? divergence = null;
        for (int i = 0; divergence is null && i < layout.Count + operationsPerRun; i++)
        {
            OracleOp op = i < layout.Count ? layout[i] : generator.Next(config, step.Model);
            done.Add(op);
            (string outcome, ulong value, divergence) = step.Apply(op);
            generator.Observe(op, outcome, value);
            kinds.Add(Kind(op, outcome));
            if (op is AddRange a && outcome == "ok") reach?.Range(a.Length / config.PageSize, a.Length);
        }
        reach?.Order(step.HighestOrderSeen);
        if (divergence is not null)
        {
            List<OracleOp> shrunk = Shrink(config, done, makeHeap);
            OracleRun minimal = Replay(config, shrunk, makeHeap);
            return new OracleRun(config, minimal.Operations, kinds, minimal.Divergence);
        }
        return new OracleRun(config, done, kinds, null);
    }

    /// <summary>Removes operations, largest chunks first, while the replay still diverges.</summary>
    private static List<OracleOp> Shrink(OracleConfig config, List<OracleOp> ops, Func<OracleConfig, BuddyHeap>? makeHeap)
    {
        var current = new List<OracleOp>(ops);
        for (int chunk = Math.Max(1, current.Count / 2); chunk >= 1; chunk /= 2)
        {
            for (int start = 0; start < current.Count;)
            {
                var candidate = new List<OracleOp>(current);
                candidate.RemoveRange(start, Math.Min(chunk, current.Count - start));
                if (candidate.Count > 0 && Replay(config, candidate, makeHeap).Divergence is not null) current = candidate;
                else start += chunk;
            }
        }
        return current;
    }

    private static string Kind(OracleOp op, string outcome) =>
        $"{op switch { AddRange => "AddRange", Allocate => "Allocate", _ => "Free" }} {outcome.Split(' ')[0]}";

    public string Report(int? seed)
    {
        var text = new StringBuilder();
        text.AppendLine($"The heap and the Dafny model diverge{(seed is null ? "" : $" (seed {seed})")}: {Divergence}");
        text.AppendLine($"  new BuddyHeap({Config.PageSize}, {Config.MaxBlock})   // {Config}");
        foreach (OracleOp op in Operations) text.AppendLine($"  {op}");
        return text.ToString();
    }
}

/// <summary>Chooses configurations, layouts and the next operation from what the model holds now.</summary>
internal sealed class OracleGenerator(Random rng)
{
    private const int PageBudget = 2500;   // pages per run: the compiled model keeps every allocated page in a set
    private readonly List<(ulong Address, ulong Size)> _live = [];     // successful allocations not yet freed whole
    private readonly List<(ulong Start, ulong Length)> _ranges = [];   // accepted ranges, in bytes

    private bool _sparse;   // a wide configuration: only small allocations, so the model's page set stays small

    /// <summary>A configuration and its initial ranges. A wide one (every other run) has the max order
    /// <paramref name="wideOrder"/> (0..29), a page size from 2 B up to 1 GiB / 2^K, and large naturally aligned ranges
    /// (2^11 to 2^20 pages, at most 2^(K+4)) that are used sparsely: blocks of orders above 10 split and merge.</summary>
    public (OracleConfig, List<OracleOp>) Configuration(bool wide, int wideOrder)
    {
        if (wide) return WideConfiguration(wideOrder);
        ulong pageSize = Pick(2UL, 512UL, 4096UL, 4096UL, 65536UL);
        int maxOrder = Pick(0, 1, 2, 3, 4, 5, 7, 10);
        ulong block = 1UL << maxOrder;
        ulong span = Math.Min(6 * block, PageBudget);
        ulong topPage = ulong.MaxValue / pageSize;   // the last page below 2^64
        var pages = new List<(ulong First, ulong Pages)>();
        string layout;
        switch (rng.Next(7))
        {
            case 0:
                layout = "one aligned range";
                pages.Add(((ulong)rng.Next(0, 5) * block, block * (ulong)rng.Next(1, (int)Math.Max(2, Math.Min(5, PageBudget / block)))));
                break;
            case 1:
                layout = "one unaligned range";
                pages.Add((Page(0, 3 * block + 5), Page(1, span)));
                break;
            case 2:
                layout = "touching ranges";
                ulong first = Page(0, 2 * block);
                for (int i = rng.Next(2, 5); i > 0; i--) { ulong n = Page(1, Math.Max(1, span / 3)); pages.Add((first, n)); first += n; }
                break;
            case 3:
                layout = "ranges with gaps";
                ulong at = Page(0, 3);
                for (int i = rng.Next(3, 15); i > 0; i--) { ulong n = Page(1, 2 * block + 1); pages.Add((at, n)); at += n + Page(1, block + 2); }
                break;
            case 4:
                layout = "range ending at 2^64";
                ulong count = Page(1, Math.Min(3 * block, PageBudget));
                pages.Add((topPage - count + 1, count));
                break;
            case 5:
                layout = "touching ranges, added in descending order";
                ulong upper = Page(block, 4 * block + 2);
                for (int i = rng.Next(2, 4); i > 0 && upper > 0; i--) { ulong n = Math.Min(upper, Page(1, 2 * block)); upper -= n; pages.Add((upper, n)); }
                break;
            default:
                layout = "empty, ranges added as it runs";
                break;
        }
        var ops = pages.Select(r => (OracleOp)new AddRange(r.First * pageSize, r.Pages * pageSize)).ToList();
        return (new OracleConfig(pageSize, maxOrder, layout), ops);
    }

    private (OracleConfig, List<OracleOp>) WideConfiguration(int maxOrder)
    {
        _sparse = true;
        ulong pageSize = 2UL << rng.Next(0, 30 - maxOrder);   // 2 B .. 2^(30 - K) B, so that P * 2^K <= 1 GiB
        // 2^11 .. 2^20 pages per range, but at most 2^(K+4): the lists are compared in full after every step
        int rangeOrder = Math.Min(rng.Next(11, 21), maxOrder + 4);
        ulong pages = 1UL << rangeOrder;
        ulong align = 1UL << Math.Max(rangeOrder, maxOrder);
        var ops = new List<OracleOp>();
        string layout;
        ulong first = align * (ulong)rng.Next(1, 4);
        switch (rng.Next(3))
        {
            case 0:
                layout = "wide: one large aligned range";
                ops.Add(new AddRange(first * pageSize, pages * pageSize));
                break;
            case 1:
                layout = "wide: a large aligned range and an unaligned one above it";
                ops.Add(new AddRange(first * pageSize, pages * pageSize));
                ops.Add(new AddRange((first + pages + Page(1, 64)) * pageSize, Page(1, 3000) * pageSize));
                break;
            default:
                layout = "wide: two touching large ranges";
                ops.Add(new AddRange(first * pageSize, pages * pageSize));
                ops.Add(new AddRange((first + pages) * pageSize, (pages / 2 + Page(0, 7)) * pageSize));
                break;
        }
        return (new OracleConfig(pageSize, maxOrder, layout), ops);
    }

    /// <summary>Records what an operation did, so later frees can name live allocations and ranges.</summary>
    public void Observe(OracleOp op, string outcome, ulong value)
    {
        if (!outcome.StartsWith("ok", StringComparison.Ordinal)) return;
        switch (op)
        {
            case AddRange a:
                _ranges.Add((a.Start, a.Length));
                break;
            case Allocate a:
                _live.Add((value, a.Size));
                break;
        }
    }

    public OracleOp Next(OracleConfig config, BuddyModelOracle model)
    {
        ulong P = config.PageSize, M = config.MaxBlock;
        int roll = rng.Next(100);
        if (roll < 42) return new Allocate(AllocationSize(P, config.MaxOrder), Throwing: rng.Next(4) == 0);
        if (roll < 45) return new Allocate(Pick(0UL, M + 1, M + P, ulong.MaxValue), Throwing: rng.Next(2) == 0);
        if (roll < 90 && _live.Count > 0) return FreeSomething(P, model);
        if (roll < 95) return BadFree(P, model);
        return NewRange(P, config.MaxOrder);
    }

    private OracleOp FreeSomething(ulong P, BuddyModelOracle model)
    {
        int i = rng.Next(_live.Count);
        (ulong address, ulong size) = _live[i];
        ulong pages = (size + P - 1) / P;
        switch (rng.Next(10))
        {
            case < 6:   // the whole allocation, by its size or by whole pages
                _live.RemoveAt(i);
                return new Free(address, rng.Next(2) == 0 ? size : pages * P, Throwing: rng.Next(3) == 0);
            case < 9:   // a run of allocated pages starting inside the allocation: split frees, spans across allocations
            {
                ulong first = address / P + (ulong)rng.NextInt64(0, (long)pages);
                ulong run = AllocatedRun(model, first, 4096);
                if (run == 0) return new Free(first * P, P);
                ulong length = (ulong)rng.NextInt64(1, (long)run + 1);
                ulong shortBy = Pick(0UL, 0UL, 1UL, P - 1);
                return new Free(first * P, length * P - Math.Min(shortBy, length * P - 1));
            }
            default:    // past the allocated pages: partly free, or off the end of a range
            {
                ulong run = AllocatedRun(model, address / P, 4096);
                return new Free(address, (run + (ulong)rng.Next(1, 4)) * P);
            }
        }
    }

    private OracleOp BadFree(ulong P, BuddyModelOracle model)
    {
        switch (rng.Next(7))
        {
            case 0:   // size 0
                return new Free(_live.Count > 0 ? _live[0].Address : 0, 0, Throwing: rng.Next(2) == 0);
            case 1:   // misaligned
                return new Free((_live.Count > 0 ? _live[rng.Next(_live.Count)].Address : 0) + (ulong)rng.NextInt64(1, (long)P), P);
            case 2:   // a free block: double free
                for (int order = 0; order <= 30; order++)
                {
                    ulong[] heads = order <= model.MaxOrder ? model.FreeList(order) : [];
                    if (heads.Length > 0) return new Free(heads[rng.Next(heads.Length)] * P, (ulong)rng.Next(1, 5) * P);
                }
                return new Free(0, P);
            case 3:   // beyond every range, or in a gap between two
            {
                if (_ranges.Count == 0) return new Free((ulong)rng.Next(0, 8) * P, P);
                (ulong start, ulong length) = _ranges[rng.Next(_ranges.Count)];
                if (start >= ulong.MaxValue - length - 4 * P) return new Free(start - P, P);   // a range ending near 2^64
                return new Free(start + length + (ulong)rng.Next(0, 3) * P, P, Throwing: true);
            }
            case 4:   // the last pages of a range and one past it
            {
                if (_ranges.Count == 0) return new Free(0, 2 * P);
                (ulong start, ulong length) = _ranges[rng.Next(_ranges.Count)];
                ulong back = Math.Min(length, (ulong)rng.Next(1, 4) * P);
                return new Free(start + (length - back), back + P);
            }
            case 5:   // a size that runs past 2^64
                return new Free(_live.Count > 0 ? _live[rng.Next(_live.Count)].Address : 0, ulong.MaxValue);
            default:  // the whole of a range: free pages inside
            {
                if (_ranges.Count == 0) return new Free(0, P);
                (ulong start, ulong length) = _ranges[rng.Next(_ranges.Count)];
                return new Free(start, length);
            }
        }
    }

    private OracleOp NewRange(ulong P, int maxOrder)
    {
        ulong block = 1UL << maxOrder;
        // The end of the highest range, leaving out one that ends near 2^64.
        ulong end = _ranges.Where(r => r.Start < ulong.MaxValue - r.Length - (1UL << 40))
            .Select(r => r.Start + r.Length).DefaultIfEmpty(0UL).Max();
        ulong budget = (ulong)Math.Max(1, PageBudget / 4);
        switch (rng.Next(10))
        {
            case < 3:   // touching the highest range
                return new AddRange(end, Page(1, Math.Min(3 * block, budget)) * P);
            case < 5:   // after a gap
                return new AddRange(end + Page(1, block + 3) * P, Page(1, Math.Min(3 * block, budget)) * P);
            case 5:
                return new AddRange(end + (ulong)rng.NextInt64(1, (long)P), P);   // misaligned start
            case 6:
                return new AddRange(end, rng.Next(2) == 0 ? 0 : P + 1);          // empty or misaligned length
            case 7:
                return new AddRange(ulong.MaxValue - P + 1, Page(2, 4) * P);     // wraps past 2^64
            default:    // overlaps an existing range, or (with none yet) a fresh one
                if (_ranges.Count == 0) return new AddRange(0, Page(1, Math.Min(3 * block, budget)) * P);
                (ulong start, ulong length) = _ranges[rng.Next(_ranges.Count)];
                return new AddRange(start + length - P, 2 * P);
        }
    }

    private ulong AllocationSize(ulong P, int maxOrder)
    {
        ulong M = P << maxOrder, pages = 1UL << maxOrder;
        if (_sparse)   // at most 64 pages, sometimes exactly M (Exhausted unless a whole block of order K is free)
            return rng.Next(20) == 0 && maxOrder <= 12 ? M : P * Page(1, Math.Min(64, pages)) - (ulong)rng.Next(0, 2) * Math.Min(P - 1, 1);
        return rng.Next(5) switch
        {
            0 => (ulong)rng.NextInt64(1, (long)M + 1),
            1 => P << rng.Next(0, maxOrder + 1),
            2 => P * Page(1, pages),
            3 => P * Page(1, pages) - 1,
            _ => (ulong)rng.NextInt64(1, (long)Math.Min(P, 64) + 1),
        };
    }

    private static ulong AllocatedRun(BuddyModelOracle model, ulong page, ulong cap)
    {
        ulong run = 0;
        while (run < cap && page + run < ulong.MaxValue && model.IsAllocated(page + run)) run++;
        return run;
    }

    private ulong Page(ulong min, ulong max) => (ulong)rng.NextInt64((long)min, (long)Math.Max(min, max) + 1);

    private T Pick<T>(params T[] values) => values[rng.Next(values.Length)];
}
