using System.Buffers.Binary;
using Verified.Buddy;

namespace Verified.Balloon;

/// <summary>Options of a <see cref="BalloonDriver"/>.</summary>
public sealed class BalloonDriverOptions
{
    /// <summary>How batches are allocated (MRU single pages, or pre-PR contiguous first fit). Default MRU.</summary>
    public InflatePolicy Policy { get; init; } = InflatePolicy.MruSinglePages;

    /// <summary>Features the driver asks for (it accepts those of them the device offers). FREE_PAGE_HINT is never
    /// accepted; PAGE_REPORTING only on a guest whose allocator supports it (the MRU heap of <see cref="BalloonGuest"/>).
    /// Default: MUST_TELL_HOST, STATS_VQ, DEFLATE_ON_OOM, PAGE_POISON.</summary>
    public BalloonFeatures RequestedFeatures { get; init; } =
        BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom | BalloonFeatures.PagePoison;

    /// <summary>Free memory the driver never inflates into. Default 17 MiB (16 MiB + one batch).</summary>
    public ulong FreeFloorBytes { get; init; } = 17UL << 20;

    /// <summary>Size of each virtqueue: a power of two, 1 to 32768 (the ring must fit one allocation). Default 64.</summary>
    public int QueueSize { get; init; } = 64;

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
}

/// <summary>
/// The guest's virtio-balloon driver. On a config change it moves the balloon towards num_pages in requests of up to
/// 256 PFNs — each PFN a single 4 KiB allocation from the MRU heap, or (pre-PR policy) one contiguous allocation per
/// request from a first-fit allocator — keeping one request in flight at a time. A request that cannot be filled
/// frees what it took and is retried at a later <see cref="Step"/>; inflation never takes memory below the free floor.
/// Deflated pages return to the allocator only after the acknowledgement when MUST_TELL_HOST is negotiated.
/// <c>actual</c> is written after each acknowledged request. The stats buffer (ten standard tags) is kept queued and
/// re-filled each time the device returns it. Under memory pressure, <see cref="DeflateOnOom"/> deflates when
/// DEFLATE_ON_OOM is negotiated.
/// </summary>
/// <remarks>Thread-safe: every method takes <see cref="SyncRoot"/>, which also guards the allocator (the guest's
/// other users must allocate under the same lock; <see cref="BalloonGuest.Allocator"/> does).</remarks>
public sealed class BalloonDriver
{
    /// <summary>PFNs per inflate or deflate request (Linux's and Firecracker's limit).</summary>
    public const int MaxPfnsPerRequest = 256;
    private const ulong Page = GuestMemory.GuestPageSize;

    private readonly GuestMemory _memory;
    private readonly IPageAllocator _allocator;
    private readonly BalloonDevice _device;
    private readonly BalloonDriverOptions _options;
    private readonly DriverVirtqueue[] _queues;
    private readonly ulong[] _buffers;                   // per queue: one page for its request buffer
    private readonly List<Extent> _balloon = [];          // acknowledged balloon pages, as allocated
    private readonly Request?[] _inFlight = new Request?[2];
    private uint _target;
    private bool _updateWanted;
    private ulong _oomPages;
    private int _acked;                                   // pages of the balloon the device has acknowledged
    private readonly ReportedPageAllocator? _reporter;    // free page reporting, when the allocator supports it
    private (ushort Head, ulong[] Blocks)? _reportInFlight;

    /// <summary>Most free blocks one report carries (Linux's PAGE_REPORTING_CAPACITY).</summary>
    public const int MaxBlocksPerReport = 32;

    private readonly record struct Extent(uint Pfn, uint Pages);
    private sealed record Request(ushort Head, Extent[] Extents, uint Pages, bool Oom, bool FreedEarly);

