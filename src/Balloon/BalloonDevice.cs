using System.Buffers.Binary;
using System.Numerics;

namespace Verified.Balloon;

/// <summary>
/// The host side of the balloon: the virtio-balloon device with its config space and queues, and the host memory
/// behind the guest. It discards inflated pages through the guest memory's backing (one <c>madvise</c> per run of
/// whole host pages), handles host pages larger than 4 KiB by discarding one only when all its 4 KiB sub-pages are
/// ballooned, applies reported free ranges, and checks each driver rule, recording every broken one in
/// <see cref="Violations"/> — never silently accepting it.
/// </summary>
/// <remarks>
/// Queues: 0 inflateq, 1 deflateq, then statsq when STATS_VQ is negotiated, then reporting_vq when PAGE_REPORTING is
/// (FREE_PAGE_HINT is never offered). One device context runs <see cref="Service"/>; the driver may call the
/// config accessors and <see cref="Notify"/> from its own context.
/// </remarks>
public sealed class BalloonDevice
{
    private const byte Ballooned = 1, Discarded = 2;
    private readonly GuestMemory _memory;
    private readonly byte[] _page;               // per 4 KiB guest page: Ballooned | Discarded
    private readonly int[]? _hostBallooned;      // per host page (when larger than 4 KiB): ballooned sub-pages
    private readonly int _subPages;
    private readonly byte[] _config = new byte[BalloonConfig.Size];
    private readonly List<ProtocolViolation> _violations = [];
    private readonly DeviceVirtqueue?[] _queues = new DeviceVirtqueue?[4];
    private DescriptorChain? _statsHeld;
    private ushort[]? _statsTags;
    private int _configInterrupt;
    private int _balloonPages;
    private int _acknowledgedPages;

    /// <summary>Creates the device for <paramref name="memory"/>.</summary>
    /// <param name="memory">The guest's memory (its backing is the host memory).</param>
    /// <param name="offered">Features the device offers; FREE_PAGE_HINT is removed (not modelled).</param>
    /// <param name="hostPageSize">The host's page size: a power of two from 4096 to 1 GiB, dividing the guest size.</param>
    /// <exception cref="ArgumentOutOfRangeException">The host page size is not valid for this guest.</exception>
    public BalloonDevice(GuestMemory memory, BalloonFeatures offered, ulong hostPageSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (hostPageSize < GuestMemory.GuestPageSize || hostPageSize > (1UL << 30) || !BitOperations.IsPow2(hostPageSize) || memory.Size % hostPageSize != 0)
            throw new ArgumentOutOfRangeException(nameof(hostPageSize), hostPageSize, "The host page size must be a power of two from 4096 to 1 GiB that divides the guest size.");
        _memory = memory;
        OfferedFeatures = (offered & ~BalloonFeatures.FreePageHint) | BalloonFeatures.Version1;
        HostPageSize = hostPageSize;
        _subPages = (int)(hostPageSize / GuestMemory.GuestPageSize);
        _page = new byte[memory.Pages];
        if (_subPages > 1) _hostBallooned = new int[memory.Size / hostPageSize];
    }

    /// <summary>Features the device offers (VERSION_1 always).</summary>
    public BalloonFeatures OfferedFeatures { get; }

    /// <summary>Features both sides agreed on (after <see cref="Negotiate"/>).</summary>
    public BalloonFeatures NegotiatedFeatures { get; private set; }

    /// <summary>The host's page size; a host page is discarded only when all its 4 KiB sub-pages are ballooned.</summary>
    public ulong HostPageSize { get; }

    /// <summary>Pages the device holds in the balloon now (inflations processed minus deflations processed).</summary>
    public int BalloonPages => Volatile.Read(ref _balloonPages);

    /// <summary>Pages of the balloon as acknowledged to the driver: inflations returned through the used ring minus
    /// deflations processed. <c>actual</c> may never exceed it.</summary>
    public int AcknowledgedPages => Volatile.Read(ref _acknowledgedPages);

    /// <summary>Bytes the host discarded because of inflation or reporting, counted per discard.</summary>
    public ulong DiscardedBytes { get; private set; }

    /// <summary>Bytes of reported free ranges the host discarded.</summary>
    public ulong ReportedBytes { get; private set; }

