using FsCheck;
using FsCheck.Fluent;

namespace Verified.PropertyTests.Heap;

/// <summary>Generators of heap configurations, range layouts and operation arguments, valid and invalid.</summary>
internal static class HeapGenerators
{
    private static Gen<ulong> Pages(int min, int max) => Gen.Choose(min, max).Select(v => (ulong)v);

    /// <summary>Page size, max order and an initial range layout. Layouts cover the shapes the contract singles out.</summary>
    public static Gen<HeapConfig> Config() =>
        from pageSize in Gen.Elements(512UL, 4096UL, 16384UL)
        from maxOrder in Gen.Elements(0, 1, 2, 3, 4, 6, 9)
        from config in Layout(pageSize, maxOrder)
        select config;

    private static Gen<HeapConfig> Layout(ulong pageSize, int maxOrder)
    {
        int block = 1 << maxOrder;
        int span = Math.Min(6 * block, 2500);
        ulong topPage = ulong.MaxValue / pageSize;   // the last page below 2^64
        var unaligned =
            from first in Pages(0, 3 * block + 5)
            from pages in Pages(1, span)
            select new HeapConfig(pageSize, maxOrder, "one unaligned range", [(first, pages)]);
        var adjacent =
            from first in Pages(0, 2 * block)
            from lengths in Gen.ArrayOf(Pages(1, Math.Max(1, span / 3)), 3)
            select new HeapConfig(pageSize, maxOrder, "adjacent ranges", Adjacent(first, lengths));
        var manySmall =
            from count in Gen.Choose(5, 20)
            from pieces in Gen.ArrayOf(Gen.Zip(Pages(0, 3), Pages(1, 5)), count)
            select new HeapConfig(pageSize, maxOrder, "many small ranges", WithGaps(pieces));
        var alignedFull =
            from start in Pages(0, 4)
            from blocks in Pages(1, Math.Max(1, 2500 / block > 4 ? 4 : 2500 / block))
            select new HeapConfig(pageSize, maxOrder, "one aligned range", [(start * (ulong)block, blocks * (ulong)block)]);
        var top =
            from pages in Pages(1, Math.Min(3 * block, 2500))
            select new HeapConfig(pageSize, maxOrder, "range ending at 2^64", [(topPage - pages + 1, pages)]);
        return Gen.Frequency((3, unaligned), (3, adjacent), (2, manySmall), (2, alignedFull), (1, top));
    }

    private static (ulong, ulong)[] Adjacent(ulong first, ulong[] lengths)
    {
        var ranges = new (ulong, ulong)[lengths.Length];
        for (int i = 0; i < lengths.Length; i++) { ranges[i] = (first, lengths[i]); first += lengths[i]; }
        return ranges;
    }

    private static (ulong, ulong)[] WithGaps((ulong Gap, ulong Pages)[] pieces)
    {
        var ranges = new (ulong, ulong)[pieces.Length];
        ulong page = 0;
        for (int i = 0; i < pieces.Length; i++) { page += pieces[i].Gap; ranges[i] = (page, pieces[i].Pages); page += pieces[i].Pages; }
        return ranges;
    }

    /// <summary>Sizes from 1 byte to M: arbitrary bytes, powers of two, whole pages and one byte short of whole pages.</summary>
    public static Gen<ulong> AllocationSize(ulong pageSize, ulong maxBlock)
    {
        int maxOrder = (int)Math.Log2(maxBlock / pageSize);
        int maxPages = (int)(maxBlock / pageSize);
        return Gen.Frequency(
            (3, Gen.Choose(1, (int)maxBlock).Select(v => (ulong)v)),
            (4, Gen.Choose(0, maxOrder).Select(k => pageSize << k)),
            (3, Gen.Choose(1, maxPages).Select(n => pageSize * (ulong)n)),
            (2, Gen.Choose(1, maxPages).Select(n => pageSize * (ulong)n - 1)),
            (1, Gen.Choose(1, (int)Math.Min(64, pageSize)).Select(v => (ulong)v)));
    }