    /// <summary>Probes the device: negotiates features, takes the queues' memory from <paramref name="allocator"/>,
    /// sets up and registers the queues, and queues the first stats buffer.</summary>
    /// <param name="memory">Guest memory.</param>
    /// <param name="allocator">The guest's page allocator (4 KiB pages) the balloon takes its pages from.</param>
    /// <param name="device">The device (its config space and queue registers are the transport).</param>
    /// <param name="options">Options; defaults when null.</param>
    /// <param name="syncRoot">The lock shared with the allocator's other users; a new one when null.</param>
    /// <exception cref="ArgumentException">The allocator's page size is not 4096, or the queue size is invalid.</exception>
    /// <exception cref="HeapException">The allocator has no room for the queues.</exception>
    public BalloonDriver(GuestMemory memory, IPageAllocator allocator, BalloonDevice device, BalloonDriverOptions? options = null, object? syncRoot = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(allocator);
        ArgumentNullException.ThrowIfNull(device);
        if (allocator.PageSize != Page) throw new ArgumentException("The balloon needs a 4 KiB page allocator.", nameof(allocator));
        _memory = memory; _allocator = allocator; _device = device;
        _options = options ?? new BalloonDriverOptions();
        SyncRoot = syncRoot ?? new object();
        ulong ringBytes = VirtqueueLayout.BytesFor(_options.QueueSize);   // validates the size
        ringBytes = (ringBytes + Page - 1) / Page * Page;

        _reporter = allocator switch
        {
            LockedPageAllocator { Inner: ReportedPageAllocator r } => r,
            ReportedPageAllocator r => r,
            _ => null,
        };
        BalloonFeatures declined = BalloonFeatures.FreePageHint | (_reporter is null ? BalloonFeatures.PageReporting : 0);
        BalloonFeatures wanted = (_options.RequestedFeatures & ~declined) | BalloonFeatures.Version1;
        Features = device.Negotiate(wanted & device.OfferedFeatures);
        lock (SyncRoot)
        {
            int count = device.QueueCount;
            _queues = new DriverVirtqueue[count];
            _buffers = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                ulong ring = _allocator.Allocate(ringBytes);
                var layout = VirtqueueLayout.Contiguous(ring, _options.QueueSize);
                _queues[i] = new DriverVirtqueue(memory, layout, i, _options.InitialRingIndex);
                _buffers[i] = _allocator.Allocate(Page);
                device.AttachQueue(i, layout, _options.InitialRingIndex);
            }
            if (Features.HasFlag(BalloonFeatures.PagePoison)) device.WriteConfig32(BalloonConfig.PoisonVal, 0);
            if (StatsQueue >= 0) QueueStats();
        }
    }

    /// <summary>The lock that guards the driver and the guest allocator.</summary>
    public object SyncRoot { get; }

    /// <summary>The negotiated features.</summary>
    public BalloonFeatures Features { get; }

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

    /// <summary>True when the driver has nothing left to do until the next config change, OOM request or stats request.</summary>
    public bool IsQuiescent
    {
        get
        {
            lock (SyncRoot)
                return _inFlight[0] is null && _inFlight[1] is null && _reportInFlight is null && _oomPages == 0 && (!_updateWanted || InflateBlocked);
        }
    }

    /// <summary>Guest-physical pages held by the driver for its queues and buffers (never in the heap nor the balloon).</summary>
    public IEnumerable<(ulong Address, ulong Length)> QueueMemory
    {
        get
        {
            ulong ringBytes = (VirtqueueLayout.BytesFor(_options.QueueSize) + Page - 1) / Page * Page;
            for (int i = 0; i < _queues.Length; i++)
            {
                yield return (_queues[i].Layout.DescriptorTable, ringBytes);
                yield return (_buffers[i], Page);
            }
        }
    }

    /// <summary>Snapshot of the PFNs in the balloon as the driver holds them (acknowledged, not being deflated).</summary>
    public ulong[] BalloonPfns()
    {
        lock (SyncRoot)
        {
            var list = new List<ulong>();
            foreach (Extent e in _balloon) for (uint i = 0; i < e.Pages; i++) list.Add(e.Pfn + i);
            return [.. list];
        }
    }

    internal SeededBug Seeds
    {
        get => _seeds;
        set
        {
            _seeds = value;
            foreach (DriverVirtqueue q in _queues) q.SeedPublishIndexBeforeEntry = value.HasFlag(SeededBug.AvailIndexBeforeEntry);
        }
    }
    private SeededBug _seeds;

    internal Action? Interleave
    {
        set { foreach (DriverVirtqueue q in _queues) q.Interleave = value; }
    }

    private int StatsQueue => _device.StatsQueueIndex;

    /// <summary>
    /// Does one round of driver work: takes acknowledgements, reads the target after a config-change interrupt,
    /// re-queues a returned stats buffer, and sends the next request when none is in flight (OOM deflation first,
    /// then towards the target).
    /// </summary>
    /// <returns>True when anything changed.</returns>
    public bool Step()
    {
        lock (SyncRoot)
        {
            bool progress = CollectAcknowledgements();
            if (_device.TakeConfigInterrupt())
            {
                _target = _device.ReadConfig32(BalloonConfig.NumPages);
                _updateWanted = true;
                InflateBlocked = false;
                progress = true;
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
            else if (_updateWanted && idle)
            {
                long delta = (long)_target - _acked;
                if (delta > 0) progress |= SubmitInflate((uint)Math.Min(delta, _options.BatchPages));
                else if (delta < 0) progress |= SubmitDeflate((uint)Math.Min(-delta, _options.BatchPages), oom: false);
                else { _updateWanted = false; progress = true; }
            }
            else if (idle && _oomPages == 0 && (!_updateWanted || InflateBlocked)) progress |= ReportFreeBlocks();
            return progress;
        }
    }

    /// <summary>
    /// Memory pressure: schedules deflation of ceil(bytes / 1 MiB) requests' worth of pages (capped at the balloon),
    /// which <see cref="Step"/> sends before anything else; the balloon does not re-inflate until the next config change.
    /// </summary>
    /// <returns>Pages scheduled; 0 when DEFLATE_ON_OOM was not negotiated (the driver must not deflate then).</returns>
    public ulong DeflateOnOom(ulong bytes)
    {
        lock (SyncRoot)
        {
            if (!Features.HasFlag(BalloonFeatures.DeflateOnOom) || bytes == 0) return 0;
            ulong batches = (bytes + (1UL << 20) - 1) >> 20;
            // Capped at the pages the driver holds in its balloon list: acknowledged pages not already being deflated.
            ulong pages = Math.Min(batches * MaxPfnsPerRequest, (ulong)BalloonListPages());
            _oomPages += pages;
            _updateWanted = false;
            return pages;
        }
    }

    private long BalloonListPages()
    {
        long n = 0;
        foreach (Extent e in _balloon) n += e.Pages;
        return n;
    }

    /// <summary>Free page reporting: takes up to 32 unreported free blocks of the heap's largest order (the most
    /// recently freed first), and reports them in one request of device-writable buffers; on the acknowledgement they
    /// are parked, marked reported, behind all unreported free memory.</summary>
    private bool ReportFreeBlocks()
    {
        int queue = _device.ReportingQueueIndex;
        if (_reporter is null || queue < 0 || _reportInFlight is not null) return false;
        int capacity = Math.Min(MaxBlocksPerReport, _queues[queue].FreeDescriptors);
        var blocks = new List<ulong>();
        while (blocks.Count < capacity && _reporter.TryIsolate(out ulong block)) blocks.Add(block);
        if (blocks.Count == 0) return false;
        var segments = new BufferSegment[blocks.Count];
        for (int i = 0; i < blocks.Count; i++) segments[i] = new BufferSegment(blocks[i], (uint)_reporter.BlockSize, true);
        if (!_queues[queue].TryAdd(segments, out ushort head))
        {
            foreach (ulong b in blocks) _reporter.Unisolate(b);
            return false;
        }
        _device.Notify(queue);
        _reportInFlight = (head, [.. blocks]);
        return true;
    }

    /// <summary>Free blocks parked as reported (counted as free memory).</summary>
    public int ReportedBlocks { get { lock (SyncRoot) return _reporter?.ReportedBlocks ?? 0; } }

    private bool SubmitInflate(uint want)
    {
        var extents = new List<Extent>();
        uint taken = 0;
        if (_options.Policy.TakesSinglePages())
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
            extents.Add(new Extent(last.Pfn + last.Pages - n, n));
            taken += n;
        }
        if (taken == 0) { _updateWanted = false; return false; }

        bool freeEarly = !Features.HasFlag(BalloonFeatures.MustTellHost) || _seeds.HasFlag(SeededBug.ReuseBeforeAck);
        ushort head = Send(1, extents);
        if (freeEarly) foreach (Extent e in extents) _allocator.Free(e.Pfn * Page, e.Pages * Page);
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
                    throw new InvalidOperationException($"Queue {q} acknowledged descriptor {head}, which carries no request.");
                _inFlight[q] = null;
                if (q == 0)
                {
                    if (!_seeds.HasFlag(SeededBug.DeflateUnacknowledged)) _balloon.AddRange(r.Extents);
                    _acked += (int)r.Pages;
                }
                else
                {
                    if (!r.FreedEarly) foreach (Extent e in r.Extents) _allocator.Free(e.Pfn * Page, e.Pages * Page);
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
                    throw new InvalidOperationException($"The reporting queue acknowledged descriptor {head}, which carries no report.");
                foreach (ulong b in blocks) _reporter!.Park(b);
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
