using System.Buffers.Binary;
using System.Numerics;

namespace Verified.Balloon;

/// <summary>
/// The host side of the balloon: the virtio-balloon device with its status register, config space and queues, and the
/// host memory behind the guest. It discards inflated pages through the guest memory's backing (one <c>madvise</c> per
/// run of whole host pages), handles host pages larger than 4 KiB by discarding one only when all its 4 KiB sub-pages
/// are ballooned, applies reported free ranges, and checks each driver rule, recording every broken one in
/// <see cref="Log"/> — never silently accepting it.
/// </summary>
/// <remarks>
/// <para>Total over its input: whatever the guest writes into the rings, the buffers and the config space, no public
/// method throws anything but the exceptions its documentation names; every length, address and count read from guest
/// memory is checked in 64-bit arithmetic against the guest size before use; one request costs at most
/// <see cref="MaxPfnsPerRequest"/> PFNs of work (a report at most the guest's pages); the device's memory is fixed at
/// creation (the violation log keeps counts and a bounded sample, the <c>actual</c> check a bounded history).</para>
/// <para>Queues: 0 inflateq, 1 deflateq, then statsq when STATS_VQ is negotiated, then reporting_vq when PAGE_REPORTING
/// is (FREE_PAGE_HINT is never offered). The device lock serialises <see cref="Service"/>, the status register and the
/// config space, so a reset waits for the request being processed, as a real device finishes a reset before its status
/// reads 0.</para>
/// </remarks>
public sealed class BalloonDevice
{
    /// <summary>Most PFNs one inflate or deflate request may carry (Linux's and Firecracker's
    /// VIRTIO_BALLOON_ARRAY_PFNS_MAX); a longer one is refused whole as one <see cref="ViolationKind.RequestTooLong"/>.</summary>
    public const int MaxPfnsPerRequest = 256;

    /// <summary>Most bytes of one stats buffer the device reads (409 entries; the spec defines fewer than 16 tags).</summary>
    public const int MaxStatsBytes = 4096;

    /// <summary>Acknowledged requests per queue the <c>actual</c> check remembers beyond the last match.</summary>
    private const int ActualHistory = 1024;

    private const byte Ballooned = 1, Discarded = 2;
    private readonly object _gate = new();
    private readonly GuestMemory _memory;
    private readonly byte[] _page;               // per 4 KiB guest page: Ballooned | Discarded
    private readonly int[]? _hostBallooned;      // per host page (when larger than 4 KiB): ballooned sub-pages
    private readonly int _subPages;
    private readonly byte[] _config = new byte[BalloonConfig.Size];
    private readonly DeviceVirtqueue?[] _queues = new DeviceVirtqueue?[4];
    private DeviceStatus _status;
    private BalloonFeatures _driverFeatures;
    private DescriptorChain? _statsHeld;
    private ushort[]? _statsTags;
    private int _configInterrupt;
    private int _balloonPages;
    private int _acknowledgedPages;
    private uint _lowestTargetSinceDeflate;

    /// <summary>Creates the device for <paramref name="memory"/>.</summary>
    /// <param name="memory">The guest's memory (its backing is the host memory).</param>
    /// <param name="offered">Features the device offers; FREE_PAGE_HINT is removed (not modelled).</param>
    /// <param name="hostPageSize">The host's page size: a power of two from 4096 to 1 GiB, dividing the guest size.</param>
    /// <param name="hostModel">How inflated sub-pages of a larger host page are released (QEMU's rule by default).</param>
    /// <exception cref="ArgumentOutOfRangeException">The host page size is not valid for this guest, or the host model is
    /// not defined.</exception>
    public BalloonDevice(GuestMemory memory, BalloonFeatures offered, ulong hostPageSize = 4096, HostModel hostModel = HostModel.Qemu)
    {
        if (hostModel is not (HostModel.Qemu or HostModel.IdealHost))
            throw new ArgumentOutOfRangeException(nameof(hostModel), hostModel, "The host model must be Qemu or IdealHost.");
        HostModel = hostModel;
        ArgumentNullException.ThrowIfNull(memory);
        if (hostPageSize < GuestMemory.GuestPageSize || hostPageSize > (1UL << 30) || !BitOperations.IsPow2(hostPageSize) || memory.Size % hostPageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(hostPageSize), hostPageSize, "The host page size must be a power of two from 4096 to 1 GiB that divides the guest size.");
        _memory = memory;
        OfferedFeatures = (offered & ~BalloonFeatures.FreePageHint) | BalloonFeatures.Version1;
        HostPageSize = hostPageSize;
        _subPages = (int)(hostPageSize / GuestMemory.GuestPageSize);
        _page = new byte[memory.Pages];
        if (_subPages > 1 && hostModel == HostModel.IdealHost) _hostBallooned = new int[memory.Size / hostPageSize];
    }