    /// <summary>Spans to free: whole live allocations, sub-spans of allocated pages at any page boundary, and every
    /// bad-input class (double free, partly free span, foreign, misaligned, off the end of a range, size 0).</summary>
    public static Gen<(ulong Address, ulong Size)> FreeSpan(HeapModel model)
    {
        ReferenceHeap heap = model.Heap;
        ulong p = heap.PageSize;
        var choices = new List<(int, Gen<(ulong, ulong)>)>();
        if (model.Live.Count > 0) choices.Add((6, Gen.Elements(model.Live.ToArray())));

        ulong[] allocated = [.. heap.Allocated.Order()];
        if (allocated.Length > 0)
        {
            choices.Add((5,
                from i in Gen.Choose(0, allocated.Length - 1)
                from length in Gen.Choose(1, RunLength(heap, allocated[i]))
                from shortBy in Gen.Elements(0UL, 0UL, 1UL, p - 1)
                select (allocated[i] * p, (ulong)length * p - shortBy)));
            choices.Add((1,   // misaligned
                from i in Gen.Choose(0, allocated.Length - 1)
                from offset in Gen.Choose(1, (int)p - 1)
                select (allocated[i] * p + (ulong)offset, p)));
            choices.Add((1,   // runs past the allocated pages: partly free, or off the end of the range
                from i in Gen.Choose(0, allocated.Length - 1)
                let run = RunLength(heap, allocated[i])
                from extra in Gen.Choose(1, 3)
                select (allocated[i] * p, (ulong)(run + extra) * p)));
        }
        ulong[] freeHeads = heap.Lists.SelectMany(l => l).ToArray();
        if (freeHeads.Length > 0)
            choices.Add((1,   // double free
                from head in Gen.Elements(freeHeads)
                from pages in Gen.Choose(1, 4)
                select (head * p, (ulong)pages * p)));
        ulong beyond = heap.Ranges.Count == 0 ? 0 : heap.Ranges.Max(r => r.Last) + 1;
        if (beyond < ulong.MaxValue / p)
            choices.Add((1, Gen.Choose(0, 3).Select(d => ((beyond + (ulong)d) * p, p))));   // foreign
        choices.Add((1, Gen.Constant((allocated.Length > 0 ? allocated[0] * p : 0UL, 0UL))));   // size 0
        return Gen.Frequency(choices.ToArray());
    }

    /// <summary>How many pages from <paramref name="page"/> on are allocated, in a row (capped to keep spans small).</summary>
    private static int RunLength(ReferenceHeap heap, ulong page)
    {
        int run = 0;
        while (run < 2048 && heap.Allocated.Contains(page + (ulong)run)) run++;
        return run;
    }

    /// <summary>New ranges: beyond the others (touching or with a gap), and refused ones (overlapping, misaligned,
    /// empty, wrapping past 2^64).</summary>
    public static Gen<(ulong Start, ulong Length)> NewRange(ReferenceHeap heap)
    {
        ulong p = heap.PageSize;
        int block = 1 << heap.MaxOrder;
        ulong beyond = heap.Ranges.Count == 0 ? 0 : heap.Ranges.Max(r => r.Last) + 1;
        var refused = new List<Gen<(ulong, ulong)>>
        {
            Gen.Constant((beyond * p + 1, p)),
            Gen.Constant((beyond * p, 0UL)),
            Gen.Constant((ulong.MaxValue - p + 1, 2 * p)),
            Gen.Constant((beyond * p, p + 1)),
        };
        if (heap.Ranges.Count > 0)
            refused.Add(
                from r in Gen.Elements(heap.Ranges.ToArray())
                from length in Gen.Choose(1, 8)
                select (r.Last * p, (ulong)length * p));
        var refusedGen = Gen.OneOf(refused);
        if (heap.TotalPages > 6000 || beyond >= ulong.MaxValue / p - (ulong)(4 * block)) return refusedGen;
        var accepted =
            from gap in Gen.Elements(0UL, 0UL, 1UL, (ulong)block, 3UL)
            from pages in Gen.Choose(1, Math.Min(3 * block, 1500))
            select ((beyond + gap) * p, (ulong)pages * p);
        return Gen.Frequency((3, accepted), (2, refusedGen));
    }
}
