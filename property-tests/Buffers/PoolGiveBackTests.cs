using System.Buffers;
using System.Diagnostics.Metrics;
using Verified.Buffers;
using Verified.Memory;
using Xunit;
using Xunit.Abstractions;

namespace Verified.PropertyTests.Buffers;

/// <summary>Giving free memory back really lowers resident memory (mincore and the process's RSS), keeps the hot
/// reserve, prefers hot pages afterwards and never gives the same page back twice.</summary>
public sealed class PoolGiveBackTests(ITestOutputHelper output)
{
    private const ulong MiB = 1UL << 20;

    /// <summary>Rents <paramref name="bytes"/> in 64 KiB buffers, writes every page, returns them all.</summary>
    private static void Burst(BuddyMemoryPool pool, ulong bytes)
    {
        var held = new List<IMemoryOwner<byte>>();
        for (ulong done = 0; done < bytes; done += 64 * 1024)
        {
            IMemoryOwner<byte> owner = pool.Rent(64 * 1024);
            Span<byte> span = owner.Memory.Span;
            for (int i = 0; i < span.Length; i += 4096) span[i] = 0xC3;
            held.Add(owner);
        }
        held.ForEach(h => h.Dispose());
    }

    private static ulong ProcessRssBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return ulong.Parse(line[6..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException("no VmRSS line in /proc/self/status");
    }

    [Fact]
    public void TrimGivesBackEverythingBeyondTheHotReserveAndRssFalls()
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 256UL * MiB, growth: 16 * MiB, max: 1 << 20, hot: 8 * MiB);
        Burst(pool, 128 * MiB);
        ulong residentBefore = pool.ResidentBytes(), rssBefore = ProcessRssBytes();
        ulong released = pool.Trim();
        ulong residentAfter = pool.ResidentBytes(), rssAfter = ProcessRssBytes();
        output.WriteLine($"resident {residentBefore} -> {residentAfter}, VmRSS {rssBefore} -> {rssAfter}, released {released}");

