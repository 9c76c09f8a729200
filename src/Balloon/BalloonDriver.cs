using System.Buffers.Binary;
using Verified.Buddy;

namespace Verified.Balloon;

/// <summary>Options of a <see cref="BalloonDriver"/>.</summary>
public sealed class BalloonDriverOptions
{
    /// <summary>How batches are allocated (MRU single pages, or pre-PR contiguous first fit). Default MRU.</summary>
    public InflatePolicy Policy { get; init; } = InflatePolicy.MruSinglePages;

    /// <summary>Features the driver asks for (it accepts those of them the device offers). FREE_PAGE_HINT is never
    /// accepted, nor PAGE_POISON (this guest does not poison free pages, so it has no poison value to promise);
    /// PAGE_REPORTING only on a guest whose allocator supports it (the MRU heap of <see cref="BalloonGuest"/>).
    /// Default: MUST_TELL_HOST, STATS_VQ, DEFLATE_ON_OOM.</summary>
    public BalloonFeatures RequestedFeatures { get; init; } =
        BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom;

    /// <summary>Free memory the driver never inflates into. Default 17 MiB (16 MiB + one batch).</summary>
    public ulong FreeFloorBytes { get; init; } = 17UL << 20;

    /// <summary>Size of each virtqueue: a power of two, 1 to 32768 (the ring must fit one allocation). Default 64.</summary>
    public int QueueSize { get; init; } = 64;

    /// <summary>The host's page size as the VMM told the guest (a power of two ≥ 4096; default 4096). Virtio has no field
    /// for it — the balloon's config space carries only <c>num_pages</c> and <c>actual</c> in 4 KiB units — so it is a
    /// driver option, set from whatever the VMM documents or passes on the kernel command line. The host-clean-aware
    /// policy inflates whole host-page-aligned runs with it, and free page reporting's default order follows it.</summary>
    public ulong HostPageSize { get; init; } = 4096;

    /// <summary>Free page reporting's block order (log2 of 4 KiB pages per block, at most the heap's maximum order).
    /// Default null: the host page's order (capped at the heap's maximum), Linux's <c>page_reporting_order</c> rule.</summary>
    public int? ReportingOrder { get; init; }

    /// <summary>Idle driver steps before each reporting pass (Linux waits 2 s after the free that started it). Default 0.</summary>
    public int ReportingDelaySteps { get; init; }

    /// <summary>Most blocks one reporting pass reports (in requests of up to 32); the next pass waits the delay again.
    /// Default unlimited.</summary>
    public int ReportingBudgetBlocks { get; init; } = int.MaxValue;

    /// <summary>Reporting isolates a block only while the free memory left after it stays at or above this. Default
    /// null: the free floor.</summary>
    public ulong? ReportingWatermarkBytes { get; init; }

    /// <summary>PFNs per request (tests use small batches to get many requests from few pages). Default 256.</summary>
    internal int BatchPages { get; init; } = BalloonDriver.MaxPfnsPerRequest;

    /// <summary>Index both sides start the rings at (tests start near 2^16 to cross the wrap). Default 0, as after a reset.</summary>
    internal ushort InitialRingIndex { get; init; }
}

/// <summary>Protocol bugs the Coyote tests seed into the driver, one flag each, to show the checks find them.</summary>
[Flags]
internal enum SeededBug
{
    None = 0,
    /// <summary>With MUST_TELL_HOST, deflated pages go back to the heap before the device acknowledges.</summary>
    ReuseBeforeAck = 1,
    /// <summary><c>actual</c> is raised when an inflate request is sent, not when it is acknowledged.</summary>
    ActualBeforeAck = 2,
    /// <summary>Pages join the balloon list when sent, and deflation does not wait for the inflation in flight.</summary>
    DeflateUnacknowledged = 4,
    /// <summary>avail.idx is published before the ring entry it covers is written.</summary>
    AvailIndexBeforeEntry = 8,
    /// <summary>A returned chain's descriptors are freed by following the <c>next</c> links in the shared descriptor
    /// table (which the device may rewrite) instead of the driver's private copy.</summary>
    FreeBySharedNext = 16,
}

/// <summary>The device refused the driver: it did not accept FEATURES_OK (virtio 1.2 §3.1.1). The driver has set
/// FAILED in the status register.</summary>
public sealed class BalloonDeviceException : Exception
{
    internal BalloonDeviceException(string message) : base(message) { }
}

