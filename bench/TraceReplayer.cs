using System.Runtime.CompilerServices;
using Verified.Buddy;

namespace Verified.Benchmarks;

/// <summary>What the replay loop calls; implemented by small structs so the loop is specialised per allocator.</summary>
public interface IReplayTarget
{
    bool TryAllocate(ulong size, out ulong address);
    void Free(ulong address, ulong size);
}

/// <summary>What the replay keeps per allocation id: its size and, once allocated, its address (one cache line, not two).</summary>
public struct ReplaySlot
{
    public ulong Size;
    public ulong Address;

    /// <summary>Fresh slots for a trace: sizes filled in, no addresses.</summary>
    public static ReplaySlot[] For(AllocationTrace trace)
    {
        var slots = new ReplaySlot[trace.AllocationCount];
        for (int i = 0; i < slots.Length; i++) slots[i].Size = trace.Sizes[i];
        return slots;
    }
}

/// <summary>Runs a trace in file order on one thread. A failed allocation is counted and its later free skipped.</summary>
public static class TraceReplayer
{
    /// <summary>Marks an id whose allocation failed.</summary>
    public const ulong Failed = ulong.MaxValue;

    /// <returns>The number of failed allocations.</returns>
    public static long Replay<T>(AllocationTrace trace, ref T target, ReplaySlot[] slots) where T : struct, IReplayTarget
    {
        int[] ops = trace.Ops;
        long failed = 0;
        for (int i = 0; i < ops.Length; i++)
        {
            int op = ops[i];
            if (op >= 0)
            {
                ref ReplaySlot slot = ref slots[op];
                if (target.TryAllocate(slot.Size, out ulong address)) slot.Address = address;
                else { slot.Address = Failed; failed++; }
            }
            else
            {
                ref ReplaySlot slot = ref slots[~op];
                if (slot.Address != Failed) target.Free(slot.Address, slot.Size);
            }
        }
        return failed;
    }
}

/// <summary>The single-threaded heap, called directly.</summary>
public struct BuddyTarget(BuddyHeap heap) : IReplayTarget
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool TryAllocate(ulong size, out ulong address) => heap.TryAllocate(size, out address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Free(ulong address, ulong size)
    {
        FreeResult result = heap.TryFree(address, size);
        if (!result.Succeeded) ThrowFreeFailed(result, address);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFreeFailed(FreeResult result, ulong address) =>
        throw new InvalidOperationException($"the trace's free of 0x{address:X} was refused: {result.Error}");
}

/// <summary>The product configuration: the heap behind its spin lock, every operation locked and every free checked.</summary>
public struct LockedBuddyTarget(ConcurrentBuddyHeap heap) : IReplayTarget
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool TryAllocate(ulong size, out ulong address) => heap.TryAllocate(size, out address);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Free(ulong address, ulong size)
    {
        FreeResult result = heap.TryFree(address, size);
        if (!result.Succeeded)
            throw new InvalidOperationException($"the trace's free of 0x{address:X} was refused: {result.Error}");
    }
}

/// <summary>
/// The harness alone: a bump "allocator" that never fails and a free that only reads its arguments, so the loop,
/// the array traffic and the calls remain and the allocator's work is gone.
/// </summary>
public struct HarnessTarget : IReplayTarget
{
    private ulong _next;
    public ulong Checksum;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAllocate(ulong size, out ulong address)
    {
        address = _next;
        _next += size;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Free(ulong address, ulong size) => Checksum ^= address + size;
}
