using BenchmarkDotNet.Attributes;
using Verified.Buddy;

namespace Verified.Benchmarks;

/// <summary>
/// Allocate + free of 4 KiB pages on heaps of 256 MiB, 4 GiB and 1 TiB of pure addresses (no backing memory): the cost
/// must not grow with the heap. One pair splits a 2 MiB block down to a page and merges it back (K = 9 steps each way);
/// the batch takes 256 pages, as one balloon request does, and frees them in the order taken.
/// </summary>
[Config(typeof(HeapScalingConfig))]
public class HeapScaling
{
    private const ulong Page = 4096;
    private const int Batch = 256;

    [Params("256M", "4G", "1T")]
    public string Heap { get; set; } = "";

    private BuddyHeap _heap = null!;
    private readonly ulong[] _batch = new ulong[Batch];

    [GlobalSetup]
    public void CreateHeap()
    {
        _heap = new BuddyHeap();
        _heap.AddRange(0, Sizes.Parse(Heap));
    }

    /// <summary>One page allocated and freed again.</summary>
    [Benchmark]
    public ulong AllocateFree4K()
    {
        ulong address = _heap.Allocate(Page);
        _heap.Free(address, Page);
        return address;
    }

    /// <summary>256 pages allocated, then freed in the order taken; time per page (one allocate + one free).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public ulong AllocateFree4KBatch256()
    {
        ulong[] batch = _batch;
        for (int i = 0; i < batch.Length; i++) batch[i] = _heap.Allocate(Page);
        for (int i = 0; i < batch.Length; i++) _heap.Free(batch[i], Page);
        return batch[^1];
    }
}