    /// <summary>The values of the last stats buffer the device read, by tag; empty before the first.</summary>
    public IReadOnlyDictionary<BalloonStatTag, ulong> LastStats { get; private set; } = new Dictionary<BalloonStatTag, ulong>();

    /// <summary>How many stats buffers the device has read.</summary>
    public int StatsReceived { get; private set; }

    /// <summary>Every driver rule the device saw broken, in order.</summary>
    public IReadOnlyList<ProtocolViolation> Violations { get { lock (_violations) return [.. _violations]; } }

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

    /// <summary>Agrees on features: the result is what the driver accepted, which must be a subset of the offer.</summary>
    /// <returns>The negotiated features.</returns>
    public BalloonFeatures Negotiate(BalloonFeatures accepted)
    {
        BalloonFeatures extra = accepted & ~OfferedFeatures;
        if (extra != 0) Report(ViolationKind.FeatureNegotiation, -1, null, $"the driver accepted features the device did not offer: {extra}");
        NegotiatedFeatures = accepted & OfferedFeatures;
        return NegotiatedFeatures;
    }

    private bool MustTellHost => NegotiatedFeatures.HasFlag(BalloonFeatures.MustTellHost);

    /// <summary>Index of the stats queue, or −1 when STATS_VQ is not negotiated.</summary>
    public int StatsQueueIndex => NegotiatedFeatures.HasFlag(BalloonFeatures.StatsVq) ? 2 : -1;

    /// <summary>Index of the reporting queue, or −1 when PAGE_REPORTING is not negotiated.</summary>
    public int ReportingQueueIndex => NegotiatedFeatures.HasFlag(BalloonFeatures.PageReporting) ? (StatsQueueIndex >= 0 ? 3 : 2) : -1;

    /// <summary>Number of queues the negotiated features give.</summary>
    public int QueueCount => 2 + (StatsQueueIndex >= 0 ? 1 : 0) + (ReportingQueueIndex >= 0 ? 1 : 0);

    /// <summary>The driver tells the device where queue <paramref name="index"/> lies (the transport's queue registers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a queue of the negotiated features.</exception>
    /// <exception cref="ArgumentException">The layout is invalid or outside guest memory.</exception>
    public void AttachQueue(int index, VirtqueueLayout layout) => AttachQueue(index, layout, 0);

    internal void AttachQueue(int index, VirtqueueLayout layout, ushort initialIndex)
    {
        if (index < 0 || index >= QueueCount) throw new ArgumentOutOfRangeException(nameof(index), index, $"The negotiated features give {QueueCount} queues.");
        _queues[index] = new DeviceVirtqueue(_memory, layout, index, initialIndex) { Interleave = Interleave };
    }

    /// <summary>The driver's notification that queue <paramref name="index"/> has new buffers. The device processes
    /// them at its next <see cref="Service"/>.</summary>
    public void Notify(int index) => Interlocked.Increment(ref _notifications);
    private int _notifications;

