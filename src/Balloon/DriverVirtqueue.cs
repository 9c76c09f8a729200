namespace Verified.Balloon;

/// <summary>
/// The driver's side of one split virtqueue: it owns the descriptor table and the available ring, reads the used ring.
/// Everything shared with the device goes through guest memory; the free-descriptor list, the shadow indices and a
/// private copy of every chain in flight (its descriptor indices and device-writable bytes, as Linux keeps its own
/// <c>next</c> links) are the driver's private state. Nothing the driver does to its own bookkeeping depends on what
/// the device may rewrite in shared memory: descriptors are freed from the private copy, and every used entry is
/// validated against it before it is believed.
/// </summary>
/// <remarks>Not thread-safe: one driver context uses a queue at a time (the balloon driver holds its lock).</remarks>
public sealed class DriverVirtqueue
{
    private readonly GuestMemory _memory;
    private readonly Stack<ushort> _free;           // free descriptors, most recently returned on top
    private readonly ushort[]?[] _chain;            // per head in flight: the chain's descriptors, as the driver wrote them
    private readonly ulong[] _writable;             // per head in flight: device-writable bytes of the chain
    private ushort _availIdx;                       // shadow of avail.idx (the driver is its only writer)
    private ushort _lastUsedIdx;                    // next used entry the driver will read

    /// <summary>Takes over the queue at <paramref name="layout"/>: clears the ring headers (flags and indices; ring
    /// entries keep whatever guest memory holds, since the driver writes each entry before publishing it).</summary>
    /// <param name="memory">Guest memory holding the queue.</param>
    /// <param name="layout">Where the queue lies.</param>
    /// <param name="queueIndex">The queue's index (for error messages).</param>
    /// <exception cref="ArgumentException">The layout is invalid or does not lie inside guest memory.</exception>
    public DriverVirtqueue(GuestMemory memory, VirtqueueLayout layout, int queueIndex) : this(memory, layout, queueIndex, 0) { }

