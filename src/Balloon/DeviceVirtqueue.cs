namespace Verified.Balloon;

/// <summary>
/// The device's side of one split virtqueue: it reads the available ring and the descriptor table, writes the used
/// ring. Everything it reads is validated before use (indices, chain length, buffer bounds, flags); a malformed queue
/// raises <see cref="VirtqueueException"/> and marks the queue <see cref="Broken"/> (the balloon device then sets
/// DEVICE_NEEDS_RESET), and nothing outside guest memory is ever read or written. A chain is walked at most Q
/// descriptors, with a scratch bitmap to find loops.
/// </summary>
/// <remarks>Not thread-safe: one device context uses a queue at a time.</remarks>
public sealed class DeviceVirtqueue
{
    private readonly GuestMemory _memory;
    private readonly bool[] _held;      // descriptors of chains the device holds (popped, not yet used)
    private readonly bool[] _visited;   // scratch: descriptors of the chain being validated
    private ushort _lastAvailIdx;       // next available entry the device will read
    private ushort _usedIdx;            // shadow of used.idx (the device is its only writer)

    /// <summary>Attaches to the queue at <paramref name="layout"/> (the driver has set it up).</summary>
    /// <exception cref="ArgumentException">The layout is invalid or does not lie inside guest memory.</exception>
    public DeviceVirtqueue(GuestMemory memory, VirtqueueLayout layout, int queueIndex) : this(memory, layout, queueIndex, 0) { }