    /// <summary>The host sets a new target (num_pages, 4 KiB units) and raises a config-change interrupt.</summary>
    public void SetTarget(uint numPages)
    {
        lock (_config) BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(BalloonConfig.NumPages), numPages);
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
        lock (_config) return BinaryPrimitives.ReadUInt32LittleEndian(_config.AsSpan(offset));
    }

    /// <summary>The driver writes a le32 field of the config space (actual, or poison_val).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The field is not driver-writable.</exception>
    public void WriteConfig32(int offset, uint value)
    {
        CheckConfigOffset(offset);
        if (offset != BalloonConfig.Actual && offset != BalloonConfig.PoisonVal)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Only actual and poison_val are driver-writable.");
        lock (_config) BinaryPrimitives.WriteUInt32LittleEndian(_config.AsSpan(offset), value);
        if (offset == BalloonConfig.Actual && !ActualIsAcknowledged(value))
            Report(ViolationKind.ActualNotAcknowledged, -1, null,
                $"actual {value} is not the balloon size after any acknowledged inflate and deflate requests (the device has acknowledged {AcknowledgedPages} pages)");
    }

    /// <summary>True when some queue has buffers the device has not taken.</summary>
    public bool HasPendingWork
    {
        get
        {
            for (int i = 0; i < QueueCount; i++) if (_queues[i] is { HasAvailable: true }) return true;
            return false;
        }
    }

    /// <summary>Processes every available buffer of every queue, inflate first.</summary>
    /// <returns>True when anything was processed.</returns>
    public bool Service()
    {
        bool any = false;
        for (int i = 0; i < QueueCount; i++) any |= ServiceQueue(i);
        return any;
    }

    /// <summary>Processes every available buffer of one queue.</summary>
    /// <returns>True when anything was processed.</returns>
    public bool ServiceQueue(int index)
    {
        if (index < 0 || index >= QueueCount || _queues[index] is not DeviceVirtqueue queue) return false;
        bool any = false;
        while (true)
        {
            DescriptorChain? chain;
            try
            {
                if (!queue.TryPop(out chain)) return any;
                any = true;
                if (index == 0 || index == 1) ProcessPfns(queue, chain!, inflate: index == 0);
                else if (index == StatsQueueIndex) ProcessStats(queue, chain!);
                else ProcessReport(queue, chain!);
            }
            catch (VirtqueueException e)
            {
                Report(ViolationKind.MalformedQueue, index, null, e.Message);
                return true;
            }
        }
    }

    /// <summary>The host asks for fresh statistics: returns the stats buffer it holds, so the driver refills it.</summary>
    /// <returns>False when the device holds no stats buffer.</returns>
    public bool RequestStats()
    {
        if (_statsHeld is not DescriptorChain held || _queues[StatsQueueIndex] is not DeviceVirtqueue q) return false;
        _statsHeld = null;
        q.PushUsed(held, 0);
        return true;
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

    /// <summary>True when the device holds page <paramref name="pfn"/> in the balloon.</summary>
    public bool IsBallooned(ulong pfn) => pfn < (ulong)_page.Length && (Volatile.Read(ref _page[pfn]) & Ballooned) != 0;

    private void ProcessPfns(DeviceVirtqueue queue, DescriptorChain chain, bool inflate)
    {
        uint total = 0;
        foreach (BufferSegment s in chain.Segments)
        {
            if (s.DeviceWritable) throw queue.Fail(VirtqueueError.WrongDirection, $"a {(inflate ? "inflate" : "deflate")} buffer must be device-readable");
            if (s.Length % 4 != 0) throw queue.Fail(VirtqueueError.BadLength, $"a PFN buffer of {s.Length} bytes is not a whole number of le32 entries");
            total += s.Length;
        }
        var pfns = new byte[total];
        int at = 0;
        foreach (BufferSegment s in chain.Segments) { _memory.Read(s.Address, pfns.AsSpan(at, (int)s.Length)); at += (int)s.Length; }

        int changed = 0;
        ulong runStart = 0, runLength = 0;   // host pages to discard, coalesced
        // Residency of the deflated pages, asked in one mincore call when they lie close together.
        ulong spanFirst = ulong.MaxValue, spanLast = 0;
        bool[]? resident = null;
        if (!inflate && MustTellHost)
        {
            for (int i = 0; i < pfns.Length; i += 4)
            {
                ulong pfn = BinaryPrimitives.ReadUInt32LittleEndian(pfns.AsSpan(i));
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
            ulong pfn = BinaryPrimitives.ReadUInt32LittleEndian(pfns.AsSpan(i));
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
                if (runLength > 0 && runStart + runLength == host) runLength++;
                else { Discard(runStart, runLength); runStart = host; runLength = 1; }
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
        Discard(runStart, runLength);
        Interlocked.Add(ref _balloonPages, changed);
        Interleave?.Invoke();
        // Counted as acknowledged just before the used entry is published: the driver cannot see the
        // acknowledgement earlier, so it may write the new `actual` as soon as used.idx moves.
        Interlocked.Add(ref _acknowledgedPages, changed);
        lock (_acknowledgedSums)
        {
            List<long> sums = inflate ? _acknowledgedSums : _deflateSums;
            sums.Add(sums[^1] + pfns.Length / 4);
        }
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
        lock (_acknowledgedSums)
        {
            for (int j = _matchedDeflates; j < _deflateSums.Count; j++)
            {
                long want = actual + _deflateSums[j];
                int i = _acknowledgedSums.BinarySearch(_matchedInflates, _acknowledgedSums.Count - _matchedInflates, want, null);
                if (i < 0) continue;
                while (i > _matchedInflates && _acknowledgedSums[i - 1] == want) i--;
                _matchedInflates = i; _matchedDeflates = j;
                return true;
            }
            return false;
        }
    }

    private readonly List<long> _acknowledgedSums = [0];   // PFNs in the first i acknowledged inflate requests
    private readonly List<long> _deflateSums = [0];        // PFNs in the first j acknowledged deflate requests
    private int _matchedInflates, _matchedDeflates;

    private void Discard(ulong firstHostPage, ulong hostPages)
    {
        if (hostPages == 0) return;
        ulong bytes = hostPages * HostPageSize;
        _memory.Discard(firstHostPage * HostPageSize, bytes);
        ulong firstPfn = firstHostPage * (ulong)_subPages, end = firstPfn + hostPages * (ulong)_subPages;
        for (ulong p = firstPfn; p < end; p++) if (_page[p] != 0) _page[p] = Ballooned | Discarded;
        DiscardedBytes += bytes;
    }

    private void ProcessStats(DeviceVirtqueue queue, DescriptorChain chain)
    {
        if (chain.Segments.Count != 1 || chain.Segments[0].DeviceWritable || chain.Segments[0].Length % 10 != 0)
            throw queue.Fail(VirtqueueError.BadLength, "a stats buffer is one device-readable array of 10-byte {le16 tag; le64 val} entries");
        var raw = new byte[chain.Segments[0].Length];
        _memory.Read(chain.Segments[0].Address, raw);
        var values = new Dictionary<BalloonStatTag, ulong>();
        var tags = new ushort[raw.Length / 10];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 10));
            values[(BalloonStatTag)tags[i]] = BinaryPrimitives.ReadUInt64LittleEndian(raw.AsSpan(i * 10 + 2));
        }
        if (_statsHeld is not null)
        {
            Report(ViolationKind.StatsProtocol, queue.QueueIndex, null, "a second stats buffer was made available while the device held one");
            queue.PushUsed(_statsHeld, 0);
        }
        if (_statsTags is not null && !_statsTags.AsSpan().SequenceEqual(tags))
            Report(ViolationKind.StatsProtocol, queue.QueueIndex, null, "the stats buffer reports a different set of tags than before");
        _statsTags = tags;
        _statsHeld = chain;
        LastStats = values;
        StatsReceived++;
    }

    private void ProcessReport(DeviceVirtqueue queue, DescriptorChain chain)
    {
        bool poisoned = NegotiatedFeatures.HasFlag(BalloonFeatures.PagePoison) && ReadConfig32(BalloonConfig.PoisonVal) != 0;
        foreach (BufferSegment s in chain.Segments)
        {
            if (!s.DeviceWritable) throw queue.Fail(VirtqueueError.WrongDirection, "a reported range must be device-writable");
            if (poisoned) continue;   // the pages must keep the poison value: nothing may be discarded
            // Discard only the host pages wholly inside the reported range.
            ulong start = (s.Address + HostPageSize - 1) / HostPageSize * HostPageSize;
            ulong end = (s.Address + s.Length) / HostPageSize * HostPageSize;
            for (ulong h = start; h < end; h += HostPageSize)
            {
                bool inBalloon = false;
                for (ulong p = h / GuestMemory.GuestPageSize; p < (h + HostPageSize) / GuestMemory.GuestPageSize; p++)
                    if ((_page[p] & Ballooned) != 0) { inBalloon = true; break; }
                if (inBalloon)
                {
                    Report(ViolationKind.MalformedQueue, queue.QueueIndex, h / GuestMemory.GuestPageSize, "a reported free range overlaps the balloon");
                    continue;
                }
                _memory.Discard(h, HostPageSize);
                ReportedBytes += HostPageSize;
            }
        }
        queue.PushUsed(chain, 0);
    }

    private void Report(ViolationKind kind, int queue, ulong? pfn, string detail)
    {
        lock (_violations) _violations.Add(new ProtocolViolation(kind, queue, pfn, detail));
    }

    private static void CheckConfigOffset(int offset)
    {
        if (offset < 0 || offset > BalloonConfig.Size - 4 || offset % 4 != 0)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Config fields are le32 at offsets 0, 4, 8 and 12.");
    }
}