/// <summary>
/// The guest's virtio-balloon driver. It probes the device with the status handshake (ACKNOWLEDGE, DRIVER, features,
/// FEATURES_OK, queues, DRIVER_OK). On a config change it moves the balloon towards num_pages in requests of up to
/// 256 PFNs — each PFN a single 4 KiB allocation from the MRU heap, or (pre-PR policy) one contiguous allocation per
/// request from a first-fit allocator — keeping one request in flight at a time. A request that cannot be filled
/// frees what it took and is retried at a later <see cref="Step"/>; inflation never takes memory below the free floor.
/// Deflated pages return to the allocator only after the acknowledgement when MUST_TELL_HOST is negotiated.
/// <c>actual</c> is written after each acknowledged request. The stats buffer (ten standard tags) is kept queued and
/// re-filled each time the device returns it. Under memory pressure, <see cref="DeflateOnOom"/> deflates when
/// DEFLATE_ON_OOM is negotiated.
/// </summary>
/// <remarks>
/// <para>The device is not trusted: every used entry is validated against the driver's private copy of its chains
/// (<see cref="DriverVirtqueue"/>). When the device breaks a queue, or sets DEVICE_NEEDS_RESET, the driver stops using
/// the queues, sets FAILED (for a fault it found itself), resets the device, negotiates again and resubmits: every page
/// it held for the balloon — acknowledged, in an unacknowledged request, or being deflated — is still the driver's; a
/// reset leaves the device holding none, so the driver re-inflates as many as the target wants and returns the rest to
/// the heap (a page the host discarded reads as zeros when next touched), and <c>actual</c> counts from 0 again.
/// No page is lost and none is both in the balloon and in the heap at any point.</para>
/// <para>Thread-safe: every method takes <see cref="SyncRoot"/>, which also guards the allocator (the guest's other
/// users must allocate under the same lock; <see cref="BalloonGuest.Allocator"/> does).</para>
/// </remarks>
public sealed class BalloonDriver
{
    /// <summary>PFNs per inflate or deflate request (Linux's and Firecracker's limit).</summary>
    public const int MaxPfnsPerRequest = BalloonDevice.MaxPfnsPerRequest;
    private const ulong Page = GuestMemory.GuestPageSize;

    private readonly GuestMemory _memory;
    private readonly IPageAllocator _allocator;
    private readonly BalloonDevice _device;
    private readonly BalloonDriverOptions _options;
    private readonly ulong _ringBytes;
    private readonly List<ulong> _rings = [];             // per queue slot: its ring block (kept across resets)
    private readonly List<ulong> _buffers = [];           // per queue slot: one page for its request buffer
    private DriverVirtqueue[] _queues = [];
    private readonly List<Extent> _balloon = [];          // acknowledged balloon pages, as allocated
    private readonly List<Extent> _resubmit = [];         // balloon pages held after a reset, to inflate again
    private readonly Request?[] _inFlight = new Request?[2];
    private uint _target;
    private bool _updateWanted;
    private ulong _oomPages;
    private int _acked;                                   // pages of the balloon the device has acknowledged
    private readonly BackedBuddyHeap? _backed;            // the heap that knows the host's backing (null: a plain allocator)
    private readonly int _reportOrder;                    // free page reporting's block order
    private readonly ulong _reportWatermark;              // reporting keeps at least this much memory free
    private readonly ulong _hostPageBytes;                // the host page size the VMM told the driver
    private readonly bool _hostPageBeyondRequest;         // a host page has more sub-pages than one inflate request carries
    private int _preInflateBudget;                        // blocks still to report before this inflation (host-clean-aware policy)
    private bool _preInflateMerged;                       // this pass has made part-clean wholly free host pages dirty
    private int _idleSteps;                               // idle steps since the last reporting pass
    private int _passBudget = -1;                         // blocks left in the current reporting pass (-1: no pass)
    private (ushort Head, ulong[] Blocks)? _reportInFlight;
    private int _reportedBlocks;                          // blocks the device acknowledged as reported

    /// <summary>Most free blocks one report carries (Linux's PAGE_REPORTING_CAPACITY).</summary>
    public const int MaxBlocksPerReport = 32;

    /// <summary>Balloon pages as allocated. <c>HostReleased</c>: the driver knows the host holds nothing for them after
    /// the inflation — it discarded them (whole host-page-aligned runs, or any page when host pages are 4 KiB), or they
    /// were clean when the balloon took them (nobody touches a balloon page) — so they go back clean after a deflate.</summary>
    private readonly record struct Extent(uint Pfn, uint Pages, bool HostReleased = false);
    private sealed record Request(ushort Head, Extent[] Extents, uint Pages, bool Oom, bool FreedEarly);

    /// <summary>Probes the device: the status handshake and feature negotiation, takes the queues' memory from
    /// <paramref name="allocator"/>, sets up and registers the queues, sets DRIVER_OK, and queues the first stats buffer.
    /// This allocator knows nothing of the host's backing: PAGE_REPORTING is never negotiated and deflated pages are
    /// plain frees. A guest whose heap is a <see cref="BackedBuddyHeap"/> uses the other constructor.</summary>
    /// <param name="memory">Guest memory.</param>
    /// <param name="allocator">The guest's page allocator (4 KiB pages) the balloon takes its pages from.</param>
    /// <param name="device">The device (its status register, config space and queue registers are the transport).</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="syncRoot">The lock shared with the allocator's other users; a new one when null.</param>
    /// <exception cref="ArgumentException">The allocator's page size is not 4096, or the queue size is invalid.</exception>
    /// <exception cref="HeapException">The allocator has no room for the queues.</exception>
    /// <exception cref="BalloonDeviceException">The device refused FEATURES_OK (the driver set FAILED).</exception>
    public BalloonDriver(GuestMemory memory, IPageAllocator allocator, BalloonDevice device, BalloonDriverOptions? options = null, object? syncRoot = null)
        : this(memory, allocator, null, device, options, syncRoot)
    {
    }

