using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Verified.Buffers;

namespace Verified.Benchmarks;

/// <summary>Default runtime settings (tiered compilation + dynamic PGO), one process, 3 warm-ups, 15 measured
/// iterations; time and managed bytes per rent+return pair.</summary>
public sealed class PoolConfig : ManualConfig
{
    public PoolConfig()
    {
        AddJob(Job.Default.WithToolchain(ProjectToolchain.Instance).WithId("DefaultRuntime")
            .WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        HideColumns(Column.Gen0, Column.Gen1, Column.Gen2, Column.Error, Column.StdDev);
    }
}

/// <summary>
/// Rent + return of one buffer (one byte written into it) through <see cref="BuddyMemoryPool"/> and what .NET users use
/// today: <see cref="ArrayPool{T}.Shared"/>, <see cref="MemoryPool{T}.Shared"/>, and a pinned
/// <c>GC.AllocateUninitializedArray</c> per rent. Threads run on long-lived workers started by a barrier, each doing the
/// same number of pairs at once; the time is per pair as one thread sees it (OperationsPerInvoke = pairs per thread),
/// so with 2 threads it stays flat under perfect scaling and grows with contention.
/// </summary>
[Config(typeof(PoolConfig))]
public class PoolBenchmarks
{
    private const int PairsPerThread = 10_000;

    [Params(4096, 65_536, 1_048_576)]
    public int Size { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    private BuddyMemoryPool _pool = null!;
    private ConcurrentHeapBenchmarks.WorkerGang _buddy = null!, _arrayPool = null!, _memoryPool = null!, _pinned = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions { HotReserveBytes = 64UL << 20 });
        _buddy = new(Threads, _ => BuddyPairs(_pool, Size));
        _arrayPool = new(Threads, _ => ArrayPoolPairs(Size));
        _memoryPool = new(Threads, _ => MemoryPoolPairs(MemoryPool<byte>.Shared, Size));
        _pinned = new(Threads, _ => PinnedPairs(Size));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _buddy.Dispose(); _arrayPool.Dispose(); _memoryPool.Dispose(); _pinned.Dispose();
        _pool.Dispose();
    }

    [Benchmark(Description = "BuddyMemoryPool", OperationsPerInvoke = PairsPerThread)]
    public void Buddy() => _buddy.Run();

    [Benchmark(Description = "ArrayPool.Shared", OperationsPerInvoke = PairsPerThread)]
    public void ArrayPoolShared() => _arrayPool.Run();

    [Benchmark(Description = "MemoryPool.Shared", Baseline = true, OperationsPerInvoke = PairsPerThread)]
    public void MemoryPoolShared() => _memoryPool.Run();

    [Benchmark(Description = "pinned array per rent", OperationsPerInvoke = PairsPerThread)]
    public void PinnedArray() => _pinned.Run();

    internal static void BuddyPairs(BuddyMemoryPool pool, int size)
    {
        for (int i = 0; i < PairsPerThread; i++)
        {
            using IMemoryOwner<byte> owner = pool.Rent(size);
            owner.Memory.Span[0] = 1;
        }
    }

    internal static void MemoryPoolPairs(MemoryPool<byte> pool, int size)
    {
        for (int i = 0; i < PairsPerThread; i++)
        {
            using IMemoryOwner<byte> owner = pool.Rent(size);
            owner.Memory.Span[0] = 1;
        }
    }

