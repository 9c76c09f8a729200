using System.Numerics;
using System.Runtime.CompilerServices;

namespace Verified.Buddy;

/// <summary>
/// The free map: one bit per record, set exactly when a page of that record's pair (within its range) is free. It is
/// what makes the allocated-state check of a free exact and cheap: a span is wholly allocated when the bits of the
/// records it covers are clear, except that a pair only half inside the span may have its bit set for the other page,
/// which the pair's record then names as a free order-0 block. A free of one block reads one word of the map (and,
/// when a pair's bit is set, that pair's record, which the merge reads anyway). The map costs one bit per buddy pair:
/// 1/64 of the records, 0.0015 % of the managed bytes at 4 KiB pages.
/// </summary>
/// <remarks>The map changes only where pages change state: set for every record of a span when it is freed (by a free,
/// by the tail of an allocation, or by <see cref="AddRange"/>), cleared for the records an allocation takes whole.
/// Merges and splits move blocks between lists without changing which pages are free, so they leave it alone.
/// <see cref="CheckInvariants"/> recomputes it under <see cref="Invariants.FreeMapMatchesPages"/>.</remarks>
public sealed partial class BuddyHeap
{
    private ulong[] _freeMap;   // bit r of word r / 64: record r holds a free page; sentinel bits are always clear

    private static int FreeMapWords(uint records) => (int)((records + 63) / 64);

    /// <summary>True when record <paramref name="index"/>'s pair holds a free page.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool FreeMapBit(uint index) => (_freeMap[index >> 6] & (1UL << (int)index)) != 0;

    /// <summary>Sets (free) or clears (allocated) the bits of records <paramref name="first"/>..<paramref name="last"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void MarkFreeMap(uint first, uint last, bool free)
    {
        ulong[] map = _freeMap;
        int word = (int)(first >> 6), lastWord = (int)(last >> 6);
        ulong head = ~0UL << (int)first, tail = ~0UL >> (63 - (int)(last & 63));
        if (word == lastWord)
        {
            ulong mask = head & tail;
            if (free) map[word] |= mask; else map[word] &= ~mask;
            return;
        }
        MarkFreeMapWords(word, lastWord, head, tail, free);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MarkFreeMapWords(int word, int lastWord, ulong head, ulong tail, bool free)
    {
        Span<ulong> map = _freeMap.AsSpan(word, lastWord - word + 1);
        if (free)
        {
            map[0] |= head;
            map[1..^1].Fill(~0UL);
            map[^1] |= tail;
        }
        else
        {
            map[0] &= ~head;
            map[1..^1].Clear();
            map[^1] &= ~tail;
        }
    }

    /// <summary>The lowest record in <paramref name="first"/>..<paramref name="last"/> whose bit is set, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long FirstMarkedRecord(uint first, uint last)
    {
        ulong[] map = _freeMap;
        int word = (int)(first >> 6), lastWord = (int)(last >> 6);
        ulong bits = map[word] & (~0UL << (int)first);
        if (word == lastWord)
        {
            bits &= ~0UL >> (63 - (int)(last & 63));
            return bits == 0 ? -1 : ((long)word << 6) + BitOperations.TrailingZeroCount(bits);
        }
        return FirstMarkedRecordWords(word, lastWord, bits, last);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long FirstMarkedRecordWords(int word, int lastWord, ulong bits, uint last)
    {
        ulong[] map = _freeMap;
        while (bits == 0)
        {
            if (++word > lastWord) return -1;
            bits = map[word];
            if (word == lastWord) bits &= ~0UL >> (63 - (int)(last & 63));
        }
        return ((long)word << 6) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>Test hook: flips one bit of the free map, so that the invariant checker can be seen to report it.</summary>
    internal void FlipFreeMapBitForTest(uint record) => _freeMap[record >> 6] ^= 1UL << (int)record;
}
