using System.Numerics;

namespace Verified.Balloon;

/// <summary>
/// Where the three parts of one split virtqueue of <see cref="Size"/> entries lie in guest memory, byte for byte as
/// the virtio specification lays them out:
/// <list type="table">
/// <item><term>descriptor table</term><description>at <see cref="DescriptorTable"/> (align 16): Q × {le64 addr; le32 len; le16 flags; le16 next}</description></item>
/// <item><term>available ring</term><description>at <see cref="AvailRing"/> (align 2): le16 flags; le16 idx; le16 ring[Q]; le16 used_event</description></item>
/// <item><term>used ring</term><description>at <see cref="UsedRing"/> (align 4): le16 flags; le16 idx; {le32 id; le32 len} ring[Q]; le16 avail_event</description></item>
/// </list>
/// </summary>
/// <param name="DescriptorTable">Guest-physical address of the descriptor table.</param>
/// <param name="AvailRing">Guest-physical address of the available ring.</param>
/// <param name="UsedRing">Guest-physical address of the used ring.</param>
/// <param name="Size">Queue size Q: a power of two, 1 to 32768.</param>
public readonly record struct VirtqueueLayout(ulong DescriptorTable, ulong AvailRing, ulong UsedRing, ushort Size)
{
    /// <summary>Largest queue size the split ring allows.</summary>
    public const int MaxSize = 32768;
    /// <summary>Bytes of one descriptor.</summary>
    public const int DescriptorBytes = 16;
    /// <summary>Descriptor flag: the chain continues at <c>next</c>.</summary>
    public const ushort FlagNext = 1;
    /// <summary>Descriptor flag: the device writes this buffer (otherwise it only reads it).</summary>
    public const ushort FlagWrite = 2;
    /// <summary>Descriptor flag: the buffer holds a table of indirect descriptors.</summary>
    public const ushort FlagIndirect = 4;

    /// <summary>Bytes of the whole contiguous layout that <see cref="Contiguous"/> builds for a queue of <paramref name="size"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not a power of two in 1..32768.</exception>
    public static ulong BytesFor(int size)
    {
        CheckSize(size);
        ulong used = AlignUp(16UL * (ulong)size + 6 + 2UL * (ulong)size, 4);
        return used + 6 + 8UL * (ulong)size;
    }

    /// <summary>The contiguous layout at <paramref name="baseAddress"/>: descriptor table, available ring right after it,
    /// used ring at the next 4-byte boundary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not a power of two in 1..32768, or the base is not 16-byte aligned.</exception>
    public static VirtqueueLayout Contiguous(ulong baseAddress, int size)
    {
        CheckSize(size);
        if (baseAddress % 16 != 0) throw new ArgumentOutOfRangeException(nameof(baseAddress), baseAddress, "The descriptor table must be 16-byte aligned.");
        ulong avail = baseAddress + 16UL * (ulong)size;
        ulong used = AlignUp(avail + 6 + 2UL * (ulong)size, 4);
        return new VirtqueueLayout(baseAddress, avail, used, (ushort)size);
    }

    /// <summary>Q as an int.</summary>
    public int Entries => Size;

    internal ulong Descriptor(int index) => DescriptorTable + (ulong)index * DescriptorBytes;
    internal ulong AvailFlags => AvailRing;
    internal ulong AvailIdx => AvailRing + 2;
    internal ulong AvailEntry(ushort idx) => AvailRing + 4 + 2UL * (ulong)(idx & (Entries - 1));
    internal ulong UsedFlags => UsedRing;
    internal ulong UsedIdx => UsedRing + 2;
    internal ulong UsedEntry(ushort idx) => UsedRing + 4 + 8UL * (ulong)(idx & (Entries - 1));

    /// <summary>Checks alignment, size and that every part lies inside <paramref name="memory"/>.</summary>
    /// <returns>Null when valid, else what is wrong.</returns>
    public string? Validate(GuestMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        int q = Entries;
        if (q == 0 || q > MaxSize || !BitOperations.IsPow2(q)) return $"queue size {q} is not a power of two from 1 to 32768";
        if (DescriptorTable % 16 != 0) return "the descriptor table is not 16-byte aligned";
        if (AvailRing % 2 != 0) return "the available ring is not 2-byte aligned";
        if (UsedRing % 4 != 0) return "the used ring is not 4-byte aligned";
        if (!memory.Contains(DescriptorTable, 16UL * (ulong)q)) return "the descriptor table lies outside guest memory";
        if (!memory.Contains(AvailRing, 6 + 2UL * (ulong)q)) return "the available ring lies outside guest memory";
        if (!memory.Contains(UsedRing, 6 + 8UL * (ulong)q)) return "the used ring lies outside guest memory";
        return null;
    }

    private static void CheckSize(int size)
    {
        if (size < 1 || size > MaxSize || !BitOperations.IsPow2(size))
            throw new ArgumentOutOfRangeException(nameof(size), size, "A split virtqueue's size is a power of two from 1 to 32768.");
    }

    private static ulong AlignUp(ulong value, ulong align) => (value + align - 1) & ~(align - 1);
}