    /// <summary>As the public constructor, with both rings starting at <paramref name="initialIndex"/> (tests of the wrap).</summary>
    internal DriverVirtqueue(GuestMemory memory, VirtqueueLayout layout, int queueIndex, ushort initialIndex)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (layout.Validate(memory) is string problem) throw new ArgumentException($"Invalid virtqueue layout: {problem}.", nameof(layout));
        _memory = memory;
        Layout = layout;
        QueueIndex = queueIndex;
        _free = new Stack<ushort>(layout.Entries);
        for (int i = layout.Entries - 1; i >= 0; i--) _free.Push((ushort)i);
        _chain = new ushort[]?[layout.Entries];
        _writable = new ulong[layout.Entries];
        _availIdx = _lastUsedIdx = initialIndex;
        memory.WriteUInt16(layout.AvailFlags, 0);
        memory.WriteUInt16(layout.AvailIdx, initialIndex);
        memory.WriteUInt16(layout.UsedFlags, 0);
        memory.WriteUInt16(layout.UsedIdx, initialIndex);
    }

    /// <summary>Where the queue lies in guest memory.</summary>
    public VirtqueueLayout Layout { get; }

    /// <summary>The queue's index.</summary>
    public int QueueIndex { get; }

    /// <summary>Descriptors not in flight.</summary>
    public int FreeDescriptors => _free.Count;

    /// <summary>Chains made available and not yet returned through the used ring.</summary>
    public int InFlight { get; private set; }

    /// <summary>True once the device returned a used entry that failed validation; the queue then refuses all use
    /// until it is replaced (after a device reset).</summary>
    public bool Broken { get; private set; }

    /// <summary>Called between the steps of every access to the shared rings, so a test scheduler can interleave the
    /// device there; null outside such tests.</summary>
    internal Action? Interleave { get; set; }

    /// <summary>Seeded protocol bug for the Coyote tests: bump avail.idx before the ring entry is written.</summary>
    internal bool SeedPublishIndexBeforeEntry { get; set; }

    /// <summary>Seeded bug for the Coyote tests: free a returned chain by following the <c>flags</c>/<c>next</c> links
    /// read back from the shared descriptor table (which the device can rewrite) instead of the private copy.</summary>
    internal bool SeedFreeBySharedNext { get; set; }

    /// <summary>
    /// Writes a chain of descriptors for <paramref name="segments"/>, puts its head in the next available-ring slot, and
    /// only then publishes the new avail.idx (the release order the device relies on).
    /// </summary>
    /// <returns>False, with nothing changed, when fewer than <c>segments.Length</c> descriptors are free.</returns>
    /// <exception cref="ArgumentException">No segments, or a segment lies outside guest memory.</exception>
    /// <exception cref="InvalidOperationException">The queue is <see cref="Broken"/>.</exception>
    public bool TryAdd(ReadOnlySpan<BufferSegment> segments, out ushort head)
    {
        head = 0;
        if (Broken) throw new InvalidOperationException($"Virtqueue {QueueIndex} is broken; reset the device first.");
        if (segments.IsEmpty) throw new ArgumentException("A chain needs at least one buffer.", nameof(segments));
        foreach (BufferSegment s in segments)
            if (!_memory.Contains(s.Address, s.Length))
                throw new ArgumentException($"Buffer [0x{s.Address:X}, +{s.Length}) lies outside guest memory.", nameof(segments));
        if (_free.Count < segments.Length) return false;

        var indices = new ushort[segments.Length];
        ulong writable = 0;
        for (int i = 0; i < indices.Length; i++) indices[i] = _free.Pop();
        for (int i = 0; i < indices.Length; i++)
        {
            BufferSegment s = segments[i];
            ulong d = Layout.Descriptor(indices[i]);
            bool more = i + 1 < indices.Length;
            _memory.WriteUInt64(d, s.Address);
            _memory.WriteUInt32(d + 8, s.Length);
            _memory.WriteUInt16(d + 12, (ushort)((more ? VirtqueueLayout.FlagNext : 0) | (s.DeviceWritable ? VirtqueueLayout.FlagWrite : 0)));
            _memory.WriteUInt16(d + 14, more ? indices[i + 1] : (ushort)0);
            if (s.DeviceWritable) writable += s.Length;
        }
        head = indices[0];
        _chain[head] = indices;
        _writable[head] = writable;
        InFlight++;

        ushort slotIdx = _availIdx;
        _availIdx++;
        Interleave?.Invoke();
        if (SeedPublishIndexBeforeEntry)
        {
            _memory.WriteUInt16(Layout.AvailIdx, _availIdx);
            Interleave?.Invoke();
            _memory.WriteUInt16(Layout.AvailEntry(slotIdx), head);
        }
        else
        {
            _memory.WriteUInt16(Layout.AvailEntry(slotIdx), head);
            Interleave?.Invoke();   // the write barrier: the entry is visible before the index that publishes it
            _memory.WriteUInt16(Layout.AvailIdx, _availIdx);
        }
        Interleave?.Invoke();
        return true;
    }

    /// <summary>Takes the next entry of the used ring, if the device has published one, validates it against the
    /// private copy of the chains in flight, and frees the chain's descriptors from that copy.</summary>
    /// <returns>False when the device has published nothing new (or the queue is <see cref="Broken"/>).</returns>
    /// <exception cref="VirtqueueException">The device broke the used ring: used.idx moved further than the chains in
    /// flight (<see cref="VirtqueueError.UsedIndexJump"/>), the id is not a chain in flight
    /// (<see cref="VirtqueueError.BadUsedEntry"/>), or len is more than the chain's device-writable bytes
    /// (<see cref="VirtqueueError.UsedLengthImplausible"/>). Nothing of the driver's state changed, and the queue is now
    /// <see cref="Broken"/>.</exception>
    public bool TryTakeUsed(out ushort head, out uint writtenLength)
    {
        head = 0; writtenLength = 0;
        if (Broken) return false;
        ushort usedIdx = _memory.ReadUInt16(Layout.UsedIdx);
        Interleave?.Invoke();
        if (usedIdx == _lastUsedIdx) return false;
        ushort ahead = (ushort)(usedIdx - _lastUsedIdx);
        if (ahead > InFlight)
            throw Fail(VirtqueueError.UsedIndexJump, $"used.idx {usedIdx} is {ahead} entries past {_lastUsedIdx}, but only {InFlight} chains are in flight");
        ulong entry = Layout.UsedEntry(_lastUsedIdx);
        uint id = _memory.ReadUInt32(entry);
        uint len = _memory.ReadUInt32(entry + 4);
        if (id >= (uint)Layout.Entries || _chain[id] is null)
            throw Fail(VirtqueueError.BadUsedEntry, $"used id {id} is not a chain in flight");
        if (len > _writable[id])
            throw Fail(VirtqueueError.UsedLengthImplausible, $"used entry for chain {id} says {len} bytes written, but the chain has {_writable[id]} device-writable bytes");

        if (SeedFreeBySharedNext)
        {
            // The seeded defect: walk the links in shared memory, as if the device could not have rewritten them.
            ushort d = (ushort)id;
            for (int i = 0; i < Layout.Entries; i++)
            {
                _free.Push(d);
                ulong at = Layout.Descriptor(d);
                if ((_memory.ReadUInt16(at + 12) & VirtqueueLayout.FlagNext) == 0) break;
                d = (ushort)(_memory.ReadUInt16(at + 14) & (Layout.Entries - 1));
            }
        }
        else
        {
            foreach (ushort d in _chain[id]!) _free.Push(d);
        }
        _chain[id] = null;
        _writable[id] = 0;
        InFlight--;
        _lastUsedIdx++;
        head = (ushort)id; writtenLength = len;
        return true;
    }

    /// <summary>
    /// Checks the queue's private bookkeeping and returns the name of each broken invariant (empty when sound):
    /// <c>FreeDescriptorsDistinct</c> (no descriptor twice in the free list), <c>FreeAndInFlightDisjoint</c> (no
    /// descriptor both free and in a chain in flight), <c>DescriptorsConserved</c> (free + in flight = Q).
    /// </summary>
    public IReadOnlyList<string> CheckInvariants()
    {
        var problems = new List<string>();
        var seen = new bool[Layout.Entries];
        bool distinct = true, disjoint = true;
        foreach (ushort d in _free)
        {
            if (d >= seen.Length || seen[d]) distinct = false;
            else seen[d] = true;
        }
        int inFlight = 0;
        foreach (ushort[]? chain in _chain)
        {
            if (chain is null) continue;
            foreach (ushort d in chain)
            {
                inFlight++;
                if (seen[d]) disjoint = false;
            }
        }
        if (!distinct) problems.Add("FreeDescriptorsDistinct");
        if (!disjoint) problems.Add("FreeAndInFlightDisjoint");
        if (_free.Count + inFlight != Layout.Entries) problems.Add("DescriptorsConserved");
        return problems;
    }

    /// <summary>Test hook: pushes <paramref name="descriptor"/> on the free list as it is, so that tests can corrupt
    /// the queue on purpose and see <see cref="CheckInvariants"/> name it. Called by nothing in the library.</summary>
    internal void PushFreeForTest(ushort descriptor) => _free.Push(descriptor);

    /// <summary>Test hook: takes the top of the free list away (a lost descriptor).</summary>
    internal ushort PopFreeForTest() => _free.Pop();

    private VirtqueueException Fail(VirtqueueError error, string detail)
    {
        Broken = true;
        return new VirtqueueException(error, QueueIndex, detail);
    }
}
