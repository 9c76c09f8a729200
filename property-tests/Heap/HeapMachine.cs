using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using Verified.Buddy;

namespace Verified.PropertyTests.Heap;

/// <summary>The outcome of one operation, comparable between the heap and the reference model.</summary>
internal readonly record struct Outcome(string Text)
{
    public static Outcome Address(ulong address) => new($"ok 0x{address:X}");
    public static readonly Outcome Ok = new("ok");
    public static Outcome Error(string kind, string reason = "", ulong page = 0) => new($"{kind} {reason} page=0x{page:X}");
    public override string ToString() => Text;
}

/// <summary>The model of one run: the reference heap, the live allocations (for generating frees) and the expected
/// outcome of the last operation. Operations never mutate a model; they clone it.</summary>
internal sealed class HeapModel
{
    public required ReferenceHeap Heap { get; init; }
    public List<(ulong Address, ulong Size)> Live { get; init; } = [];
    public Outcome Expected { get; init; }

    public override string ToString() => $"model: {Heap.Allocated.Count} pages allocated, {Live.Count} live allocations";

    public HeapModel With(ReferenceHeap heap, List<(ulong, ulong)> live, Outcome expected) =>
        new() { Heap = heap, Live = live, Expected = expected };
}

/// <summary>A heap configuration and its initial ranges (in pages), as the setup of one run.</summary>
internal sealed record HeapConfig(ulong PageSize, int MaxOrder, string Layout, (ulong FirstPage, ulong Pages)[] Ranges)
{
    public override string ToString() =>
        $"P={PageSize} K={MaxOrder} {Layout}: " + string.Join(", ", Ranges.Select(r => $"[{r.FirstPage},+{r.Pages})"));
}

internal sealed class HeapSetup(HeapConfig config) : Setup<BuddyHeap, HeapModel>
{
    public override BuddyHeap Actual()
    {
        var heap = new BuddyHeap(config.PageSize, config.PageSize << config.MaxOrder);
        foreach (var (first, pages) in config.Ranges) heap.AddRange(first * config.PageSize, pages * config.PageSize);
        return heap;
    }

    public override HeapModel Model()
    {
        var reference = new ReferenceHeap(config.PageSize, config.MaxOrder);
        foreach (var (first, pages) in config.Ranges) reference.AddRange(first * config.PageSize, pages * config.PageSize);
        return new HeapModel { Heap = reference, Expected = Outcome.Ok };
    }

    public override string ToString() => config.ToString();
}

/// <summary>
/// Random AddRange / Allocate / Free sequences against <see cref="ReferenceHeap"/>: every returned address, every
/// error, every free list (head to tail) and the accounting must agree after every operation, and the invariant
/// checker must stay clean.
/// </summary>
internal sealed class HeapMachine(int maxOperations) : Machine<BuddyHeap, HeapModel>(maxOperations)
{
    public override Arbitrary<Setup<BuddyHeap, HeapModel>> Setup =>
        Arb.From(HeapGenerators.Config().Select(c => (Setup<BuddyHeap, HeapModel>)new HeapSetup(c)));

    public override Gen<Operation<BuddyHeap, HeapModel>> Next(HeapModel model)
    {
        ReferenceHeap heap = model.Heap;
        ulong p = heap.PageSize, m = heap.MaxBlockSize;
        var allocate = HeapGenerators.AllocationSize(p, m).Select(s => (Operation<BuddyHeap, HeapModel>)new AllocateOp(s));
        var badAllocate = Gen.Elements(0UL, m + 1, m + p, ulong.MaxValue).Select(s => (Operation<BuddyHeap, HeapModel>)new AllocateOp(s));
        var free = HeapGenerators.FreeSpan(model).Select(f => (Operation<BuddyHeap, HeapModel>)new FreeOp(f.Address, f.Size));
        var addRange = HeapGenerators.NewRange(heap).Select(r => (Operation<BuddyHeap, HeapModel>)new AddRangeOp(r.Start, r.Length));
        return Gen.Frequency(
            (10, allocate),
            (1, badAllocate),
            (9, free),
            (1, addRange));
    }
}

internal abstract class HeapOperation : Operation<BuddyHeap, HeapModel>
{
    /// <summary>Runs the operation on the heap and says what happened, in the words <see cref="Outcome"/> uses.</summary>
    protected abstract Outcome Apply(BuddyHeap heap);

    /// <summary>Operations checked so far in this process, so a test can prove it exercised the heap.</summary>
    public static long Checked => Interlocked.Read(ref s_checked);
    private static long s_checked;

