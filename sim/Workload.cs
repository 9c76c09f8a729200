using Verified.Balloon;
using Verified.Buddy;

namespace Verified.Simulation;

/// <summary>
/// The guest's life before the host asks for memory back, deterministic for a seed: a long-lived service, a program
/// that maps, touches and unmaps memory of mixed sizes, and a page cache that reads files page by page, fills and
/// evicts its least recently used pages. Everything goes through the guest's allocator and every page taken is
/// written, so the host populates it. A mapping is backed the way anonymous memory is, one 4 KiB page per page
/// fault, so its physical pages are wherever the allocator puts single pages. Identical for both policies: the same
/// seed gives the same requests.
/// </summary>
public sealed class Workload
{
    private const ulong Page = 4096;

    private readonly BalloonGuest _guest;
    private readonly SimulationSettings _settings;
    private readonly Random _random;
    private readonly List<Mapping> _mappings = [];
    private readonly Queue<ulong> _cache = new();     // page cache, least recently used first
    private ulong _liveMappedBytes;

    /// <summary>One program mapping: the physical pages faulted in behind it.</summary>
    private sealed record Mapping(ulong[] Pages, ulong Bytes);

    public Workload(BalloonGuest guest, SimulationSettings settings)
    {
        _guest = guest;
        _settings = settings;
        _random = new Random(settings.Seed);
    }

    /// <summary>Operations done so far (maps, unmaps, cache reads and evictions).</summary>
    public long Operations { get; private set; }

    /// <summary>Mappings or cache pages that could not be had because memory was full (the program copes).</summary>
    public long Refusals { get; private set; }

    /// <summary>Runs one round of the workload, calling <paramref name="sample"/> every few operations with the steps
    /// done and the steps of the round. The first round starts the resident service; a later round (balloon cycles)
    /// runs the program and the cache again.</summary>
    public void Run(Action<long, long> sample)
    {
        ulong guest = _settings.GuestBytes;
        WorkloadShape shape = _settings.Workload;
        bool program = shape != WorkloadShape.PageCache;
        bool cache = shape != WorkloadShape.Program && shape != WorkloadShape.OddSizes;
        ulong programTarget = shape == WorkloadShape.Churn ? guest * 15 / 100 : guest * 45 / 100;
        ulong cacheCapacity = shape switch
        {
            WorkloadShape.PageCache => guest * 60 / 100,
            WorkloadShape.Churn => guest * 50 / 100,
            _ => guest * 20 / 100,
        } / Page;

        // A service started at boot that stays resident: 5% of memory.
        long steps = Math.Max(400, (long)(6000 * (guest / (double)(1UL << 30))));
        if (shape == WorkloadShape.Churn) steps *= 2;
        if (_rounds > 0) steps /= 2;
        if (_rounds++ == 0) { Map(guest / 20); sample(0, steps); }

        long sampleEvery = Math.Max(1, steps / 150);
        for (long step = 0; step < steps; step++)
        {
            bool programTurn = program && (!cache || _random.NextDouble() < 0.75);
            if (programTurn)
            {
                bool grow = _mappings.Count <= 1 || _random.NextDouble() < (_liveMappedBytes < programTarget ? 0.7 : 0.3);
                if (grow) Map(MappingSize(guest));
                else Unmap(1 + _random.Next(_mappings.Count - 1));   // never the resident service at index 0
            }
            else
            {
                ReadFile(cacheCapacity);
            }
            if (step % sampleEvery == 0) sample(step, steps);
        }

        // The program exits: every mapping but the resident service goes.
        while (_mappings.Count > 1) Unmap(_mappings.Count - 1);
        // Memory pressure made the kernel drop the colder two thirds of a cache-only guest's page cache.
        if (shape == WorkloadShape.PageCache) Evict(_cache.Count * 2 / 3);
        // Churn: half of the cache dropped in random order (reclaim by whatever it found), not oldest first.
        if (shape == WorkloadShape.Churn) EvictRandomly(_cache.Count / 2);
        sample(steps, steps);
    }

    private int _rounds;

    private void EvictRandomly(int pages)
    {
        var all = _cache.ToList();
        _cache.Clear();
        for (int i = all.Count - 1; i > 0; i--) { int j = _random.Next(i + 1); (all[i], all[j]) = (all[j], all[i]); }
        for (int i = 0; i < all.Count; i++)
        {
            if (i < pages) _guest.Allocator.Free(all[i], Page);
            else _cache.Enqueue(all[i]);
        }
        Operations++;
    }

    private ulong MappingSize(ulong guest)
    {
        double r = _random.NextDouble();
        ulong size = r < 0.6 ? Page << _random.Next(0, 5)            // 4–64 KiB
            : r < 0.9 ? (128UL << 10) << _random.Next(0, 4)          // 128 KiB – 1 MiB
            : (2UL << 20) << _random.Next(0, 3);                     // 2–8 MiB
        return Math.Max(Page, Math.Min(size, guest / 64));
    }

