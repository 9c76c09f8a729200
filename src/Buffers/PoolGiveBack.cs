using System.Diagnostics.Metrics;
using Verified.Buddy;
using Verified.Memory;

namespace Verified.Buffers;

/// <summary>
/// The give-back side of a <see cref="BuddyMemoryPool"/>: releases free memory beyond a hot reserve to the operating
/// system (explicitly, when the pool is idle, under memory pressure), and publishes the pool's metrics.
/// </summary>
/// <remarks>Which free memory the operating system still backs is the page heap's knowledge (see
/// <c>docs/backing.md</c>); this class only decides when and how much, and supplies the <c>madvise</c> that releases.</remarks>
internal sealed class PoolGiveBack : IDisposable
{
    /// <summary>Name of the <see cref="Meter"/> every pool publishes its instruments on.</summary>
    internal const string MeterName = "Verified.Buffers";

    private readonly BuddyMemoryPool _pool;
    private readonly ITimer? _timer;
    private readonly Meter _meter;
    private readonly object _trimLock = new();   // one give-back at a time
    private readonly object _tickLock = new();   // one tick at a time
    private readonly TimeSpan _tick;
    private ulong _givenBack;
    private long _trims;
    private ulong _lastOperations;
    private TimeSpan _quietFor;

    internal PoolGiveBack(BuddyMemoryPool pool)
    {
        _pool = pool;
        BuddyMemoryPoolOptions options = pool.Options;
        var tags = new KeyValuePair<string, object?>[] { new("pool", options.Name) };
        _meter = new Meter(MeterName);
        // The instruments hold the pool weakly, as the timer does: the meter is registered process-wide until disposed,
        // and a pool nobody disposed must still be collectable (the finaliser below then disposes the meter and timer).
        var self = new WeakReference<PoolGiveBack>(this);
        _meter.CreateObservableUpDownCounter("verified.buffers.rented", () => Measure(self, static g => (long)g._pool.RentedBytes, tags), "By", "Bytes in buffers rented and not returned.");
        _meter.CreateObservableUpDownCounter("verified.buffers.resident", () => Measure(self, static g => (long)g._pool.ResidentBytes(), tags), "By", "Bytes of the pool's memory resident now (mincore).");
        _meter.CreateObservableUpDownCounter("verified.buffers.committed", () => Measure(self, static g => (long)g._pool.CommittedBytes, tags), "By", "Bytes of the reservation committed.");
        _meter.CreateObservableCounter("verified.buffers.given_back", () => Measure(self, static g => (long)g.GivenBackBytes, tags), "By", "Bytes given back to the operating system.");
        _meter.CreateObservableCounter("verified.buffers.trims", () => Measure(self, static g => g.TrimCount, tags), "{trim}", "Give-backs run (explicit, idle or memory pressure).");

        if (options.IdleDelay != Timeout.InfiniteTimeSpan || options.GiveBackUnderMemoryPressure)
        {
            TimeSpan delay = options.IdleDelay == Timeout.InfiniteTimeSpan ? TimeSpan.FromSeconds(1) : options.IdleDelay;
            _tick = TimeSpan.FromTicks(Math.Max(delay.Ticks / 2, TimeSpan.FromMilliseconds(10).Ticks));
            // The timer holds the pool weakly: a pool nobody disposed can still be collected.
            _timer = options.TimeProvider.CreateTimer(static state => OnTick((WeakReference<PoolGiveBack>)state!),
                self, _tick, _tick);
        }
    }

    internal ulong GivenBackBytes => Volatile.Read(ref _givenBack);

    internal long TrimCount => Volatile.Read(ref _trims);

    /// <summary>Releases free memory beyond <paramref name="keepFreeBytes"/>, coldest first; returns the bytes released.</summary>
    internal ulong GiveBack(ulong keepFreeBytes)
    {
        lock (_trimLock)
        {
            ulong released = _pool.ReleaseFreeBeyond(keepFreeBytes);
            Interlocked.Add(ref _givenBack, released);
            Interlocked.Increment(ref _trims);
            return released;
        }
    }

    /// <summary>One tick of the idle timer: give back when the pool has been quiet for the idle delay, or when the GC
    /// reports high memory load.</summary>
    internal void Tick()
    {
        if (!Monitor.TryEnter(_tickLock)) return;   // a slow tick is still running: skip this one
        try { TickCore(); }
        finally { Monitor.Exit(_tickLock); }
    }

    private void TickCore()
    {
        BuddyMemoryPoolOptions options = _pool.Options;
        ulong operations = _pool.OperationCount;
        bool quiet = operations == _lastOperations;
        _lastOperations = operations;
        _quietFor = quiet ? _quietFor + _tick : TimeSpan.Zero;
        bool idle = options.IdleDelay != Timeout.InfiniteTimeSpan && _quietFor >= options.IdleDelay;
        bool pressure = false;
        if (options.GiveBackUnderMemoryPressure)
        {
            GCMemoryInfo info = GC.GetGCMemoryInfo();
            pressure = info.HighMemoryLoadThresholdBytes > 0 && info.MemoryLoadBytes >= info.HighMemoryLoadThresholdBytes;
        }
        if ((idle || pressure) && _pool.HasFreeBeyond(options.HotReserveBytes))
        {
            GiveBack(options.HotReserveBytes);
        }
    }

    private static void OnTick(WeakReference<PoolGiveBack> self)
    {
        if (!self.TryGetTarget(out PoolGiveBack? giveBack)) return;
        try
        {
            giveBack.Tick();
        }
        catch (ObjectDisposedException)
        {
            // The pool was disposed between the tick's start and its give-back.
        }
    }

    /// <summary>One measurement of a pool that may have been collected (then none).</summary>
    private static IEnumerable<Measurement<long>> Measure(WeakReference<PoolGiveBack> self, Func<PoolGiveBack, long> read,
        KeyValuePair<string, object?>[] tags) =>
        self.TryGetTarget(out PoolGiveBack? giveBack) ? [new Measurement<long>(read(giveBack), tags)] : [];

    public void Dispose()
    {
        _timer?.Dispose();
        _meter.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A pool collected undisposed: unregister its meter and stop its timer, which would otherwise stay.</summary>
    ~PoolGiveBack()
    {
        _timer?.Dispose();
        _meter.Dispose();
    }
}
