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

    /// <summary>The host page size the device discards in (power of two ≥ 4096). Default 4096. The driver is told it
    /// too (<see cref="BalloonDriverOptions.HostPageSize"/>; virtio itself has no field for it).</summary>
    public ulong HostPageSize { get; init; } = 4096;

    /// <summary>How the host releases 4 KiB sub-pages of larger host pages. Default QEMU's rule.</summary>
    public HostModel HostModel { get; init; } = HostModel.Qemu;

    /// <summary>Free page reporting's parameters (used when PAGE_REPORTING is in <see cref="DriverFeatures"/>):
    /// order (null: the host page's), delay in idle driver steps, blocks per pass, watermark (null: the free floor).</summary>
    public (int? Order, int DelaySteps, int BudgetBlocks, ulong? WatermarkBytes) Reporting { get; init; } = (null, 0, int.MaxValue, null);

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
        Device = new BalloonDevice(memory, options.DeviceFeatures, options.HostPageSize, options.HostModel);
        var driverOptions = new BalloonDriverOptions
        {
            Policy = options.Policy,
            RequestedFeatures = options.DriverFeatures,
            FreeFloorBytes = options.FreeFloorBytes,
            QueueSize = options.QueueSize,
            HostPageSize = options.HostPageSize,
            ReportingOrder = options.Reporting.Order,
            ReportingDelaySteps = options.Reporting.DelaySteps,
            ReportingBudgetBlocks = options.Reporting.BudgetBlocks,
            ReportingWatermarkBytes = options.Reporting.WatermarkBytes,
        };
        if (options.Policy.UsesBuddyHeap())
        {
            // The project's spin-locked heap, which also knows which free memory the host backs. Fresh guest memory is
            // clean for the host-clean-aware policy; the seed's policies know nothing of the host, so for them it counts
            // as dirty (and only reported blocks ever become clean).
            var heap = new BackedBuddyHeap(GuestMemory.GuestPageSize, 2UL << 20);
            heap.AddRange(0, options.MemoryBytes, options.Policy == InflatePolicy.HostCleanAwareMru ? PageBacking.Clean : PageBacking.Dirty);
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

    /// <summary>Bytes of guest memory the host holds populated, as guest memory counts them while pages are written and
    /// discarded: O(1) (see <see cref="GuestMemory.PopulatedBytes"/>).</summary>
    public ulong HostPopulatedBytes => Memory.PopulatedBytes();

    /// <summary>Bytes of guest memory the host holds populated as the backing says (<c>mincore</c> over the whole guest
    /// on the real backing): O(guest); the cross-check of <see cref="HostPopulatedBytes"/>.</summary>
    public ulong MeasureHostPopulatedBytes() => Memory.MeasurePopulatedBytes();

    /// <summary>The balloon size in pages as the driver reports it (<c>actual</c>).</summary>
    public uint BalloonPages => Driver.Actual;

    /// <summary>Free bytes of the guest allocator.</summary>
    public ulong GuestFreeBytes => _allocator.FreeBytes;

    /// <summary>The driver rules the device saw broken (the first <see cref="ViolationLog.SampleLimit"/>; <c>Device.Log</c> counts all).</summary>
    public IReadOnlyList<ProtocolViolation> Violations => Device.Violations;

    /// <summary>Allocates <paramref name="size"/> bytes from the guest allocator and populates every 4 KiB page of them
    /// (<see cref="GuestMemory.Touch"/>: as writes would, no byte changed).</summary>
    /// <exception cref="IHeapError">The allocator refused (size invalid: an <see cref="InvalidSizeException"/>; no room: a <see cref="HeapException"/>); nothing changed.</exception>
    public ulong AllocateAndTouch(ulong size)
    {
        ulong address = _allocator.Allocate(size);
        Memory.Touch(address, size);
        return address;
    }

    /// <summary>Sets bit i of <paramref name="bits"/> (word i / 64) exactly when guest page i is free in the guest's
    /// allocator; the driver's queue pages and the balloon's pages are allocated. Use it while no other thread runs.</summary>
    /// <exception cref="ArgumentException"><paramref name="bits"/> holds fewer bits than the guest has pages.</exception>
    public void GetFreePages(Span<ulong> bits)
    {
        ulong pages = Memory.Pages;
        if ((ulong)bits.Length * 64 < pages) throw new ArgumentException($"The span must hold {pages} bits.", nameof(bits));
        bits.Clear();
        if (Heap is not null)
        {
            foreach ((ulong address, ulong length, _) in Heap.FreeBlocks())
                for (ulong p = address / GuestMemory.GuestPageSize, end = p + length / GuestMemory.GuestPageSize; p < end; p++)
                    bits[(int)(p / 64)] |= 1UL << (int)(p % 64);
            return;
        }
        lock (Driver.SyncRoot)
            for (ulong p = 0; p < pages; p++)
                if (!Bitmap!.IsAllocated(p * GuestMemory.GuestPageSize)) bits[(int)(p / 64)] |= 1UL << (int)(p % 64);
    }

    /// <summary>Sets bit i of <paramref name="bits"/> exactly when the host holds guest page i populated.</summary>
    /// <exception cref="ArgumentException"><paramref name="bits"/> holds fewer bits than the guest has pages.</exception>
    public void GetPopulatedPages(Span<ulong> bits)
    {
        ulong pages = Memory.Pages;
        if ((ulong)bits.Length * 64 < pages) throw new ArgumentException($"The span must hold {pages} bits.", nameof(bits));
        bits.Clear();
        var chunk = new bool[Math.Min(pages, 1UL << 16)];
        for (ulong first = 0; first < pages; first += (ulong)chunk.Length)
        {
            int n = (int)Math.Min((ulong)chunk.Length, pages - first);
            Memory.GetPopulated(first * GuestMemory.GuestPageSize, chunk.AsSpan(0, n));
            for (int i = 0; i < n; i++)
                if (chunk[i]) bits[(int)((first + (ulong)i) / 64)] |= 1UL << (int)((first + (ulong)i) % 64);
        }
    }

    /// <summary>The ideal of <see cref="BalloonIdeal"/> for this guest now: the most populated memory a balloon of
    /// <paramref name="budgetPages"/> more free pages could release, at the device's host page size.</summary>
    public ulong IdealReleasableBytes(ulong budgetPages)
    {
        var free = new ulong[(Memory.Pages + 63) / 64];
        var populated = new ulong[free.Length];
        GetFreePages(free);
        GetPopulatedPages(populated);
        return BalloonIdeal.ReleasableBytes(free, populated, Memory.Pages, Device.HostPageSize, budgetPages);
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