    /// <summary>How the host releases sub-pages of a larger host page.</summary>
    public HostModel HostModel { get; }

    /// <summary>Features the device offers (VERSION_1 always).</summary>
    public BalloonFeatures OfferedFeatures { get; }

    /// <summary>Features both sides agreed on: set when the device accepts FEATURES_OK, cleared by a reset.</summary>
    public BalloonFeatures NegotiatedFeatures { get; private set; }

    /// <summary>The host's page size; a host page is discarded only when all its 4 KiB sub-pages are ballooned.</summary>
    public ulong HostPageSize { get; }

    /// <summary>Pages the device holds in the balloon now (inflations processed minus deflations processed).</summary>
    public int BalloonPages => Volatile.Read(ref _balloonPages);

    /// <summary>Pages of the balloon as acknowledged to the driver: inflations returned through the used ring minus
    /// deflations processed. <c>actual</c> may never exceed it.</summary>
    public int AcknowledgedPages => Volatile.Read(ref _acknowledgedPages);

    /// <summary>Bytes the host discarded because of inflation or reporting, counted per discard (kept across resets).</summary>
    public ulong DiscardedBytes { get; private set; }

    /// <summary>Bytes of reported free ranges the host discarded (kept across resets).</summary>
    public ulong ReportedBytes { get; private set; }

    /// <summary>The values of the last stats buffer the device read, by tag (standard tags only; unknown tags are
    /// ignored, §5.5.6.3); empty before the first.</summary>
    public IReadOnlyDictionary<BalloonStatTag, ulong> LastStats { get; private set; } = new Dictionary<BalloonStatTag, ulong>();

    /// <summary>How many stats buffers the device has read.</summary>
    public int StatsReceived { get; private set; }

    /// <summary>Every driver rule the device saw broken: counts per kind and the first ones in full (kept across resets,
    /// as the host's record).</summary>
    public ViolationLog Log { get; } = new();

    /// <summary>The first <see cref="ViolationLog.SampleLimit"/> broken rules, in order (<see cref="Log"/> counts all).</summary>
    public IReadOnlyList<ProtocolViolation> Violations => Log.Sample;

    /// <summary>Resets the device has gone through (status 0 written after a driver had set bits).</summary>
    public int Resets { get; private set; }

    /// <summary>Called between the steps of every shared access (for a test scheduler); null otherwise.</summary>
    internal Action? Interleave
    {
        get => _interleave;
        set
        {
            _interleave = value;
            foreach (DeviceVirtqueue? q in _queues) if (q is not null) q.Interleave = value;
        }
    }
    private Action? _interleave;

    /// <summary>Test seam: the device refuses FEATURES_OK whatever the driver accepted.</summary>
    internal bool RefuseFeatures { get; set; }