/// <summary>One buffer of a descriptor chain.</summary>
/// <param name="Address">Guest-physical address of the buffer.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="DeviceWritable">True for a buffer the device writes (descriptor flag WRITE), false for one it reads.</param>
public readonly record struct BufferSegment(ulong Address, uint Length, bool DeviceWritable);

/// <summary>A descriptor chain the device took from the available ring, validated.</summary>
/// <param name="Head">Index of the chain's first descriptor; the device returns it in the used ring.</param>
/// <param name="Segments">The buffers, in chain order.</param>
public sealed record DescriptorChain(ushort Head, IReadOnlyList<BufferSegment> Segments)
{
    /// <summary>The descriptor indices of the chain, as the device validated them (it never re-reads the table).</summary>
    internal ushort[] Descriptors { get; init; } = [];
}

/// <summary>What was malformed in a virtqueue.</summary>
public enum VirtqueueError
{
    /// <summary>avail.idx moved more than Q entries past the last one the device consumed.</summary>
    AvailIndexJump,
    /// <summary>A head or next index is ≥ Q.</summary>
    DescriptorIndexOutOfRange,
    /// <summary>A chain is longer than Q descriptors: it loops.</summary>
    ChainLoop,
    /// <summary>A buffer does not lie wholly inside guest memory.</summary>
    BufferOutsideGuestMemory,
    /// <summary>A descriptor has the INDIRECT flag, which was not negotiated.</summary>
    IndirectNotNegotiated,
    /// <summary>A chain uses a descriptor the device already holds (made available twice).</summary>
    DescriptorInUse,
    /// <summary>A buffer's direction (device-readable or device-writable) is not what the queue expects.</summary>
    WrongDirection,
    /// <summary>A buffer's length is not what the queue expects.</summary>
    BadLength,
    /// <summary>The used ring returned an id that is not the head of a chain in flight (out of range, never made
    /// available, or acknowledged twice).</summary>
    BadUsedEntry,
    /// <summary>used.idx moved further than the number of chains in flight (forward by too much, or backwards).</summary>
    UsedIndexJump,
    /// <summary>A used entry's len is more than the device-writable bytes of its chain.</summary>
    UsedLengthImplausible,
}

/// <summary>A virtqueue held malformed data. Nothing outside guest memory was read or written.</summary>
public sealed class VirtqueueException : Exception
{
    internal VirtqueueException(VirtqueueError error, int queue, string detail)
        : base($"Virtqueue {queue}: {error}: {detail}")
    {
        Error = error; Queue = queue;
    }

    /// <summary>What was malformed.</summary>
    public VirtqueueError Error { get; }
    /// <summary>Index of the queue.</summary>
    public int Queue { get; }
}