    /// <summary>Maps <paramref name="bytes"/> and touches all of it: a page fault, and so a 4 KiB allocation, per page
    /// (odd-sizes: one contiguous allocation of a page count that is not a power of two, touched whole).</summary>
    /// <remarks>The pages are touched once all are allocated, a run of adjacent pages at a time (<see cref="TouchPages"/>):
    /// the allocator never looks at what the host populated, so the choices, and the pages populated when the mapping
    /// is done, are those of touching each page as it is allocated.</remarks>
    private void Map(ulong bytes)
    {
        if (_settings.Workload == WorkloadShape.OddSizes && _mappings.Count > 0) { MapContiguous(bytes); return; }
        var pages = new ulong[(bytes + Page - 1) / Page];
        for (int i = 0; i < pages.Length; i++)
        {
            if (!_guest.Allocator.TryAllocate(Page, out ulong address))
            {
                TouchPages(pages.AsSpan(0, i));   // the pages faulted in before memory ran out stay populated
                for (int j = 0; j < i; j++) _guest.Allocator.Free(pages[j], Page);   // out of memory: the mapping fails
                Refusals++;
                Operations++;
                return;
            }
            pages[i] = address;
        }
        TouchPages(pages);
        _mappings.Add(new Mapping(pages, bytes));
        _liveMappedBytes += bytes;
        Operations++;
    }

    /// <summary>One contiguous allocation of n pages, n not a power of two (3 to 255), touched whole.</summary>
    private void MapContiguous(ulong bytes)
    {
        ulong pages = Math.Clamp(bytes / Page, 3, 255);
        if (System.Numerics.BitOperations.IsPow2(pages)) pages -= pages / 4;   // 4 → 3, 8 → 6, ..., 128 → 96
        if (!_guest.Allocator.TryAllocate(pages * Page, out ulong address))
        {
            Refusals++;
            Operations++;
            return;
        }
        _guest.Memory.Touch(address, pages * Page);
        _mappings.Add(new Mapping([address], pages * Page));
        _liveMappedBytes += pages * Page;
        Operations++;
    }

    private void Unmap(int index)
    {
        Mapping mapping = _mappings[index];
        _mappings[index] = _mappings[^1];
        _mappings.RemoveAt(_mappings.Count - 1);
        if (mapping.Pages.Length == 1 && mapping.Bytes > Page) _guest.Allocator.Free(mapping.Pages[0], mapping.Bytes);
        else foreach (ulong address in mapping.Pages) _guest.Allocator.Free(address, Page);
        _liveMappedBytes -= mapping.Bytes;
        Operations++;
    }

    /// <summary>Reads a file of 16 KiB to 512 KiB into the cache, a page at a time, evicting the coldest pages beyond
    /// capacity. The pages read are touched at the end of the file, in runs (<see cref="TouchPages"/>); a page evicted
    /// before that is populated all the same, as it was when it was touched on arrival.</summary>
    private void ReadFile(ulong capacityPages)
    {
        int pages = 4 << _random.Next(0, 6);
        Span<ulong> read = stackalloc ulong[pages];
        int count = 0;
        for (int i = 0; i < pages; i++)
        {
            if ((ulong)_cache.Count >= capacityPages) Evict(1);
            if (!_guest.Allocator.TryAllocate(Page, out ulong address))
            {
                if (_cache.Count == 0) { Refusals++; break; }
                Evict(1);
                if (!_guest.Allocator.TryAllocate(Page, out address)) { Refusals++; break; }
            }
            read[count++] = address;
            _cache.Enqueue(address);
        }
        TouchPages(read[..count]);
        Operations++;
    }

    private ulong[] _sorted = new ulong[256];

    /// <summary>Touches the 4 KiB pages at <paramref name="addresses"/> (any order, repeats allowed), one
    /// <see cref="GuestMemory.Touch"/> per run of adjacent pages: on real memory one <c>madvise(MADV_POPULATE_WRITE)</c>
    /// per run instead of a page fault per page. The populated pages are the same as touching one page at a time.</summary>
    private void TouchPages(ReadOnlySpan<ulong> addresses)
    {
        if (addresses.IsEmpty) return;
        if (_sorted.Length < addresses.Length) _sorted = new ulong[Math.Max(addresses.Length, _sorted.Length * 2)];
        Span<ulong> sorted = _sorted.AsSpan(0, addresses.Length);
        addresses.CopyTo(sorted);
        sorted.Sort();
        ulong start = sorted[0], end = start + Page;
        foreach (ulong address in sorted[1..])
        {
            if (address < end) continue;   // a page read twice in one file (evicted and read again)
            if (address == end) { end += Page; continue; }
            _guest.Memory.Touch(start, end - start);
            start = address;
            end = address + Page;
        }
        _guest.Memory.Touch(start, end - start);
    }

    private void Evict(int pages)
    {
        for (int i = 0; i < pages && _cache.Count > 0; i++) _guest.Allocator.Free(_cache.Dequeue(), Page);
        Operations++;
    }
}