        Assert.True(residentBefore >= 128 * MiB, $"resident before {residentBefore}");
        Assert.Equal(120 * MiB, released);
        Assert.Equal(8 * MiB, residentAfter);                      // exactly the hot reserve stays resident
        Assert.True(rssBefore - rssAfter >= 100 * MiB, $"VmRSS {rssBefore} -> {rssAfter}");
        Assert.Equal(released, pool.GivenBackBytes);
        Assert.Equal(1, pool.TrimCount);
        Assert.Equal(0UL, pool.Trim());                            // nothing is given back twice
        Assert.Equal(120 * MiB, pool.GivenBackBytes);
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void TrimGivesBackThePagesOfTheRecordsOfTheReleasedMemoryToo()
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 1UL << 30, growth: 64 * MiB, max: 1 << 20, hot: 8 * MiB);
        Assert.Equal(64 * MiB, pool.Pages.MaxBlockSize);   // free memory coalesces up to whole growth ranges
        Burst(pool, 512 * MiB);
        Assert.Equal(0UL, pool.MetadataReleasedBytes);
        Assert.Equal(504 * MiB, pool.Trim());
        // Each heap keeps 8 bytes per two pages: 512 KiB for 512 MiB. The dirty heap's records of the 504 MiB released
        // are zero now (504 KiB), the clean heap's too but for one record per free block: almost 1 MiB in all, less the
        // pages where a free block starts and the partial pages at the ends.
        output.WriteLine($"record bytes released: {pool.MetadataReleasedBytes}");
        Assert.InRange(pool.MetadataReleasedBytes, 960UL * 1024, 1024UL * 1024);
        // Really released: asked again, mincore finds none of those pages resident, so nothing more is released.
        Assert.Equal(0UL, pool.Pages.ReleaseZeroMetadataPages((ulong)Environment.SystemPageSize, BuddyMemoryPool.ZeroPageReleaser.Instance));
        Assert.Equal(8 * MiB, pool.ResidentBytes());
        Assert.Empty(pool.Pages.CheckInvariants());

        Burst(pool, 512 * MiB);                             // the released records are written again as needed
        Assert.Empty(pool.Pages.CheckInvariants());
        Assert.Equal(504 * MiB, pool.Trim());
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Theory]
    [InlineData(1UL << 20, 1UL << 20)]          // growth = the largest buffer: the heap's largest block is both
    [InlineData(64UL << 20, 64UL << 20)]
    [InlineData(2UL << 30, 1UL << 30)]          // growth above the heap's 1 GiB limit: carved into 1 GiB blocks
    public void TheHeapsLargestBlockIsTheGrowthRangeUpToOneGiB(ulong growth, ulong largestBlock)
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: Math.Max(2 * growth, 16 * MiB), growth: growth, max: 1 << 20, hot: 0);
        Assert.Equal(largestBlock, pool.Pages.MaxBlockSize);
        var held = new List<IMemoryOwner<byte>>();
        for (int i = 0; i < 8; i++)
        {
            IMemoryOwner<byte> owner = pool.Rent(1 << 20);
            owner.Memory.Span.Fill(0x7E);
            held.Add(owner);
        }
        held.ForEach(h => h.Dispose());
        Assert.Equal(8 * MiB, pool.Trim());
        Assert.Equal(0UL, pool.ResidentBytes());
        Assert.Equal(pool.CommittedBytes, pool.Pages.Accounting.CleanFreeBytes);   // all of it free and clean again
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void AfterATrimRentsGetTheHotPagesFirst()
    {
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 64UL * MiB, growth: 16 * MiB, max: 1 << 20, hot: 1 * MiB);
        Burst(pool, 32 * MiB);
        pool.Trim();
        // 1 MiB stays resident: the next 256 page rents all land on resident pages, and read what was written.
        var held = new List<PooledMemory>();
        Span<bool> resident = stackalloc bool[1];
        for (int i = 0; i < 256; i++)
        {
            var owner = (PooledMemory)pool.Rent(4096);
            pool.Mapping.GetResident(owner.Offset, resident);
            Assert.True(resident[0], $"rent {i} at offset 0x{owner.Offset:X} is not resident");
            Assert.Equal(0xC3, owner.Memory.Span[0]);
            held.Add(owner);
        }
        // The next one comes from given-back memory: zeros (DontNeed).
        var cold = (PooledMemory)pool.Rent(4096);
        Assert.Equal(0, cold.Memory.Span[0]);
        ((IDisposable)cold).Dispose();
        held.ForEach(h => ((IDisposable)h).Dispose());
    }

    [Fact]
    public void TheIdleTimerGivesBackWithoutATrim()
    {
        using var pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions
        {
            LimitBytes = 64 * MiB, GrowthBytes = 16 * MiB, HotReserveBytes = 2 * MiB,
            IdleDelay = TimeSpan.FromMilliseconds(200), GiveBackUnderMemoryPressure = false,
        });
        Burst(pool, 32 * MiB);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // Behaviour, not speed: the timer alone gives back everything beyond the hot reserve. The bound only keeps a
        // broken timer from hanging the suite (generous for a loaded CI machine); how fast it happens is measured by
        // the burst-then-idle program (README, "The memory pool").
        while (pool.GivenBackBytes == 0 && watch.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(10);
        output.WriteLine($"given back {pool.GivenBackBytes} after {watch.ElapsedMilliseconds} ms idle");
        Assert.Equal(30 * MiB, pool.GivenBackBytes);
        Assert.Equal(2 * MiB, pool.ResidentBytes());
    }

    [Fact]
    public void GrowingToTheLimitReAllocatesNoBookkeeping()
    {
        // The heap's records for the whole limit exist from the start: growing range by range leaves no garbage behind.
        using BuddyMemoryPool pool = PoolSemanticsTests.NewPool(limit: 256UL * MiB, growth: 4 * MiB, max: 1 << 20);
        ulong metadata = pool.Pages.MetadataBytes;
        Burst(pool, 200 * MiB);
        Assert.True(pool.CommittedBytes >= 200 * MiB);
        ulong ranges = pool.CommittedBytes / (4 * MiB);
        Assert.Equal(metadata + ranges * 2 * 2 * 24, pool.Pages.MetadataBytes);   // only each range's two table entries, in both heaps
        // 2 heaps × one 8-byte record per buddy pair of the limit's pages (+ sentinels, free maps, ranges).
        Assert.InRange(metadata, 2 * (256 * MiB / 4096 / 2 * 8), 2 * (256 * MiB / 4096 / 2 * 8) + 64 * 1024);
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void WithMadvFreeTheGiveBackIsCountedOnce()
    {
        using var pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions
        {
            LimitBytes = 64 * MiB, GrowthBytes = 16 * MiB, HotReserveBytes = 0, Advice = GiveBackAdvice.Free,
            IdleDelay = Timeout.InfiniteTimeSpan, GiveBackUnderMemoryPressure = false,
        });
        Burst(pool, 16 * MiB);
        Assert.Equal(16 * MiB, pool.Trim());
        Assert.Equal(0UL, pool.Trim());
        Assert.Empty(pool.Pages.CheckInvariants());
    }

    [Fact]
    public void TheMetricsReportWhatThePoolReports()
    {
        using var pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions
        {
            LimitBytes = 64 * MiB, GrowthBytes = 16 * MiB, HotReserveBytes = 0, Name = "metrics-test",
            IdleDelay = Timeout.InfiniteTimeSpan, GiveBackUnderMemoryPressure = false,
        });
        Burst(pool, 8 * MiB);
        pool.Trim();
        using IMemoryOwner<byte> held = pool.Rent(8192);
        held.Memory.Span.Fill(1);
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == "Verified.Buffers") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "pool" && (string?)tag.Value == pool.Options.Name) seen[instrument.Name] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Equal(8192, seen["verified.buffers.rented"]);
        Assert.Equal(8192, seen["verified.buffers.resident"]);
        Assert.Equal(8 * (long)MiB, seen["verified.buffers.given_back"]);   // only what was touched: fresh memory is clean
        Assert.Equal(1, seen["verified.buffers.trims"]);
        Assert.Equal(16 * (long)MiB, seen["verified.buffers.committed"]);
    }
}
