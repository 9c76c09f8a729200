using BenchmarkDotNet.Attributes;
using Verified.Buddy;

namespace Verified.Benchmarks;

/// <summary>
/// The MRU buddy heap against the bitmap first-fit allocator it replaced, on heaps of 256 MiB to 1 TiB of pure
/// addresses. The same state for both: the lowest sixteenth of the heap is fragmented (every other 4 KiB page
/// allocated), the rest is free. A 4 KiB allocation then finds a hole at once in both; a 1 MiB allocation (one pre-PR
/// balloon batch) needs 256 contiguous free pages, which the buddy heap takes from a list head and the first-fit
/// bitmap finds only past the fragmented region, by scanning it. Both are called through <see cref="IPageAllocator"/>.
/// </summary>
[Config(typeof(AllocatorComparisonConfig))]
public class AllocatorComparison
{
    private const ulong Page = 4096;
    private const ulong Batch = 1UL << 20;

    [Params("MruBuddy", "BitmapFirstFit")]
    public string Allocator { get; set; } = "";

    [Params("256M", "4G", "64G", "1T")]
    public string Heap { get; set; } = "";

    private IPageAllocator _allocator = null!;

    [GlobalSetup]
    public void Prepare() => _allocator = Create(Allocator, Heap);

    /// <summary>The allocator in the benchmark's starting state: the lowest sixteenth of it fragmented.</summary>
    public static IPageAllocator Create(string allocator, string heap)
    {
        ulong bytes = Sizes.Parse(heap);
        IPageAllocator created;
        if (allocator == "MruBuddy")
        {
            var buddy = new BuddyHeap();
            buddy.AddRange(0, bytes);
            created = buddy;
        }
        else if (allocator == "BitmapFirstFit")
        {
            created = new BitmapFirstFitAllocator(0, bytes);
        }
        else
        {
            throw new ArgumentException($"unknown allocator '{allocator}' (MruBuddy or BitmapFirstFit)", nameof(allocator));
        }

        ulong fragmented = bytes / 16 / Page;
        var pages = new ulong[fragmented];
        for (ulong i = 0; i < fragmented; i++) pages[i] = created.Allocate(Page);
        for (ulong i = 0; i < fragmented; i += 2) created.Free(pages[i], Page);
        return created;
    }

    /// <summary>One 4 KiB page allocated and freed again.</summary>
    [Benchmark]
    public ulong AllocateFree4K()
    {
        ulong address = _allocator.Allocate(Page);
        _allocator.Free(address, Page);
        return address;
    }

    /// <summary>One contiguous 1 MiB block allocated and freed again.</summary>
    [Benchmark]
    public ulong AllocateFree1M()
    {
        ulong address = _allocator.Allocate(Batch);
        _allocator.Free(address, Batch);
        return address;
    }
}