    private static void ArrayPoolPairs(int size)
    {
        for (int i = 0; i < PairsPerThread; i++)
        {
            byte[] array = ArrayPool<byte>.Shared.Rent(size);
            array[0] = 1;
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private static void PinnedPairs(int size)
    {
        for (int i = 0; i < PairsPerThread; i++)
        {
            byte[] array = GC.AllocateUninitializedArray<byte>(size, pinned: true);
            array[0] = 1;
        }
    }
}

/// <summary>
/// ASP.NET Core's server pool, reached as an application would: the <see cref="IMemoryPoolFactory{T}"/> registered by
/// <c>WebApplication.CreateSlimBuilder()</c> (Kestrel) from the SDK's shared framework. Its blocks are 4 KiB, so only
/// that size is measured, beside this pool at the same size.
/// </summary>
[Config(typeof(PoolConfig))]
public class AspNetCorePoolBenchmarks
{
    private const int PairsPerThread = 10_000;
    private const int Size = 4096;

    [Params(1, 2)]
    public int Threads { get; set; }

    private WebApplication _app = null!;
    private MemoryPool<byte> _kestrelPool = null!;
    private BuddyMemoryPool _pool = null!;
    private ConcurrentHeapBenchmarks.WorkerGang _kestrel = null!, _buddy = null!;

    [GlobalSetup]
    public void Setup()
    {
        _app = WebApplication.CreateSlimBuilder().Build();
        _kestrelPool = _app.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();
        _pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions { HotReserveBytes = 64UL << 20 });
        _kestrel = new(Threads, _ => PoolBenchmarks.MemoryPoolPairs(_kestrelPool, Size));
        _buddy = new(Threads, _ => PoolBenchmarks.BuddyPairs(_pool, Size));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _kestrel.Dispose(); _buddy.Dispose();
        _kestrelPool.Dispose(); _pool.Dispose();
        ((IDisposable)_app).Dispose();
    }

    [Benchmark(Description = "ASP.NET Core pool (IMemoryPoolFactory)", Baseline = true, OperationsPerInvoke = PairsPerThread)]
    public void Kestrel() => _kestrel.Run();

    [Benchmark(Description = "BuddyMemoryPool", OperationsPerInvoke = PairsPerThread)]
    public void Buddy() => _buddy.Run();
}

/// <summary>
/// Where a 4 KiB rent + return of <see cref="BuddyMemoryPool"/> spends its time, step by step on one thread, beside
/// <see cref="MemoryPool{T}.Shared"/> and <see cref="ArrayPool{T}.Shared"/> in the same run: the block cache's take and
/// put alone (the owner-only protocol of <see cref="ThreadBlockCache"/>), three uncontended
/// <see cref="Interlocked.Exchange(ref ulong, ulong)"/> (what the earlier cache and owner guard did per pair), a rent and
/// dispose without touching the buffer, and the full pair with <c>Memory.Span</c>.
/// </summary>
[Config(typeof(PoolConfig))]
public class PoolStepBenchmarks
{
    private const int Pairs = 10_000;
    private const int Size = 4096;
    private BuddyMemoryPool _pool = null!;
    private ThreadBlockCache _cache = null!;
    private ulong _word;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new BuddyMemoryPool(new BuddyMemoryPoolOptions { HotReserveBytes = 64UL << 20 });
        _cache = new ThreadBlockCache(new BlockCaches(_pool.Pages.MaxOrder + 1, _pool), _pool.Pages.MaxOrder + 1, Thread.CurrentThread);
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Description = "ArrayPool.Shared: Rent + Return", OperationsPerInvoke = Pairs)]
    public void ArrayPoolShared()
    {
        for (int i = 0; i < Pairs; i++)
        {
            byte[] array = ArrayPool<byte>.Shared.Rent(Size);
            array[0] = 1;
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    [Benchmark(Description = "MemoryPool.Shared: Rent + Memory.Span + Dispose", Baseline = true, OperationsPerInvoke = Pairs)]
    public void MemoryPoolShared() => PoolBenchmarks.MemoryPoolPairs(MemoryPool<byte>.Shared, Size);

    [Benchmark(Description = "block cache only: TryTake + Put", OperationsPerInvoke = Pairs)]
    public ulong CacheOnly()
    {
        ulong sum = 0;
        _cache.Put(0, 0);
        for (int i = 0; i < Pairs; i++)
        {
            _cache.TryTake(0, out ulong offset);
            sum += offset;
            _cache.Put(0, offset);
        }
        return sum;
    }

    [Benchmark(Description = "3 x Interlocked.Exchange (control)", OperationsPerInvoke = Pairs)]
    public ulong ThreeExchanges()
    {
        ulong sum = 0;
        for (int i = 0; i < Pairs; i++)
        {
            sum += Interlocked.Exchange(ref _word, (ulong)i);
            sum += Interlocked.Exchange(ref _word, sum);
            sum += Interlocked.Exchange(ref _word, 0);
        }
        return sum;
    }

    [Benchmark(Description = "BuddyMemoryPool: Rent + Dispose", OperationsPerInvoke = Pairs)]
    public void RentDispose()
    {
        for (int i = 0; i < Pairs; i++) _pool.Rent(Size).Dispose();
    }

    [Benchmark(Description = "BuddyMemoryPool: Rent + Memory.Span + Dispose", OperationsPerInvoke = Pairs)]
    public void RentSpanDispose() => PoolBenchmarks.BuddyPairs(_pool, Size);
}