    /// <summary>Probes the device as the other constructor does, on a guest whose heap knows which free memory the host
    /// still backs: free page reporting can be negotiated (reported blocks are marked clean in the heap), and the
    /// host-clean-aware policy frees deflated pages as clean. The heap has its own spin lock; <paramref name="syncRoot"/>
    /// guards only the driver's state.</summary>
    /// <exception cref="ArgumentException">The heap's page size is not 4096, or the queue size is invalid.</exception>
    /// <exception cref="HeapException">The heap has no room for the queues.</exception>
    /// <exception cref="BalloonDeviceException">The device refused FEATURES_OK (the driver set FAILED).</exception>
    public BalloonDriver(GuestMemory memory, BackedBuddyHeap heap, BalloonDevice device, BalloonDriverOptions? options = null, object? syncRoot = null)
        : this(memory, heap, heap, device, options, syncRoot)
    {
    }

    private BalloonDriver(GuestMemory memory, IPageAllocator allocator, BackedBuddyHeap? backed, BalloonDevice device, BalloonDriverOptions? options, object? syncRoot)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(device);
        if (allocator.PageSize != Page) throw new ArgumentException("The balloon needs a 4 KiB page allocator.", nameof(allocator));
        _memory = memory; _allocator = allocator; _backed = backed; _device = device;
        _options = options ?? new BalloonDriverOptions();
        SyncRoot = syncRoot ?? new object();
        _ringBytes = (VirtqueueLayout.BytesFor(_options.QueueSize) + Page - 1) / Page * Page;   // validates the size
        if (_options.HostPageSize < Page || !System.Numerics.BitOperations.IsPow2(_options.HostPageSize))
            throw new ArgumentException($"The host page size {_options.HostPageSize} is not a power of two of at least 4096.", nameof(options));
        _hostPageBytes = _options.HostPageSize;
        int maxOrder = backed?.MaxOrder ?? 0;
        _reportOrder = _options.ReportingOrder ?? Math.Min(maxOrder, System.Numerics.BitOperations.Log2(_hostPageBytes / Page));
        if (_reportOrder < 0 || _reportOrder > maxOrder)
            throw new ArgumentException($"The reporting order {_reportOrder} is outside 0..{maxOrder} (the heap's largest block).", nameof(options));
        if (_options.ReportingDelaySteps < 0 || _options.ReportingBudgetBlocks < 1)
            throw new ArgumentException("The reporting delay must be ≥ 0 and the budget ≥ 1.", nameof(options));
        _reportWatermark = _options.ReportingWatermarkBytes ?? _options.FreeFloorBytes;
        _hostPageBeyondRequest = _hostPageBytes / Page > (ulong)_options.BatchPages;
        lock (SyncRoot)
        {
            if (!Probe(_options.InitialRingIndex))
                throw new BalloonDeviceException($"The device refused FEATURES_OK for {Features}; the driver set FAILED.");
        }
    }

    /// <summary>The lock that guards the driver and the guest allocator.</summary>
    public object SyncRoot { get; }

    /// <summary>The negotiated features (of the latest negotiation).</summary>
    public BalloonFeatures Features { get; private set; }

    /// <summary>The allocation policy.</summary>
    public InflatePolicy Policy => _options.Policy;

    /// <summary>Free memory the driver never inflates into.</summary>
    public ulong FreeFloorBytes => _options.FreeFloorBytes;

    /// <summary>The balloon size the driver last wrote to <c>actual</c> (acknowledged pages).</summary>
    public uint Actual { get { lock (SyncRoot) return (uint)_acked; } }

    /// <summary>The target (num_pages) as the driver last read it.</summary>
    public uint Target { get { lock (SyncRoot) return _target; } }

    /// <summary>True while an inflate or deflate request awaits its acknowledgement.</summary>
    public bool RequestInFlight { get { lock (SyncRoot) return _inFlight[0] is not null || _inFlight[1] is not null; } }

    /// <summary>True when the last attempt to inflate could not be filled (floor reached or no memory); a later
    /// <see cref="Step"/> retries.</summary>
    public bool InflateBlocked { get; private set; }

    /// <summary>Times the driver reset the device to recover from a fault.</summary>
    public int Recoveries { get { lock (SyncRoot) return _recoveries; } }
    private int _recoveries;

    /// <summary>Why the driver last reset the device; null before the first recovery.</summary>
    public string? LastFault { get { lock (SyncRoot) return _lastFault; } }
    private string? _lastFault;

    /// <summary>True when the device refused the driver after a reset: the driver has set FAILED, given every balloon
    /// page back to the heap, and does nothing more.</summary>
    public bool IsFailed { get { lock (SyncRoot) return _failed; } }
    private bool _failed;

    /// <summary>True when the driver has nothing left to do until the next config change, OOM request or stats request.</summary>
    public bool IsQuiescent
    {
        get
        {
            lock (SyncRoot)
                return _failed || (_inFlight[0] is null && _inFlight[1] is null && _reportInFlight is null && _oomPages == 0
                    && _resubmit.Count == 0 && (!_updateWanted || InflateBlocked));
        }
    }

    /// <summary>Guest-physical pages held by the driver for its queues and buffers (never in the heap nor the balloon).</summary>
    public IEnumerable<(ulong Address, ulong Length)> QueueMemory
    {
        get
        {
            lock (SyncRoot)
            {
                var list = new List<(ulong, ulong)>();
                for (int i = 0; i < _rings.Count; i++) { list.Add((_rings[i], _ringBytes)); list.Add((_buffers[i], Page)); }
                return list;
            }
        }
    }

    /// <summary>Snapshot of the PFNs in the balloon as the driver holds them (acknowledged, not being deflated).</summary>
    public ulong[] BalloonPfns()
    {
        lock (SyncRoot) return Pfns(_balloon);
    }

    /// <summary>Snapshot of every page the driver holds for the balloon: acknowledged, in a request in flight, being
    /// deflated (not yet given back to the heap), or waiting to be inflated again after a reset. None of them is in the
    /// heap's free memory nor with any other user.</summary>
    public ulong[] HeldPfns()
    {
        lock (SyncRoot)
        {
            var all = new List<Extent>(_balloon);
            all.AddRange(_resubmit);
            if (_inFlight[0] is Request i && !_seeds.HasFlag(SeededBug.DeflateUnacknowledged)) all.AddRange(i.Extents);
            if (_inFlight[1] is Request d && !d.FreedEarly) all.AddRange(d.Extents);
            return Pfns(all);
        }
    }

    private static ulong[] Pfns(List<Extent> extents)
    {
        var list = new List<ulong>();
        foreach (Extent e in extents) for (uint i = 0; i < e.Pages; i++) list.Add(e.Pfn + i);
        return [.. list];
    }

    /// <summary>The driver's queues (of the latest negotiation), for tests that check their bookkeeping.</summary>
    internal IReadOnlyList<DriverVirtqueue> Queues => _queues;

    internal SeededBug Seeds
    {
        get => _seeds;
        set
        {
            _seeds = value;
            foreach (DriverVirtqueue q in _queues) ApplySeeds(q);
        }
    }
    private SeededBug _seeds;

    internal Action? Interleave
    {
        set
        {
            _interleave = value;
            foreach (DriverVirtqueue q in _queues) q.Interleave = value;
        }
    }
    private Action? _interleave;

    private void ApplySeeds(DriverVirtqueue q)
    {
        q.SeedPublishIndexBeforeEntry = _seeds.HasFlag(SeededBug.AvailIndexBeforeEntry);
        q.SeedFreeBySharedNext = _seeds.HasFlag(SeededBug.FreeBySharedNext);
    }

    private int StatsQueue => _device.StatsQueueIndex;

    /// <summary>
    /// Initialises the device (§3.1.1): reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK (read back: the device may
    /// refuse), queues, DRIVER_OK; then the first stats buffer. Queue memory is allocated once and reused.
    /// </summary>
    /// <returns>False when the device refused the features; FAILED is then set.</returns>
    private bool Probe(ushort initialIndex)
    {
        _device.WriteStatus(DeviceStatus.Reset);
        _device.WriteStatus(DeviceStatus.Acknowledge);
        _device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        BalloonFeatures declined = BalloonFeatures.FreePageHint | BalloonFeatures.PagePoison | (_backed is null ? BalloonFeatures.PageReporting : 0);
        BalloonFeatures wanted = ((_options.RequestedFeatures & ~declined) | BalloonFeatures.Version1) & _device.OfferedFeatures;
        Features = wanted;
        _device.WriteDriverFeatures(wanted);
        const DeviceStatus Negotiated = DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk;
        _device.WriteStatus(Negotiated);
        if (!_device.Status.HasFlag(DeviceStatus.FeaturesOk))
        {
            _device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.Failed);
            _queues = [];
            return false;
        }
        int count = _device.QueueCount;
        var queues = new DriverVirtqueue[count];
        for (int i = 0; i < count; i++)
        {
            if (i == _rings.Count)
            {
                _rings.Add(_allocator.Allocate(_ringBytes));
                _buffers.Add(_allocator.Allocate(Page));
            }
            var layout = VirtqueueLayout.Contiguous(_rings[i], _options.QueueSize);
            queues[i] = new DriverVirtqueue(_memory, layout, i, initialIndex) { Interleave = _interleave };
            ApplySeeds(queues[i]);
            _device.AttachQueue(i, layout, initialIndex);
        }
        _queues = queues;
        _device.WriteStatus(Negotiated | DeviceStatus.DriverOk);
        if (StatsQueue >= 0) QueueStats();
        return true;
    }

    /// <summary>
    /// Does one round of driver work: recovers first if the device needs a reset, takes acknowledgements (recovering
    /// when one is invalid), reads the target after a config-change interrupt, re-queues a returned stats buffer, and
    /// sends the next request when none is in flight (OOM deflation first, then pages held across a reset, then
    /// towards the target).
    /// </summary>
    /// <returns>True when anything changed.</returns>
    public bool Step()
    {
        lock (SyncRoot)
        {
            if (_failed) return false;
            if (_device.Status.HasFlag(DeviceStatus.DeviceNeedsReset)) { Recover("the device set DEVICE_NEEDS_RESET", driverFound: false); return true; }
            bool progress;
            try { progress = CollectAcknowledgements(); }
            catch (VirtqueueException e) { Recover(e.Message, driverFound: true); return true; }
            if (_device.TakeConfigInterrupt())
            {
                _target = _device.ReadConfig32(BalloonConfig.NumPages);
                _updateWanted = true;
                InflateBlocked = false;
                progress = true;
                _preInflateBudget = ReportsBeforeInflating ? _options.ReportingBudgetBlocks : 0;
                _preInflateMerged = false;
            }
            bool deflateFree = _inFlight[1] is null;
            bool idle = _inFlight[0] is null && deflateFree;
            bool mayDeflate = _seeds.HasFlag(SeededBug.DeflateUnacknowledged) ? deflateFree : idle;
            if (_oomPages > 0 && mayDeflate)
            {
                uint pages = (uint)Math.Min(Math.Min(_oomPages, (ulong)_options.BatchPages), (ulong)BalloonListPages());
                if (pages == 0) _oomPages = 0;
                else progress |= SubmitDeflate(pages, oom: true);
            }
            else if (_resubmit.Count > 0 && idle) progress |= SubmitInflate(0);
            else if (_updateWanted && idle)
            {
                long delta = (long)_target - _acked;
                if (delta > 0 && _preInflateBudget > 0) progress |= ReportBeforeInflating();
                else if (delta > 0) progress |= SubmitInflate((uint)Math.Min(delta, _options.BatchPages));
                else if (delta < 0) progress |= SubmitDeflate((uint)Math.Min(-delta, _options.BatchPages), oom: false);
                else { _updateWanted = false; progress = true; }
            }
            else if (idle && _oomPages == 0 && (!_updateWanted || InflateBlocked)) progress |= ReportFreeBlocks();
            return progress;
        }
    }

    /// <summary>
    /// Recovery from a device fault (§2.1.1, §2.1.2): stop using the queues, set FAILED when the driver found the fault
    /// itself, reset, negotiate again, and resubmit. Every page the driver held for the balloon stays the driver's:
    /// the reset left the device holding none, so as many as the target wants are inflated again and the rest return to
    /// the heap (safe: the host holds none of them now, and one it discarded reads as zeros when next touched). Pages
    /// of a deflate in flight count as held (with MUST_TELL_HOST they were not yet reused); blocks of a report in flight
    /// go back to the heap (free memory keeps no content without PAGE_POISON).
    /// </summary>
    private void Recover(string reason, bool driverFound)
    {
        _recoveries++;
        _lastFault = reason;
        if (driverFound) _device.WriteStatus(_device.Status | DeviceStatus.Failed);
        _device.WriteStatus(DeviceStatus.Reset);

        var held = new List<Extent>(_resubmit);
        held.AddRange(_balloon);
        if (_inFlight[0] is Request inflate && !_seeds.HasFlag(SeededBug.DeflateUnacknowledged)) held.AddRange(inflate.Extents);
        if (_inFlight[1] is Request deflate && !deflate.FreedEarly) held.AddRange(deflate.Extents);
        _resubmit.Clear(); _balloon.Clear();
        _inFlight[0] = _inFlight[1] = null;
        if (_reportInFlight is (_, ulong[] blocks)) foreach (ulong b in blocks) _backed!.ReturnIsolated(b, PageBacking.Dirty);
        _reportInFlight = null;
        _acked = 0;

        if (!Probe(0))
        {
            _failed = true;
            Release(held, long.MaxValue);
            _oomPages = 0;
            return;
        }
        _target = _device.ReadConfig32(BalloonConfig.NumPages);
        _updateWanted = true;
        InflateBlocked = false;
        long pages = 0;
        foreach (Extent e in held) pages += e.Pages;
        long oom = (long)Math.Min(_oomPages, (ulong)pages);
        _oomPages = 0;
        long keep = Math.Min(pages - oom, _target);
        Release(held, pages - keep);   // from the end: the most recently inflated pages first, as a deflate would
        _resubmit.AddRange(held);
    }

    /// <summary>Resets the device and recovers exactly as after a fault the device reported (tests use it to end a
    /// hostile phase; a guest resuming from suspend would do the same).</summary>
    internal void ResetDevice(string reason)
    {
        lock (SyncRoot) if (!_failed) Recover(reason, driverFound: false);
    }

    /// <summary>Gives up to <paramref name="pages"/> pages from the end of <paramref name="extents"/> back to the heap.</summary>
    private long Release(List<Extent> extents, long pages)
    {
        long released = 0;
        while (released < pages && extents.Count > 0)
        {
            Extent last = extents[^1];
            uint n = (uint)Math.Min(last.Pages, pages - released);
            if (n == last.Pages) extents.RemoveAt(extents.Count - 1);
            else extents[^1] = last with { Pages = last.Pages - n };
            _allocator.Free((ulong)(last.Pfn + last.Pages - n) * Page, n * Page);   // after a reset or failure: dirty, conservatively
            released += n;
        }
        return released;
    }

    /// <summary>
    /// Memory pressure: schedules deflation of ceil(bytes / 1 MiB) requests' worth of pages (capped at the balloon),
    /// which <see cref="Step"/> sends before anything else; the balloon does not re-inflate until the next config change.
    /// Pages held across a reset and not yet inflated again go back to the heap at once (the device holds none of them).
    /// </summary>
    /// <returns>Pages scheduled or released; 0 when DEFLATE_ON_OOM was not negotiated (the driver must not deflate then).</returns>
    public ulong DeflateOnOom(ulong bytes)
    {
        lock (SyncRoot)
        {
            if (!Features.HasFlag(BalloonFeatures.DeflateOnOom) || bytes == 0 || _failed) return 0;
            ulong batches = (bytes + (1UL << 20) - 1) >> 20;
            ulong wanted = batches * MaxPfnsPerRequest;
            ulong released = (ulong)Release(_resubmit, (long)Math.Min(wanted, int.MaxValue));
            // Capped at the pages the driver holds in its balloon list: acknowledged pages not already being deflated.
            ulong pages = Math.Min(wanted - released, (ulong)BalloonListPages());
            _oomPages += pages;
            _updateWanted = false;
            return pages + released;
        }
    }

    private long BalloonListPages()
    {
        long n = 0;
        foreach (Extent e in _balloon) n += e.Pages;
        return n;
    }

    /// <summary>True when the driver reports free memory before it inflates: the host-clean-aware policy, PAGE_REPORTING
    /// negotiated, and host pages with more sub-pages than one inflate request carries. Under QEMU's rule
    /// (<see cref="HostModel.Qemu"/>) such a host page is never released by inflation, only by reporting, and the
    /// balloon, once inflated, holds memory reporting can no longer reach; so the dirty free blocks are reported first
    /// (one pass, bounded by the budget, without the idle delay: the host has asked for memory now).</summary>
    private bool ReportsBeforeInflating =>
        _hostPageBeyondRequest && _options.Policy == InflatePolicy.HostCleanAwareMru && _backed is not null && _device.ReportingQueueIndex >= 0;

    /// <summary>One step of the reporting pass that precedes an inflation: waits for the report in flight, sends the
    /// next one, and ends the pass (so inflation starts) when nothing is left to report or the budget is spent.</summary>
    private bool ReportBeforeInflating()
    {
        if (_reportInFlight is not null) return false;   // the device acknowledges it; the pass goes on after that
        if (!_preInflateMerged)
        {
            // Wholly free host pages that are part clean, part dirty (an untouched tail beside freed pages) become one
            // dirty block each, so that the pass reports them too.
            _backed!.MergeMixedIntoDirty(_reportOrder);
            _preInflateMerged = true;
        }
        int sent = SendReport(_preInflateBudget);
        if (sent == 0) { _preInflateBudget = 0; return true; }
        _preInflateBudget -= sent;
        return true;
    }

    /// <summary>Free page reporting: isolates up to 32 dirty free blocks of the reporting order from the heap (the
    /// coldest first) and reports them in one request of device-writable buffers; on the acknowledgement they return to
    /// the heap marked clean, so they are not reported again while free and allocations take dirty memory first.</summary>
    private bool ReportFreeBlocks()
    {
        int queue = _device.ReportingQueueIndex;
        if (_backed is null || queue < 0 || _reportInFlight is not null) return false;
        ulong blockBytes = Page << _reportOrder;
        BackingAccounting seen = _backed.Accounting;
        if (seen.DirtyFreeBytes < blockBytes || seen.FreeBytes < _reportWatermark + blockBytes) { _passBudget = -1; return false; }
        if (_passBudget <= 0)
        {
            // Between passes: wait the delay (the driver is not quiescent meanwhile: a pass is due), then start one.
            if (_idleSteps < _options.ReportingDelaySteps) { _idleSteps++; return true; }
            _idleSteps = 0;
            _passBudget = _options.ReportingBudgetBlocks;
        }
        int count = SendReport(_passBudget);
        if (count == 0) { _passBudget = -1; return false; }
        _passBudget -= count;
        return true;
    }

    /// <summary>Isolates up to min(32, <paramref name="budget"/>) dirty free blocks of the reporting order (coldest
    /// first, never below the watermark) and sends them as one report; returns how many it sent (0: none).</summary>
    private int SendReport(int budget)
    {
        int queue = _device.ReportingQueueIndex;
        if (_backed is null || queue < 0 || _reportInFlight is not null || budget <= 0) return 0;
        ulong blockBytes = Page << _reportOrder;
        BackingAccounting seen = _backed.Accounting;
        if (seen.DirtyFreeBytes < blockBytes || seen.FreeBytes < _reportWatermark + blockBytes) return 0;
        ulong room = (seen.FreeBytes - _reportWatermark) / blockBytes;
        int capacity = (int)Math.Min((ulong)Math.Min(MaxBlocksPerReport, _queues[queue].FreeDescriptors), Math.Min(room, (ulong)budget));
        Span<ulong> taken = stackalloc ulong[MaxBlocksPerReport];
        int count = _backed.IsolateDirty(_reportOrder, taken[..capacity]);
        if (count == 0) return 0;
        ulong[] blocks = taken[..count].ToArray();
        var segments = new BufferSegment[count];
        for (int i = 0; i < count; i++) segments[i] = new BufferSegment(blocks[i], (uint)blockBytes, true);
        if (!_queues[queue].TryAdd(segments, out ushort head))
        {
            foreach (ulong b in blocks) _backed.ReturnIsolated(b, PageBacking.Dirty);
            return 0;
        }
        _device.Notify(queue);
        _reportInFlight = (head, blocks);
        return count;
    }

    /// <summary>Blocks the device has acknowledged as reported since the driver was created (each was marked clean in
    /// the heap; how many of them are still free is the heap's <see cref="BackedBuddyHeap.CleanFreeBytes"/>).</summary>
    public int ReportedBlocks { get { lock (SyncRoot) return _reportedBlocks; } }

    /// <summary>Sends an inflate request: pages held across a reset first (up to a batch of them), else
    /// <paramref name="want"/> new pages from the allocator.</summary>
    private bool SubmitInflate(uint want)
    {
        var extents = new List<Extent>();
        uint taken = 0;
        if (_resubmit.Count > 0)
        {
            uint batch = (uint)_options.BatchPages;
            while (taken < batch && _resubmit.Count > 0)
            {
                Extent last = _resubmit[^1];
                uint n = Math.Min(last.Pages, batch - taken);
                if (n == last.Pages) _resubmit.RemoveAt(_resubmit.Count - 1);
                else _resubmit[^1] = last with { Pages = last.Pages - n };
                extents.Add(last with { Pfn = last.Pfn + last.Pages - n, Pages = n });
                taken += n;
            }
        }
        else if (_options.Policy == InflatePolicy.HostCleanAwareMru && _backed is not null)
        {
            taken = TakeHostCleanAware(want, extents);
        }
        else if (_options.Policy.TakesSinglePages())
        {
            for (; taken < want; taken++)
            {
                if (_allocator.FreeBytes < _options.FreeFloorBytes + Page) break;
                if (!_allocator.TryAllocate(Page, out ulong address))
                {
                    foreach (Extent e in extents) _allocator.Free(e.Pfn * Page, Page);   // free what the batch took; retry later
                    InflateBlocked = true;
                    return false;
                }
                extents.Add(new Extent((uint)(address / Page), 1));
            }
        }
        else
        {
            ulong free = _allocator.FreeBytes;
            ulong room = free > _options.FreeFloorBytes ? (free - _options.FreeFloorBytes) / Page : 0;
            uint n = (uint)Math.Min(want, room);
            if (n > 0)
            {
                if (!_allocator.TryAllocate(n * Page, out ulong address)) { InflateBlocked = true; return false; }
                extents.Add(new Extent((uint)(address / Page), n));
                taken = n;
            }
        }
        if (taken == 0) { InflateBlocked = true; return false; }
        if (taken < want) InflateBlocked = true;   // the floor stopped this batch: no more until things change

        ushort head = Send(0, extents);
        _inFlight[0] = new Request(head, [.. extents], taken, false, false);
        if (_seeds.HasFlag(SeededBug.DeflateUnacknowledged)) _balloon.AddRange(extents);
        if (_seeds.HasFlag(SeededBug.ActualBeforeAck)) _device.WriteConfig32(BalloonConfig.Actual, (uint)(_acked + (int)taken));
        return true;
    }

    /// <summary>
    /// The host-clean-aware choice. When a host page fits in one request: memory the host still backs first — while a
    /// whole host page fits in the request, dirty free host-page-aligned runs (each all dirty, so all backed); then
    /// single dirty pages; then any free page. Whole runs and, with 4 KiB host pages, every page are known to be
    /// discarded by the host. When a host page has more sub-pages than a request carries, inflation cannot release it
    /// (QEMU forgets a partial host page at the end of each request), so the balloon takes what costs nothing instead:
    /// clean memory first, then dirty pages of blocks smaller than a host page (their host pages are not wholly free, so
    /// nothing can release them), and whole dirty host-page blocks — what free page reporting gives back — last.
    /// </summary>
    private uint TakeHostCleanAware(uint want, List<Extent> extents)
    {
        BackedBuddyHeap heap = _backed!;
        ulong floor = _options.FreeFloorBytes;
        uint sub = (uint)(_hostPageBytes / Page);
        uint taken = 0;
        if (_hostPageBeyondRequest)
        {
            for (; taken < want; taken++)
            {
                bool clean = heap.TryAllocateClean(Page, floor, out ulong page);
                if (!clean && !heap.TryAllocateDirty(Page, floor, _reportOrder, out page) && !heap.TryAllocateKeepingReserve(Page, floor, out page)) break;
                extents.Add(new Extent((uint)(page / Page), 1, HostReleased: clean));
            }
            return taken;
        }
        while (sub > 1 && want - taken >= sub && heap.TryAllocateDirty(_hostPageBytes, floor, out ulong run))
        {
            extents.Add(new Extent((uint)(run / Page), sub, HostReleased: true));
            taken += sub;
        }
        while (taken < want)
        {
            if (!heap.TryAllocateDirty(Page, floor, out ulong page) && !heap.TryAllocateKeepingReserve(Page, floor, out page)) break;
            extents.Add(new Extent((uint)(page / Page), 1, HostReleased: sub == 1));
            taken++;
        }
        return taken;
    }

    /// <summary>Returns deflated pages to the allocator: as clean memory when the policy is host-clean-aware and the host
    /// discarded them (QEMU does not repopulate a deflated page; it is backed again only when touched), else as a plain free.</summary>
    private void FreeDeflated(Extent e)
    {
        if (_backed is not null && e.HostReleased && _options.Policy == InflatePolicy.HostCleanAwareMru)
            _backed.Free(e.Pfn * Page, e.Pages * Page, PageBacking.Clean);
        else
            _allocator.Free(e.Pfn * Page, e.Pages * Page);
    }

    private bool SubmitDeflate(uint want, bool oom)
    {
        var extents = new List<Extent>();
        uint taken = 0;
        while (taken < want && _balloon.Count > 0)
        {
            Extent last = _balloon[^1];
            uint n = Math.Min(last.Pages, want - taken);
            if (n == last.Pages) _balloon.RemoveAt(_balloon.Count - 1);
            else _balloon[^1] = last with { Pages = last.Pages - n };
            extents.Add(last with { Pfn = last.Pfn + last.Pages - n, Pages = n });
            taken += n;
        }
        if (taken == 0) { _updateWanted = false; return false; }

        bool freeEarly = !Features.HasFlag(BalloonFeatures.MustTellHost) || _seeds.HasFlag(SeededBug.ReuseBeforeAck);
        ushort head = Send(1, extents);
        if (freeEarly) foreach (Extent e in extents) FreeDeflated(e);
        _inFlight[1] = new Request(head, [.. extents], taken, oom, freeEarly);
        return true;
    }

    private ushort Send(int queue, List<Extent> extents)
    {
        ulong buffer = _buffers[queue];
        Span<byte> entry = stackalloc byte[4];
        uint count = 0;
        foreach (Extent e in extents)
        {
            for (uint i = 0; i < e.Pages; i++, count++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(entry, e.Pfn + i);
                _memory.Write(buffer + count * 4, entry);
            }
        }
        if (!_queues[queue].TryAdd([new BufferSegment(buffer, count * 4, false)], out ushort head))
            throw new InvalidOperationException($"Queue {queue} has no free descriptor although no request is in flight.");
        _device.Notify(queue);
        return head;
    }

    private bool CollectAcknowledgements()
    {
        bool progress = false;
        for (int q = 0; q < 2; q++)
        {
            while (_queues[q].TryTakeUsed(out ushort head, out _))
            {
                progress = true;
                if (_inFlight[q] is not Request r || r.Head != head)
                    throw new VirtqueueException(VirtqueueError.BadUsedEntry, q, $"queue {q} acknowledged descriptor {head}, which carries no request");
                _inFlight[q] = null;
                if (q == 0)
                {
                    if (!_seeds.HasFlag(SeededBug.DeflateUnacknowledged)) _balloon.AddRange(r.Extents);
                    _acked += (int)r.Pages;
                }
                else
                {
                    if (!r.FreedEarly) foreach (Extent e in r.Extents) FreeDeflated(e);
                    _acked -= (int)r.Pages;
                    if (r.Oom) _oomPages = r.Pages >= _oomPages ? 0 : _oomPages - r.Pages;
                }
                _device.WriteConfig32(BalloonConfig.Actual, (uint)Math.Max(_acked, 0));
            }
        }
        int reporting = _device.ReportingQueueIndex;
        if (reporting >= 0)
        {
            while (_queues[reporting].TryTakeUsed(out ushort head, out _))
            {
                if (_reportInFlight is not (ushort h, ulong[] blocks) || h != head)
                    throw new VirtqueueException(VirtqueueError.BadUsedEntry, reporting, $"the reporting queue acknowledged descriptor {head}, which carries no report");
                foreach (ulong b in blocks) _backed!.ReturnIsolated(b, PageBacking.Clean);
                _reportedBlocks += blocks.Length;
                _reportInFlight = null;
                progress = true;
            }
        }
        if (StatsQueue >= 0)
        {
            while (_queues[StatsQueue].TryTakeUsed(out _, out _))
            {
                QueueStats();
                progress = true;
            }
        }
        return progress;
    }

    private void QueueStats()
    {
        ulong free = _allocator.FreeBytes;
        Span<ulong> values =
        [
            0, 0, 0, 0,                 // swap in, swap out, major and minor faults: the model has no swap nor faults
            free,                       // free memory
            _memory.Size,               // total memory
            free > _options.FreeFloorBytes ? free - _options.FreeFloorBytes : 0,   // available
            0, 0, 0,                    // caches, huge page allocations and failures
        ];
        ulong buffer = _buffers[StatsQueue];
        Span<byte> raw = stackalloc byte[10 * 10];
        for (int tag = 0; tag < 10; tag++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(raw[(tag * 10)..], (ushort)tag);
            BinaryPrimitives.WriteUInt64LittleEndian(raw[(tag * 10 + 2)..], values[tag]);
        }
        _memory.Write(buffer, raw);
        if (!_queues[StatsQueue].TryAdd([new BufferSegment(buffer, (uint)raw.Length, false)], out _))
            throw new InvalidOperationException("The stats queue has no free descriptor.");
        _device.Notify(StatsQueue);
    }
}