    /// <summary>Test seam: the next acknowledgement on <paramref name="queue"/> goes through <paramref name="fault"/>
    /// (see <see cref="DeviceVirtqueue.FaultyPublish"/>). False when the queue is not set up.</summary>
    internal bool InjectUsedRingFault(int queue, Func<GuestMemory, VirtqueueLayout, DescriptorChain, ushort, ushort> fault)
    {
        lock (_gate)
        {
            if (queue < 0 || queue >= _queues.Length || _queues[queue] is not DeviceVirtqueue q) return false;
            q.FaultyPublish = fault;
            return true;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Status register and feature negotiation (§2.1, §3.1.1)

    /// <summary>The device status register.</summary>
    public DeviceStatus Status { get { lock (_gate) return _status; } }

    /// <summary>
    /// The driver writes the status register. 0 resets the device to its initial state (queues, features, status,
    /// stats, <c>actual</c>, <c>poison_val</c> and the balloon itself: after a reset the device holds no page; pages it
    /// discarded read as zeros). Otherwise the driver may only add bits, in the order ACKNOWLEDGE, DRIVER, FEATURES_OK,
    /// DRIVER_OK; FEATURES_OK does not stick when the device refuses the features written with
    /// <see cref="WriteDriverFeatures"/> (not a subset of the offer, or no VERSION_1). FAILED may be set at any time and
    /// stops the device. DEVICE_NEEDS_RESET is the device's: the driver's value of that bit is ignored.
    /// A write that breaks the order is a <see cref="ViolationKind.StatusProtocol"/> and changes nothing.
    /// </summary>
    public void WriteStatus(DeviceStatus value)
    {
        lock (_gate)
        {
            if (value == DeviceStatus.Reset) { ResetLocked(); return; }
            value &= ~DeviceStatus.DeviceNeedsReset;
            DeviceStatus current = _status & ~DeviceStatus.DeviceNeedsReset;
            DeviceStatus cleared = current & ~value;
            if (cleared != 0)
            {
                Report(ViolationKind.StatusProtocol, -1, null, $"status bits {cleared} cleared without a reset");
                return;
            }
            DeviceStatus added = value & ~current;
            DeviceStatus after = current | added;
            if ((added.HasFlag(DeviceStatus.Driver) && !after.HasFlag(DeviceStatus.Acknowledge))
                || (added.HasFlag(DeviceStatus.FeaturesOk) && !after.HasFlag(DeviceStatus.Driver))
                || (added.HasFlag(DeviceStatus.DriverOk) && !after.HasFlag(DeviceStatus.FeaturesOk)))
            {
                Report(ViolationKind.StatusProtocol, -1, null, $"status {after} sets a bit before the one that must precede it (ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK)");
                return;
            }
            if (added.HasFlag(DeviceStatus.FeaturesOk))
            {
                BalloonFeatures extra = _driverFeatures & ~OfferedFeatures;
                if (extra != 0) Report(ViolationKind.FeatureNegotiation, -1, null, $"the driver accepted features the device did not offer: {extra}");
                if (extra != 0 || !_driverFeatures.HasFlag(BalloonFeatures.Version1) || RefuseFeatures) after &= ~DeviceStatus.FeaturesOk;
                else NegotiatedFeatures = _driverFeatures;
            }
            _status = after | (_status & DeviceStatus.DeviceNeedsReset);
        }
    }

    /// <summary>The driver writes the features it accepts (the transport's driver-feature register). Only between
    /// DRIVER and FEATURES_OK; otherwise a <see cref="ViolationKind.StatusProtocol"/> and ignored. The device checks
    /// them when the driver sets FEATURES_OK.</summary>
    public void WriteDriverFeatures(BalloonFeatures accepted)
    {
        lock (_gate)
        {
            if (!_status.HasFlag(DeviceStatus.Driver) || _status.HasFlag(DeviceStatus.FeaturesOk))
            {
                Report(ViolationKind.StatusProtocol, -1, null, $"driver features written in status {_status} (only between DRIVER and FEATURES_OK)");
                return;
            }
            _driverFeatures = accepted;
        }
    }

    private bool MustTellHost => NegotiatedFeatures.HasFlag(BalloonFeatures.MustTellHost);

    private bool Running => (_status & (DeviceStatus.DriverOk | DeviceStatus.DeviceNeedsReset | DeviceStatus.Failed)) == DeviceStatus.DriverOk;

    /// <summary>Index of the stats queue, or −1 when STATS_VQ is not negotiated.</summary>
    public int StatsQueueIndex => NegotiatedFeatures.HasFlag(BalloonFeatures.StatsVq) ? 2 : -1;

    /// <summary>Index of the reporting queue, or −1 when PAGE_REPORTING is not negotiated.</summary>
    public int ReportingQueueIndex => NegotiatedFeatures.HasFlag(BalloonFeatures.PageReporting) ? (StatsQueueIndex >= 0 ? 3 : 2) : -1;

    /// <summary>Number of queues the negotiated features give.</summary>
    public int QueueCount => 2 + (StatsQueueIndex >= 0 ? 1 : 0) + (ReportingQueueIndex >= 0 ? 1 : 0);

    /// <summary>The driver tells the device where queue <paramref name="index"/> lies (the transport's queue registers).
    /// Only after FEATURES_OK and before DRIVER_OK (§3.1.1); otherwise a <see cref="ViolationKind.StatusProtocol"/> and
    /// ignored.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a queue of the negotiated features.</exception>
    /// <exception cref="ArgumentException">The layout is invalid or outside guest memory.</exception>
    public void AttachQueue(int index, VirtqueueLayout layout) => AttachQueue(index, layout, 0);

    internal void AttachQueue(int index, VirtqueueLayout layout, ushort initialIndex)
    {
        lock (_gate)
        {
            if (index < 0 || index >= QueueCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"The negotiated features give {QueueCount} queues.");
            if (!_status.HasFlag(DeviceStatus.FeaturesOk) || _status.HasFlag(DeviceStatus.DriverOk))
            {
                Report(ViolationKind.StatusProtocol, index, null, $"queue {index} set up in status {_status} (only after FEATURES_OK, before DRIVER_OK)");
                return;
            }
            _queues[index] = new DeviceVirtqueue(_memory, layout, index, initialIndex) { Interleave = Interleave };
        }
    }

    /// <summary>The driver's notification that queue <paramref name="index"/> has new buffers. The device processes
    /// them at its next <see cref="Service"/>.</summary>
    public void Notify(int index) => Interlocked.Increment(ref _notifications);
    private int _notifications;

    // ------------------------------------------------------------------------------------------------------------
    // Config space (§5.5.4)

    /// <summary>The host sets a new target (num_pages, 4 KiB units) and raises a config-change interrupt.</summary>
    public void SetTarget(uint numPages)
    {
        lock (_gate)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(BalloonConfig.NumPages), numPages);
            _lowestTargetSinceDeflate = Math.Min(_lowestTargetSinceDeflate, numPages);
        }
        Interlocked.Exchange(ref _configInterrupt, 1);
    }

