using Verified.Buddy;

namespace Verified.Balloon;

/// <summary>How to build a <see cref="BalloonGuest"/>.</summary>
public sealed class BalloonGuestOptions
{
    /// <summary>Guest memory in bytes: a positive multiple of the host page size. Default 256 MiB.</summary>
    public ulong MemoryBytes { get; init; } = 256UL << 20;

    /// <summary>The backing wanted; Real falls back to Simulated where mmap is unavailable. Default Real.</summary>
    public BackingKind Backing { get; init; } = BackingKind.Real;

    /// <summary>The guest's allocator and the driver's batch policy. Default MRU single pages.</summary>
    public InflatePolicy Policy { get; init; } = InflatePolicy.MruSinglePages;

    /// <summary>The host page size the device discards in (power of two ≥ 4096). Default 4096.</summary>
    public ulong HostPageSize { get; init; } = 4096;

    /// <summary>Features the device offers. Default: MUST_TELL_HOST, STATS_VQ, DEFLATE_ON_OOM, PAGE_POISON, PAGE_REPORTING
    /// (the driver never accepts PAGE_POISON: this guest does not poison free pages).</summary>
    public BalloonFeatures DeviceFeatures { get; init; } =
        BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom | BalloonFeatures.PagePoison | BalloonFeatures.PageReporting;

    /// <summary>Features the driver asks for (see <see cref="BalloonDriverOptions.RequestedFeatures"/>); add
    /// PAGE_REPORTING for free page reporting (MRU policy only).</summary>
    public BalloonFeatures DriverFeatures { get; init; } = new BalloonDriverOptions().RequestedFeatures;

    /// <summary>Free memory the driver never inflates into. Default 17 MiB.</summary>
    public ulong FreeFloorBytes { get; init; } = 17UL << 20;

    /// <summary>Virtqueue size. Default 64.</summary>
    public int QueueSize { get; init; } = 64;
}

/// <summary>What <see cref="BalloonGuest.RunUntilQuiescent"/> did.</summary>
/// <param name="Rounds">Driver-and-device rounds run.</param>
/// <param name="Quiescent">True when the driver reached quiescence (false: the round limit stopped it).</param>
/// <param name="Actual">The balloon size the driver reports at the end.</param>
/// <param name="Target">The target the driver last read.</param>
/// <param name="InflateBlocked">True when inflation stopped short (free floor or no memory); a later run retries.</param>
/// <param name="NewViolations">Protocol violations the device reported during the run (audit included).</param>
public readonly record struct RunReport(int Rounds, bool Quiescent, uint Actual, uint Target, bool InflateBlocked, int NewViolations);

/// <summary>
/// A whole machine: guest memory on a real or simulated backing, the guest's page allocator (the MRU buddy heap, or
/// the pre-PR bitmap first-fit allocator), the balloon driver and the balloon device with the host memory behind it.
/// A simulation creates one, runs workloads through <see cref="Allocator"/> (or <see cref="AllocateAndTouch"/>),
/// sets a target, and runs driver and device until quiescent.
/// </summary>
/// <remarks>Thread-safe for workloads: the buddy heap has its own spin lock (the pre-PR bitmap allocator is guarded by the driver's lock). <see cref="RunUntilQuiescent"/>
/// runs driver and device alternately on the calling thread.</remarks>
public sealed class BalloonGuest : IDisposable
{
    private readonly IPageAllocator _allocator;

    private BalloonGuest(BalloonGuestOptions options, GuestMemory memory, string? fallbackReason)
    {
        Options = options;
        Memory = memory;
        BackingFallbackReason = fallbackReason;
        Device = new BalloonDevice(memory, options.DeviceFeatures, options.HostPageSize);
        var driverOptions = new BalloonDriverOptions
        {
            Policy = options.Policy,
            RequestedFeatures = options.DriverFeatures,
            FreeFloorBytes = options.FreeFloorBytes,
            QueueSize = options.QueueSize,
        };
        if (options.Policy.UsesBuddyHeap())
        {
            // The project's spin-locked heap, which also knows which free memory the host backs. The guest's memory
            // counts as dirty from the start: these policies do not know what the host populated.
            var heap = new BackedBuddyHeap(GuestMemory.GuestPageSize, 2UL << 20);
            heap.AddRange(0, options.MemoryBytes, PageBacking.Dirty);
            _allocator = Heap = heap;
            Driver = new BalloonDriver(memory, heap, Device, driverOptions);
        }
        else
        {
            // The pre-PR bitmap allocator has no concurrent form: the driver's lock guards it for every user.
            object sync = new();
            Bitmap = new BitmapFirstFitAllocator(0, options.MemoryBytes, GuestMemory.GuestPageSize, 1UL << 20);
            _allocator = new LockedPageAllocator(Bitmap, sync);
            Driver = new BalloonDriver(memory, _allocator, Device, driverOptions, sync);
        }
    }