    /// <summary>As the public constructor, with both rings starting at <paramref name="initialIndex"/> (tests of the wrap).</summary>
    internal DeviceVirtqueue(GuestMemory memory, VirtqueueLayout layout, int queueIndex, ushort initialIndex)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (layout.Validate(memory) is string problem) throw new ArgumentException($"Invalid virtqueue layout: {problem}.", nameof(layout));
        _memory = memory;
        Layout = layout;
        QueueIndex = queueIndex;
        _held = new bool[layout.Entries];
        _visited = new bool[layout.Entries];
        _lastAvailIdx = _usedIdx = initialIndex;
    }

    /// <summary>Where the queue lies in guest memory.</summary>
    public VirtqueueLayout Layout { get; }

    /// <summary>The queue's index.</summary>
    public int QueueIndex { get; }

    /// <summary>True once the queue was found malformed; the device no longer processes it.</summary>
    public bool Broken { get; private set; }

    /// <summary>Chains the device holds (taken, not yet returned).</summary>
    public int Held { get; private set; }

    /// <summary>Called between the steps of every access to the shared rings (for a test scheduler); null otherwise.</summary>
    internal Action? Interleave { get; set; }

    /// <summary>Test seam for a faulty device (the Coyote and hostile-input tests): called once, at the next
    /// <see cref="PushUsed"/>, after the used entry is written and before used.idx is published, with the index the
    /// device would publish; returns the index to publish instead. It may also write guest memory. Null otherwise.</summary>
    internal Func<GuestMemory, VirtqueueLayout, DescriptorChain, ushort, ushort>? FaultyPublish { get; set; }

    /// <summary>True when the driver has published an entry the device has not taken.</summary>
    public bool HasAvailable => !Broken && _memory.ReadUInt16(Layout.AvailIdx) != _lastAvailIdx;

    /// <summary>Takes and validates the next available chain.</summary>
    /// <returns>False when nothing new is available or the queue is broken.</returns>
    /// <exception cref="VirtqueueException">The chain or the ring is malformed; the queue is now <see cref="Broken"/>.</exception>
    public bool TryPop(out DescriptorChain? chain)
    {
        chain = null;
        if (Broken) return false;
        ushort availIdx = _memory.ReadUInt16(Layout.AvailIdx);
        Interleave?.Invoke();
        if (availIdx == _lastAvailIdx) return false;
        int q = Layout.Entries;
        if ((ushort)(availIdx - _lastAvailIdx) > q)
            throw Fail(VirtqueueError.AvailIndexJump, $"avail.idx {availIdx} is {(ushort)(availIdx - _lastAvailIdx)} entries past {_lastAvailIdx}, more than the queue size {q}");

        ushort head = _memory.ReadUInt16(Layout.AvailEntry(_lastAvailIdx));
        if (head >= q) throw Fail(VirtqueueError.DescriptorIndexOutOfRange, $"available entry {_lastAvailIdx} names descriptor {head} ≥ {q}");

        // Work is bounded by Q descriptors; a chain that would visit one twice loops.
        var segments = new List<BufferSegment>();
        var visited = new List<ushort>();
        ushort d = head;
        try
        {
            while (true)
            {
                if (visited.Count == q) throw Fail(VirtqueueError.ChainLoop, $"the chain at head {head} is longer than the queue size {q}");
                if (_held[d]) throw Fail(VirtqueueError.DescriptorInUse, $"descriptor {d} belongs to a chain the device still holds");
                visited.Add(d);
                _visited[d] = true;
                ulong at = Layout.Descriptor(d);
                ulong addr = _memory.ReadUInt64(at);
                uint len = _memory.ReadUInt32(at + 8);
                ushort flags = _memory.ReadUInt16(at + 12);
                ushort next = _memory.ReadUInt16(at + 14);
                if ((flags & VirtqueueLayout.FlagIndirect) != 0) throw Fail(VirtqueueError.IndirectNotNegotiated, $"descriptor {d} is indirect");
                if (!_memory.Contains(addr, len)) throw Fail(VirtqueueError.BufferOutsideGuestMemory, $"descriptor {d} names [0x{addr:X}, +{len}) outside guest memory of {_memory.Size} bytes");
                segments.Add(new BufferSegment(addr, len, (flags & VirtqueueLayout.FlagWrite) != 0));
                if ((flags & VirtqueueLayout.FlagNext) == 0) break;
                if (next >= q) throw Fail(VirtqueueError.DescriptorIndexOutOfRange, $"descriptor {d} chains to {next} ≥ {q}");
                if (_visited[next]) throw Fail(VirtqueueError.ChainLoop, $"descriptor {d} chains back to {next}");
                d = next;
            }
        }
        finally
        {
            foreach (ushort v in visited) _visited[v] = false;
        }
        foreach (ushort v in visited) _held[v] = true;
        _lastAvailIdx++;
        Held++;
        chain = new DescriptorChain(head, segments) { Descriptors = [.. visited] };
        return true;
    }

    /// <summary>Returns a chain the device holds through the used ring: writes the entry, then publishes used.idx.</summary>
    /// <param name="chain">A chain taken with <see cref="TryPop"/> and not yet returned.</param>
    /// <param name="writtenLength">Bytes the device wrote into the chain's device-writable buffers.</param>
    /// <exception cref="InvalidOperationException">The chain is not held by the device.</exception>
    public void PushUsed(DescriptorChain chain, uint writtenLength)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (!_held[chain.Head]) throw new InvalidOperationException($"Descriptor {chain.Head} is not a chain the device holds.");
        // Release the descriptors before publishing: once used.idx moves, the driver may reuse them.
        foreach (ushort d in chain.Descriptors) _held[d] = false;
        ulong entry = Layout.UsedEntry(_usedIdx);
        _memory.WriteUInt32(entry, chain.Head);
        _memory.WriteUInt32(entry + 4, writtenLength);
        Interleave?.Invoke();   // the write barrier: the entry is visible before the index that publishes it
        _usedIdx++;
        Held--;
        ushort publish = _usedIdx;
        if (FaultyPublish is { } fault)
        {
            FaultyPublish = null;
            publish = fault(_memory, Layout, chain, publish);
        }
        _memory.WriteUInt16(Layout.UsedIdx, publish);
        Interleave?.Invoke();
    }

    /// <summary>Marks the queue broken because its content broke a rule of the device type (called by the device).</summary>
    internal VirtqueueException Fail(VirtqueueError error, string detail)
    {
        Broken = true;
        return new VirtqueueException(error, QueueIndex, detail);
    }
}
