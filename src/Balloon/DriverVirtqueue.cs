namespace Verified.Balloon;

/// <summary>
/// The driver's side of one split virtqueue: it owns the descriptor table and the available ring, reads the used ring.
/// Everything shared with the device goes through guest memory; the free-descriptor list and the shadow indices are
/// the driver's private state.
/// </summary>
/// <remarks>Not thread-safe: one driver context uses a queue at a time (the balloon driver holds its lock).</remarks>
public sealed class DriverVirtqueue
{
    private readonly GuestMemory _memory;
    private readonly Stack<ushort> _free;           // free descriptors, most recently returned on top
    private readonly int[] _chainLength;            // per head: descriptors of the chain in flight, 0 when not in flight
    private ushort _availIdx;                       // shadow of avail.idx (the driver is its only writer)
    private ushort _lastUsedIdx;                    // next used entry the driver will read

    /// <summary>Takes over the queue at <paramref name="layout"/>: clears the ring headers (flags and indices; ring
    /// entries keep whatever guest memory holds, since the driver writes each entry before publishing it).</summary>
    /// <param name="memory">Guest memory holding the queue.</param>
    /// <param name="layout">Where the queue lies.</param>
    /// <param name="queueIndex">The queue's index, for error messages.</param>
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
        _chainLength = new int[layout.Entries];
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

    /// <summary>Called between the steps of every access to the shared rings, so a test scheduler can interleave the
    /// device there; null outside such tests.</summary>
    internal Action? Interleave { get; set; }

    /// <summary>Seeded protocol bug for the Coyote tests: bump avail.idx before the ring entry is written.</summary>
    internal bool SeedPublishIndexBeforeEntry { get; set; }

    /// <summary>
    /// Writes a chain of descriptors for <paramref name="segments"/>, puts its head in the next available-ring slot, and
    /// only then publishes the new avail.idx (the release order the device relies on).
    /// </summary>
    /// <returns>False, with nothing changed, when fewer than <c>segments.Length</c> descriptors are free.</returns>
    /// <exception cref="ArgumentException">No segments, or a segment lies outside guest memory.</exception>
    public bool TryAdd(ReadOnlySpan<BufferSegment> segments, out ushort head)
    {
        head = 0;
        if (segments.IsEmpty) throw new ArgumentException("A chain needs at least one buffer.", nameof(segments));
        foreach (BufferSegment s in segments)
            if (!_memory.Contains(s.Address, s.Length))
                throw new ArgumentException($"Buffer [0x{s.Address:X}, +{s.Length}) lies outside guest memory.", nameof(segments));
        if (_free.Count < segments.Length) return false;

        var indices = new ushort[segments.Length];
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
        }
        head = indices[0];
        _chainLength[head] = indices.Length;
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

    /// <summary>Takes the next entry of the used ring, if the device has published one, and frees its descriptors.</summary>
    /// <returns>False when the device has published nothing new.</returns>
    /// <exception cref="VirtqueueException">The device published more than Q entries at once or an id the driver
    /// had not made available (<see cref="VirtqueueError.BadUsedEntry"/>); nothing changed.</exception>
    public bool TryTakeUsed(out ushort head, out uint writtenLength)
    {
        head = 0; writtenLength = 0;
        ushort usedIdx = _memory.ReadUInt16(Layout.UsedIdx);
        Interleave?.Invoke();
        if (usedIdx == _lastUsedIdx) return false;
        if ((ushort)(usedIdx - _lastUsedIdx) > InFlight)
            throw new VirtqueueException(VirtqueueError.BadUsedEntry, QueueIndex,
                $"used.idx {usedIdx} is {(ushort)(usedIdx - _lastUsedIdx)} entries ahead, but only {InFlight} chains are in flight");
        ulong entry = Layout.UsedEntry(_lastUsedIdx);
        uint id = _memory.ReadUInt32(entry);
        uint len = _memory.ReadUInt32(entry + 4);
        if (id >= (uint)Layout.Entries || _chainLength[id] == 0)
            throw new VirtqueueException(VirtqueueError.BadUsedEntry, QueueIndex, $"used id {id} is not a chain in flight");

        // Return the chain's descriptors, walking the table the driver itself wrote.
        ushort d = (ushort)id;
        for (int i = _chainLength[id]; i > 0; i--)
        {
            ushort next = _memory.ReadUInt16(Layout.Descriptor(d) + 14);
            _free.Push(d);
            d = next;
        }
        _chainLength[id] = 0;
        InFlight--;
        _lastUsedIdx++;
        head = (ushort)id; writtenLength = len;
        return true;
    }
}