    public override Property Check(BuddyHeap actual, HeapModel model)
    {
        Interlocked.Increment(ref s_checked);
        Outcome outcome;
        try { outcome = Apply(actual); }
        catch (Exception e) when (e is IHeapError) { outcome = Describe(e); }
        string? mismatch = HeapComparison.Compare(actual, model.Heap);
        return (outcome == model.Expected).Label($"{this}: heap gave {outcome}, model expects {model.Expected}")
            .And((mismatch is null).Label($"after {this}: {mismatch}"));
    }

    internal static Outcome Describe(Exception e) => e switch
    {
        InvalidRangeException r => Outcome.Error("range", r.Reason.ToString()),
        InvalidSizeException => Outcome.Error("size"),
        HeapExhaustedException => Outcome.Error("exhausted"),
        InvalidFreeException f => Outcome.Error("free", f.Reason.ToString(), f.OffendingPage),
        _ => Outcome.Error(e.GetType().Name),
    };
}

internal sealed class AllocateOp(ulong size) : HeapOperation
{
    protected override Outcome Apply(BuddyHeap heap) => Outcome.Address(heap.Allocate(size));

    public override HeapModel Run(HeapModel model)
    {
        if (size == 0 || size > model.Heap.MaxBlockSize) return model.With(model.Heap, model.Live, Outcome.Error("size"));
        ReferenceHeap heap = model.Heap.Clone();
        ulong? address = heap.Allocate(size);
        if (address is null) return model.With(heap, model.Live, Outcome.Error("exhausted"));
        return model.With(heap, [.. model.Live, (address.Value, size)], Outcome.Address(address.Value));
    }

    public override string ToString() => $"Allocate({size})";
}

internal sealed class FreeOp(ulong address, ulong size) : HeapOperation
{
    protected override Outcome Apply(BuddyHeap heap)
    {
        heap.Free(address, size);
        return Outcome.Ok;
    }

    public override HeapModel Run(HeapModel model)
    {
        ReferenceHeap heap = model.Heap.Clone();
        FreeResult result = heap.Free(address, size);
        Outcome expected = result.Error switch
        {
            FreeError.None => Outcome.Ok,
            FreeError.InvalidSize => Outcome.Error("size"),
            _ => Outcome.Error("free", result.Error.ToString(), result.OffendingPage),
        };
        var live = model.Live.Where(a => a != (address, size)).ToList();
        return model.With(heap, live, expected);
    }

    public override string ToString() => $"Free(0x{address:X}, {size})";
}

internal sealed class AddRangeOp(ulong start, ulong length) : HeapOperation
{
    protected override Outcome Apply(BuddyHeap heap)
    {
        heap.AddRange(start, length);
        return Outcome.Ok;
    }

    public override HeapModel Run(HeapModel model)
    {
        ReferenceHeap heap = model.Heap.Clone();
        RangeError error = heap.AddRange(start, length);
        return model.With(heap, model.Live, error == RangeError.None ? Outcome.Ok : Outcome.Error("range", error.ToString()));
    }

    public override string ToString() => $"AddRange(0x{start:X}, 0x{length:X})";
}

internal static class HeapComparison
{
    /// <summary>Null when the heap and the model agree on every free list, the accounting and the invariants.</summary>
    public static string? Compare(BuddyHeap actual, ReferenceHeap model)
    {
        IReadOnlyList<InvariantViolation> violations = actual.CheckInvariants();
        if (violations.Count > 0) return "invariant checker: " + string.Join("; ", violations);
        for (int order = 0; order <= model.MaxOrder; order++)
        {
            ulong[] heapList = actual.FreeListAddresses(order);
            ulong[] modelList = model.Lists[order].Select(page => page * model.PageSize).ToArray();
            if (!heapList.SequenceEqual(modelList))
                return $"free list {order}: heap [{Hex(heapList)}], model [{Hex(modelList)}]";
        }
        ulong allocated = (ulong)model.Allocated.Count * model.PageSize;
        if (actual.AllocatedBytes != allocated) return $"AllocatedBytes {actual.AllocatedBytes}, model {allocated}";
        ulong total = model.TotalPages * model.PageSize;
        if (actual.TotalBytes != total) return $"TotalBytes {actual.TotalBytes}, model {total}";
        if (actual.FreeBytes != total - allocated) return $"FreeBytes {actual.FreeBytes}, model {total - allocated}";
        int largest = Enumerable.Range(0, model.MaxOrder + 1).LastOrDefault(k => model.Lists[k].Count > 0, -1);
        ulong largestBytes = largest < 0 ? 0 : model.PageSize << largest;
        if (actual.LargestFreeBlockBytes != largestBytes) return $"LargestFreeBlockBytes {actual.LargestFreeBlockBytes}, model {largestBytes}";
        return null;
    }

    private static string Hex(IEnumerable<ulong> values) => string.Join(" ", values.Select(v => $"0x{v:X}"));
}