    /// <summary>True while a config-change interrupt awaits the driver.</summary>
    public bool ConfigInterruptPending => Volatile.Read(ref _configInterrupt) != 0;

    /// <summary>Takes the pending config-change interrupt, if any (driver side).</summary>
    public bool TakeConfigInterrupt() => Interlocked.Exchange(ref _configInterrupt, 0) != 0;

    /// <summary>Reads a le32 field of the config space.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The offset is not one of <see cref="BalloonConfig"/>'s fields.</exception>
    public uint ReadConfig32(int offset)
    {
        CheckConfigOffset(offset);
        lock (_gate) return BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(offset));
    }

    /// <summary>The driver writes a le32 field of the config space (actual, or poison_val). <c>actual</c> must be a
    /// balloon size the driver can have seen acknowledged (<see cref="ViolationKind.ActualNotAcknowledged"/>);
    /// <c>poison_val</c> only with PAGE_POISON and not while DRIVER_OK is set (<see cref="ViolationKind.PoisonValChanged"/>,
    /// §5.5.6.6; the value is still stored).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The field is not driver-writable.</exception>
    public void WriteConfig32(int offset, uint value)
    {
        CheckConfigOffset(offset);
        if (offset != BalloonConfig.Actual && offset != BalloonConfig.PoisonVal)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Only actual and poison_val are driver-writable.");
        lock (_gate)
        {
            if (offset == BalloonConfig.PoisonVal)
            {
                bool negotiated = (_status.HasFlag(DeviceStatus.FeaturesOk) ? NegotiatedFeatures : _driverFeatures).HasFlag(BalloonFeatures.PagePoison);
                if (!negotiated) Report(ViolationKind.PoisonValChanged, -1, null, "poison_val written without PAGE_POISON");
                else if (_status.HasFlag(DeviceStatus.DriverOk)) Report(ViolationKind.PoisonValChanged, -1, null, $"poison_val rewritten to 0x{value:X} while DRIVER_OK is set");
            }
            BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(offset), value);
            if (offset == BalloonConfig.Actual && !ActualIsAcknowledged(value))
                Report(ViolationKind.ActualNotAcknowledged, -1, null,
                    $"actual {value} is not the balloon size after any acknowledged inflate and deflate requests (the device has acknowledged {AcknowledgedPages} pages)");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Queue processing

    /// <summary>True when some queue has buffers the device would take (the device is running and the queue is not broken).</summary>
    public bool HasPendingWork
    {
        get
        {
            lock (_gate)
            {
                if (!Running) return false;
                for (int i = 0; i < QueueCount; i++) if (_queues[i] is { HasAvailable: true }) return true;
                return false;
            }
        }
    }

    /// <summary>Processes every available buffer of every queue, inflate first. Does nothing unless DRIVER_OK is set and
    /// neither DEVICE_NEEDS_RESET nor FAILED is. Never throws: malformed input is recorded in <see cref="Log"/>; a
    /// malformed queue sets DEVICE_NEEDS_RESET and raises a config-change interrupt (§2.1.2).</summary>
    /// <returns>True when anything was processed.</returns>
    public bool Service()
    {
        bool any = false;
        for (int i = 0; i < 4; i++) any |= ServiceQueue(i);
        return any;
    }

    /// <summary>Processes every available buffer of one queue (at most the queue size of them, so one call is bounded).</summary>
    /// <returns>True when anything was processed.</returns>
    public bool ServiceQueue(int index)
    {
        lock (_gate)
        {
            if (!Running || index < 0 || index >= QueueCount || _queues[index] is not DeviceVirtqueue queue) return false;
            bool any = false;
            for (int taken = 0; taken < queue.Layout.Entries; taken++)
            {
                try
                {
                    if (!queue.TryPop(out DescriptorChain? chain)) return any;
                    any = true;
                    if (index == 0 || index == 1) ProcessPfns(queue, chain!, inflate: index == 0);
                    else if (index == StatsQueueIndex) ProcessStats(queue, chain!);
                    else ProcessReport(queue, chain!);
                }
                catch (VirtqueueException e)
                {
                    Report(ViolationKind.MalformedQueue, index, null, e.Message);
                    _status |= DeviceStatus.DeviceNeedsReset;
                    Interlocked.Exchange(ref _configInterrupt, 1);
                    return true;
                }
            }
            return any;
        }
    }

    /// <summary>The host asks for fresh statistics: returns the stats buffer it holds, so the driver refills it.</summary>
    /// <returns>False when the device holds no stats buffer or is not running.</returns>
    public bool RequestStats()
    {
        lock (_gate)
        {
            if (!Running || _statsHeld is not DescriptorChain held || StatsQueueIndex < 0 || _queues[StatsQueueIndex] is not DeviceVirtqueue q) return false;
            _statsHeld = null;
            q.PushUsed(held, 0);
            return true;
        }
    }

    /// <summary>
    /// Checks that no ballooned page the host discarded has been written since (<see cref="ViolationKind.PageUsedWhileBallooned"/>);
    /// each such page is reported once.
    /// </summary>
    /// <returns>The number of new violations found.</returns>
    /// <remarks>Without MUST_TELL_HOST the driver may reuse a page as soon as it is in a deflate buffer, so the audit
    /// then only runs while no deflate buffer awaits the device.</remarks>
    public int Audit()
    {
        lock (_gate)
        {
            int found = 0;
            if (!MustTellHost && _queues[1] is { HasAvailable: true }) return 0;
            const int Chunk = 1 << 14;
            var populated = new bool[Chunk];
            for (ulong first = 0; first < _memory.Pages; first += Chunk)
            {
                int n = (int)Math.Min(Chunk, _memory.Pages - first);
                bool any = false;
                for (int i = 0; i < n; i++) if (_page[first + (ulong)i] == (Ballooned | Discarded)) { any = true; break; }
                if (!any) continue;
                _memory.GetPopulated(first * GuestMemory.GuestPageSize, populated.AsSpan(0, n));
                for (int i = 0; i < n; i++)
                {
                    ulong pfn = first + (ulong)i;
                    if (_page[pfn] == (Ballooned | Discarded) && populated[i])
                    {
                        _page[pfn] = Ballooned;   // report once
                        Report(ViolationKind.PageUsedWhileBallooned, -1, pfn, "a ballooned page the host discarded was written before its deflation");
                        found++;
                    }
                }
            }
            return found;
        }
    }

    /// <summary>True when the device holds page <paramref name="pfn"/> in the balloon.</summary>
    public bool IsBallooned(ulong pfn) => pfn < (ulong)_page.Length && (Volatile.Read(ref _page[pfn]) & Ballooned) != 0;

    /// <summary>
    /// An inflate or deflate request (§5.5.6): an array of le32 PFNs over all the chain's device-readable buffers, in
    /// chain order — a PFN may straddle two descriptors (§2.6.4: framing does not depend on descriptor boundaries).
    /// A request over <see cref="MaxPfnsPerRequest"/> PFNs, or whose length is not a multiple of 4, is refused whole
    /// (one violation) and acknowledged with nothing changed.
    /// </summary>
    private void ProcessPfns(DeviceVirtqueue queue, DescriptorChain chain, bool inflate)
    {
        string what = inflate ? "inflate" : "deflate";
        ulong total = 0;   // at most Q × (2^32 − 1) < 2^47: the 64-bit sum cannot wrap
        foreach (BufferSegment s in chain.Segments)
        {
            if (s.DeviceWritable) throw queue.Fail(VirtqueueError.WrongDirection, $"the {what} buffer must be device-readable");
            total += s.Length;
        }
        if (total > MaxPfnsPerRequest * 4UL)
        {
            Report(ViolationKind.RequestTooLong, queue.QueueIndex, null, $"the {what} request of {total} bytes is longer than {MaxPfnsPerRequest} PFNs; refused whole");
            PushAcknowledged(queue, chain, inflate, 0, 0);
            return;
        }
        if (total % 4 != 0)
        {
            Report(ViolationKind.BadRequestLength, queue.QueueIndex, null, $"the {what} request of {total} bytes is not a whole number of le32 PFNs; refused whole");
            PushAcknowledged(queue, chain, inflate, 0, 0);
            return;
        }
        Span<byte> pfns = stackalloc byte[MaxPfnsPerRequest * 4];
        int at = 0;
        foreach (BufferSegment s in chain.Segments) { _memory.Read(s.Address, pfns.Slice(at, (int)s.Length)); at += (int)s.Length; }
        pfns = pfns[..at];

        uint target = BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(BalloonConfig.NumPages));
        if (inflate) _lowestTargetSinceDeflate = target;
        else if (!NegotiatedFeatures.HasFlag(BalloonFeatures.DeflateOnOom) && at > 0)
        {
            // §5.5.6.1 without DEFLATE_ON_OOM: pages leave the balloon only while the host asks for a smaller one. The
            // driver may have acted on any target set since the previous inflate or deflate request, so the lowest counts.
            if (_lowestTargetSinceDeflate >= (uint)_balloonPages)
                Report(ViolationKind.DeflateWithoutOom, queue.QueueIndex, null,
                    $"a deflate request while num_pages (lowest since the previous request: {_lowestTargetSinceDeflate}) is not below the balloon's {_balloonPages} pages, without DEFLATE_ON_OOM");
            _lowestTargetSinceDeflate = target;
        }

        int changed = 0;
        // Host pages whose last sub-page arrived, decided in request order (QEMU's rule depends on it) and discarded
        // after the loop in address order, one discard per run: a driver that hands out pages most recently freed first
        // sends runs in descending order, which would otherwise cost a discard per page.
        Span<ulong> complete = stackalloc ulong[MaxPfnsPerRequest];
        int completed = 0;
        ulong partialHost = ulong.MaxValue;  // QEMU's rule: the one partially ballooned host page of this request ...
        int partialCount = 0;                // ... and how many of its sub-pages arrived (the balloon rejects duplicates)
        // Residency of the deflated pages, asked in one mincore call when they lie close together.
        ulong spanFirst = ulong.MaxValue, spanLast = 0;
        bool[]? resident = null;
        if (!inflate && MustTellHost)
        {
            for (int i = 0; i < pfns.Length; i += 4)
            {
                ulong pfn = BinaryPrimitives.ReadUInt32LittleEndian(pfns[i..]);
                if (pfn >= _memory.Pages) continue;
                spanFirst = Math.Min(spanFirst, pfn);
                spanLast = Math.Max(spanLast, pfn);
            }
            if (spanFirst <= spanLast && spanLast - spanFirst < 8192)
            {
                resident = new bool[spanLast - spanFirst + 1];
                _memory.GetPopulated(spanFirst * GuestMemory.GuestPageSize, resident);
            }
        }
        for (int i = 0; i < pfns.Length; i += 4)
        {
            ulong pfn = BinaryPrimitives.ReadUInt32LittleEndian(pfns[i..]);
            if (pfn >= _memory.Pages)
            {
                Report(ViolationKind.PfnOutsideGuest, queue.QueueIndex, pfn, $"PFN beyond the guest's {_memory.Pages} pages");
                continue;
            }
            if (inflate)
            {
                if ((_page[pfn] & Ballooned) != 0)
                {
                    Report(ViolationKind.InflateOfBallooned, queue.QueueIndex, pfn, "the page is already in the balloon");
                    continue;
                }
                _page[pfn] = Ballooned;
                changed++;
                ulong host = pfn / (ulong)_subPages;
                if (_hostBallooned is not null && ++_hostBallooned[host] < _subPages) continue;
                if (_subPages > 1 && _hostBallooned is null)
                {
                    if (host != partialHost) { partialHost = host; partialCount = 0; }   // another host page: forget the partial one
                    if (++partialCount < _subPages) continue;
                    partialHost = ulong.MaxValue;
                }
                complete[completed++] = host;
            }
            else
            {
                if ((_page[pfn] & Ballooned) == 0)
                {
                    Report(ViolationKind.DeflateOfUnacknowledged, queue.QueueIndex, pfn, "the page is not in the balloon (its inflation was never acknowledged)");
                    continue;
                }
                if (MustTellHost && (_page[pfn] & Discarded) != 0
                    && (resident is not null ? resident[pfn - spanFirst] : _memory.IsPopulated(pfn * GuestMemory.GuestPageSize)))
                    Report(ViolationKind.PageUsedWhileBallooned, queue.QueueIndex, pfn, "the page was written while in the balloon, before its deflation was acknowledged");
                _page[pfn] = 0;
                changed--;
                if (_hostBallooned is not null) _hostBallooned[pfn / (ulong)_subPages]--;
            }
        }
        DiscardRuns(complete[..completed]);
        PushAcknowledged(queue, chain, inflate, changed, pfns.Length / 4);
    }

    /// <summary>Counts the request's pages and returns the chain: counted as acknowledged just before the used entry is
    /// published, since the driver cannot see the acknowledgement earlier and may write the new <c>actual</c> as soon as
    /// used.idx moves.</summary>
    private void PushAcknowledged(DeviceVirtqueue queue, DescriptorChain chain, bool inflate, int changed, int pfnCount)
    {
        Interlocked.Add(ref _balloonPages, changed);
        Interleave?.Invoke();
        Interlocked.Add(ref _acknowledgedPages, changed);
        List<long> sums = inflate ? _inflateSums : _deflateSums;
        sums.Add(sums[^1] + pfnCount);
        TrimActualHistory();
        queue.PushUsed(chain, 0);
    }

    /// <summary>
    /// True when <paramref name="actual"/> equals Σ(PFNs of the first i acknowledged inflate requests) −
    /// Σ(PFNs of the first j acknowledged deflate requests) for some i, j: the driver has seen a prefix of each used
    /// ring, so that is every value it may report. The prefixes it has seen only grow, so the search starts from the
    /// smallest (i, j) that matched last time (choosing the smallest keeps every later true (i, j) reachable).
    /// </summary>
    private bool ActualIsAcknowledged(uint actual)
    {
        for (int j = _matchedDeflates; j < _deflateSums.Count; j++)
        {
            long want = actual + _deflateSums[j];
            int i = _inflateSums.BinarySearch(_matchedInflates, _inflateSums.Count - _matchedInflates, want, null);
            if (i < 0) continue;
            while (i > _matchedInflates && _inflateSums[i - 1] == want) i--;
            _matchedInflates = i; _matchedDeflates = j;
            return true;
        }
        return false;
    }

    /// <summary>Bounds the <c>actual</c> check's memory: of each list the device keeps the last
    /// <see cref="ActualHistory"/> acknowledged requests once it holds twice that many (a driver that has not written
    /// <c>actual</c> for that long may no longer report a size that old).</summary>
    private void TrimActualHistory()
    {
        Trim(_inflateSums, ref _matchedInflates);
        Trim(_deflateSums, ref _matchedDeflates);

        static void Trim(List<long> sums, ref int matched)
        {
            if (sums.Count <= 2 * ActualHistory) return;
            int drop = sums.Count - ActualHistory;
            sums.RemoveRange(0, drop);   // the sums are absolute, so the rest keep their meaning
            matched = Math.Max(0, matched - drop);
        }
    }

    private readonly List<long> _inflateSums = [0];        // PFNs in the first i acknowledged inflate requests (sliding window)
    private readonly List<long> _deflateSums = [0];        // PFNs in the first j acknowledged deflate requests (sliding window)
    private int _matchedInflates, _matchedDeflates;

    /// <summary>Discards the host pages (distinct, any order) in address order, one <see cref="Discard"/> per run of
    /// consecutive host pages.</summary>
    private void DiscardRuns(Span<ulong> hostPages)
    {
        if (hostPages.IsEmpty) return;
        hostPages.Sort();
        ulong runStart = hostPages[0], runLength = 1;
        foreach (ulong host in hostPages[1..])
        {
            if (host == runStart + runLength) { runLength++; continue; }
            Discard(runStart, runLength);
            runStart = host;
            runLength = 1;
        }
        Discard(runStart, runLength);
    }

    private void Discard(ulong firstHostPage, ulong hostPages)
    {
        if (hostPages == 0) return;
        ulong bytes = hostPages * HostPageSize;
        _memory.Discard(firstHostPage * HostPageSize, bytes);
        ulong firstPfn = firstHostPage * (ulong)_subPages, end = firstPfn + hostPages * (ulong)_subPages;
        for (ulong p = firstPfn; p < end; p++) if (_page[p] != 0) _page[p] = Ballooned | Discarded;
        DiscardedBytes += bytes;
    }

    /// <summary>
    /// A stats buffer (§5.5.6.3): 10-byte {le16 tag; le64 val} entries over all the chain's device-readable buffers, an
    /// entry may straddle descriptors; tags in any order; tags the device does not know are ignored; the set of tags
    /// must be the same each time. The device holds the buffer until the host asks for new stats.
    /// </summary>
    private void ProcessStats(DeviceVirtqueue queue, DescriptorChain chain)
    {
        ulong total = 0;
        foreach (BufferSegment s in chain.Segments)
        {
            if (s.DeviceWritable) throw queue.Fail(VirtqueueError.WrongDirection, "a stats buffer must be device-readable");
            total += s.Length;
        }
        if (_statsHeld is not null)
        {
            Report(ViolationKind.StatsProtocol, queue.QueueIndex, null, "a second stats buffer was made available while the device held one");
            queue.PushUsed(_statsHeld, 0);
        }
        _statsHeld = chain;
        StatsReceived++;
        if (total > MaxStatsBytes)
        {
            Report(ViolationKind.RequestTooLong, queue.QueueIndex, null, $"a stats buffer of {total} bytes is longer than {MaxStatsBytes}; not read");
            return;
        }
        if (total % 10 != 0)
        {
            Report(ViolationKind.StatsProtocol, queue.QueueIndex, null, $"a stats buffer of {total} bytes is not a whole number of 10-byte entries; not read");
            return;
        }
        var raw = new byte[total];
        int at = 0;
        foreach (BufferSegment s in chain.Segments) { _memory.Read(s.Address, raw.AsSpan(at, (int)s.Length)); at += (int)s.Length; }
        var values = new Dictionary<BalloonStatTag, ulong>();
        var tags = new ushort[raw.Length / 10];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 10));
            if (Enum.IsDefined((BalloonStatTag)tags[i])) values[(BalloonStatTag)tags[i]] = BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(i * 10 + 2));
        }
        Array.Sort(tags);
        ushort[] set = [.. tags.Distinct()];
        if (_statsTags is not null && !_statsTags.AsSpan().SequenceEqual(set))
            Report(ViolationKind.StatsProtocol, queue.QueueIndex, null, "the stats buffer reports a different set of tags than before");
        _statsTags = set;
        LastStats = values;
    }

    /// <summary>A free page report (§5.5.6.7): device-writable ranges; each whole host page inside a range and outside
    /// the balloon is discarded, unless PAGE_POISON is negotiated with a non-zero poison_val (the pages must keep it).
    /// A report naming more bytes than the guest has is refused whole.</summary>
    private void ProcessReport(DeviceVirtqueue queue, DescriptorChain chain)
    {
        ulong total = 0;
        foreach (BufferSegment s in chain.Segments)
        {
            if (!s.DeviceWritable) throw queue.Fail(VirtqueueError.WrongDirection, "a reported range must be device-writable");
            total += s.Length;
        }
        if (total > _memory.Size)
        {
            Report(ViolationKind.RequestTooLong, queue.QueueIndex, null, $"a report of {total} bytes names more than the guest's {_memory.Size}; refused whole");
            queue.PushUsed(chain, 0);
            return;
        }
        bool poisoned = NegotiatedFeatures.HasFlag(BalloonFeatures.PagePoison) && BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(BalloonConfig.PoisonVal)) != 0;
        foreach (BufferSegment s in chain.Segments)
        {
            if (poisoned) break;   // the pages must keep the poison value: nothing may be discarded
            // Discard only the host pages wholly inside the reported range (TryPop checked that it lies in guest memory).
            ulong start = (s.Address + HostPageSize - 1) / HostPageSize * HostPageSize;
            ulong end = (s.Address + s.Length) / HostPageSize * HostPageSize;
            for (ulong h = start; h < end; h += HostPageSize)
            {
                bool inBalloon = false;
                for (ulong p = h / GuestMemory.GuestPageSize; p < (h + HostPageSize) / GuestMemory.GuestPageSize; p++)
                    if ((_page[p] & Ballooned) != 0) { inBalloon = true; break; }
                if (inBalloon)
                {
                    Report(ViolationKind.ReportOverlapsBalloon, queue.QueueIndex, h / GuestMemory.GuestPageSize, "a reported free range overlaps the balloon");
                    continue;
                }
                _memory.Discard(h, HostPageSize);
                ReportedBytes += HostPageSize;
            }
        }
        queue.PushUsed(chain, 0);
    }

    private void ResetLocked()
    {
        if (_status != DeviceStatus.Reset) Resets++;
        _status = DeviceStatus.Reset;
        _driverFeatures = BalloonFeatures.None;
        NegotiatedFeatures = BalloonFeatures.None;
        Array.Clear(_queues);
        _statsHeld = null;
        _statsTags = null;
        Array.Clear(_page);
        if (_hostBallooned is not null) Array.Clear(_hostBallooned);
        Volatile.Write(ref _balloonPages, 0);
        Volatile.Write(ref _acknowledgedPages, 0);
        _inflateSums.Clear(); _inflateSums.Add(0);
        _deflateSums.Clear(); _deflateSums.Add(0);
        _matchedInflates = _matchedDeflates = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(BalloonConfig.Actual), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(BalloonConfig.PoisonVal), 0);
        _lowestTargetSinceDeflate = BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(BalloonConfig.NumPages));
        Volatile.Write(ref _configInterrupt, 0);
    }

    private void Report(ViolationKind kind, int queue, ulong? pfn, string detail) => Log.Add(kind, queue, pfn, detail);

    private static void CheckConfigOffset(int offset)
    {
        if (offset < 0 || offset > BalloonConfig.Size - 4 || offset % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Config fields are le32 at offsets 0, 4, 8 and 12.");
    }
}