    /// <summary>Builds a machine.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The memory size or host page size is invalid.</exception>
    public static BalloonGuest Create(BalloonGuestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MemoryBytes == 0 || options.MemoryBytes % GuestMemory.GuestPageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MemoryBytes, "MemoryBytes must be a positive multiple of 4096.");
        GuestMemory memory = GuestMemory.Create(options.MemoryBytes, options.Backing, out string? why);
        try { return new BalloonGuest(options, memory, why); }
        catch { memory.Dispose(); throw; }
    }

    /// <summary>The options it was built with.</summary>
    public BalloonGuestOptions Options { get; }

    /// <summary>Guest memory.</summary>
    public GuestMemory Memory { get; }

    /// <summary>The backing really used.</summary>
    public BackingKind Backing => Memory.Kind;

    /// <summary>Why the real backing was not used although asked for; null when it was (or was not asked for).</summary>
    public string? BackingFallbackReason { get; }

    /// <summary>The guest's page allocator (the same one the driver inflates from), safe to share with the driver.</summary>
    public IPageAllocator Allocator => _allocator;

    /// <summary>The guest's heap when the policy uses the buddy heap (it knows which free memory the host backs);
    /// null for the pre-PR bitmap allocator.</summary>
    public BackedBuddyHeap? Heap { get; }

    /// <summary>The pre-PR bitmap allocator beneath the driver's lock (null for the buddy policies); for tests, while
    /// no other thread runs the driver.</summary>
    internal BitmapFirstFitAllocator? Bitmap { get; }

    /// <summary>The balloon driver.</summary>
    public BalloonDriver Driver { get; }

    /// <summary>The balloon device and host.</summary>
    public BalloonDevice Device { get; }

    /// <summary>Bytes of guest memory the host holds populated (mincore on the real backing).</summary>
    public ulong HostPopulatedBytes => Memory.PopulatedBytes();

    /// <summary>The balloon size in pages as the driver reports it (<c>actual</c>).</summary>
    public uint BalloonPages => Driver.Actual;

    /// <summary>Free bytes of the guest allocator.</summary>
    public ulong GuestFreeBytes => _allocator.FreeBytes;

    /// <summary>The driver rules the device saw broken (the first <see cref="ViolationLog.SampleLimit"/>; <c>Device.Log</c> counts all).</summary>
    public IReadOnlyList<ProtocolViolation> Violations => Device.Violations;

    /// <summary>Allocates <paramref name="size"/> bytes from the guest allocator and writes every 4 KiB page of them.</summary>
    /// <exception cref="IHeapError">The allocator refused (size invalid: an <see cref="InvalidSizeException"/>; no room: a <see cref="HeapException"/>); nothing changed.</exception>
    public ulong AllocateAndTouch(ulong size)
    {
        ulong address = _allocator.Allocate(size);
        Memory.Touch(address, size);
        return address;
    }

    /// <summary>Frees memory taken from <see cref="Allocator"/>.</summary>
    /// <exception cref="InvalidFreeException">The span is not allocated; nothing changed.</exception>
    public void Free(ulong address, ulong size) => _allocator.Free(address, size);

    /// <summary>The host sets the balloon target (num_pages, 4 KiB units) and raises a config-change interrupt.</summary>
    public void SetTarget(uint numPages) => Device.SetTarget(numPages);

    /// <summary>Memory pressure in the guest: the driver deflates (with DEFLATE_ON_OOM) at the next run.</summary>
    /// <returns>Pages scheduled for deflation.</returns>
    public ulong DeflateOnOom(ulong bytes) => Driver.DeflateOnOom(bytes);

    /// <summary>The host asks for statistics; the driver refills the buffer at the next run.</summary>
    /// <returns>False when the device holds no stats buffer (STATS_VQ not negotiated).</returns>
    public bool RequestStats() => Device.RequestStats();

    /// <summary>Runs driver and device alternately until neither has anything to do, then audits the balloon.</summary>
    /// <param name="maxRounds">Upper bound on rounds.</param>
    public RunReport RunUntilQuiescent(int maxRounds = 10_000_000)
    {
        long before = Device.Log.Total;
        int rounds = 0;
        bool quiet = false;
        while (rounds < maxRounds)
        {
            rounds++;
            bool driver = Driver.Step();
            bool device = Device.Service();
            if (!driver && !device) { quiet = true; break; }
        }
        Device.Audit();
        return new RunReport(rounds, quiet && Driver.IsQuiescent, Driver.Actual, Driver.Target, Driver.InflateBlocked, (int)Math.Min(int.MaxValue, Device.Log.Total - before));
    }

    /// <summary>Releases guest memory.</summary>
    public void Dispose() => Memory.Dispose();
}
