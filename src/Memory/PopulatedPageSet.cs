using System.Numerics;

namespace Verified.Memory;

/// <summary>
/// Which pages of a memory range are populated, kept as one bit per page and a running count, so that a layer which
/// sees every write and every give-back can say how much is populated in O(1) and keep it current in O(pages changed),
/// instead of asking the kernel (<c>mincore</c>) about the whole range each time.
/// </summary>
/// <remarks>
/// <para>Memory: one bit per page (8 GiB of 4 KiB pages: 256 KiB). <see cref="Mark"/> and <see cref="Clear"/> cost
/// O(pages / 64 + 1); <see cref="Count"/> and <see cref="Contains"/> O(1).</para>
/// <para>Thread-safe: bits change with interlocked operations, and the count moves by exactly the bits that changed, so
/// concurrent marks and clears of the same pages never count a page twice. The set only knows what it is told: the
/// owner keeps it equal to the kernel's view by marking after each write and clearing after each give-back (a page
/// written while it is being given back may end either way, as the memory itself may).</para>
/// </remarks>
public sealed class PopulatedPageSet
{
    private readonly ulong[] _bits;
    private long _count;

    /// <summary>An empty set over <paramref name="pages"/> pages.</summary>
    /// <exception cref="ArgumentOutOfRangeException">More pages than one array of bits can hold (2^37).</exception>
    public PopulatedPageSet(ulong pages)
    {
        if (pages > (ulong)Array.MaxLength * 64)
            throw new ArgumentOutOfRangeException(nameof(pages), pages, $"At most {(ulong)Array.MaxLength * 64} pages.");
        Pages = pages;
        _bits = new ulong[(pages + 63) / 64];
    }

    /// <summary>Pages the set covers.</summary>
    public ulong Pages { get; }

    /// <summary>Pages in the set now.</summary>
    public ulong Count => (ulong)Interlocked.Read(ref _count);

    /// <summary>True when page <paramref name="page"/> is in the set.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The page lies outside the set.</exception>
    public bool Contains(ulong page)
    {
        CheckRange(page, 1);
        return (Volatile.Read(ref _bits[page / 64]) & (1UL << (int)(page % 64))) != 0;
    }

    /// <summary>Adds pages [first, first + count); returns how many were not in the set before.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The pages lie outside the set.</exception>
    public ulong Mark(ulong first, ulong count)
    {
        CheckRange(first, count);
        ulong added = 0;
        ForEachWord(first, count, (ref ulong word, ulong mask) =>
        {
            if ((Volatile.Read(ref word) & mask) == mask) return 0;   // the common case of a page touched again: no interlocked write
            ulong before = Interlocked.Or(ref word, mask);
            return (ulong)BitOperations.PopCount(~before & mask);
        }, ref added);
        if (added != 0) Interlocked.Add(ref _count, (long)added);
        return added;
    }

    /// <summary>Removes pages [first, first + count); returns how many were in the set before.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The pages lie outside the set.</exception>
    public ulong Clear(ulong first, ulong count)
    {
        CheckRange(first, count);
        ulong removed = 0;
        ForEachWord(first, count, (ref ulong word, ulong mask) =>
        {
            if ((Volatile.Read(ref word) & mask) == 0) return 0;
            ulong before = Interlocked.And(ref word, ~mask);
            return (ulong)BitOperations.PopCount(before & mask);
        }, ref removed);
        if (removed != 0) Interlocked.Add(ref _count, -(long)removed);
        return removed;
    }

    /// <summary>Copies the bits (bit i of word i / 64 is page i) into <paramref name="bits"/>; O(pages / 64).</summary>
    /// <exception cref="ArgumentException"><paramref name="bits"/> holds fewer than <see cref="Pages"/> bits.</exception>
    public void CopyTo(Span<ulong> bits)
    {
        if ((ulong)bits.Length * 64 < Pages) throw new ArgumentException($"The span must hold {Pages} bits.", nameof(bits));
        for (int i = 0; i < _bits.Length; i++) bits[i] = Volatile.Read(ref _bits[i]);
        bits[_bits.Length..].Clear();
    }

    /// <summary>Counts the set bits one by one (O(pages / 64)): for tests that check the running count.</summary>
    public ulong CountBits()
    {
        ulong n = 0;
        for (int i = 0; i < _bits.Length; i++) n += (ulong)BitOperations.PopCount(Volatile.Read(ref _bits[i]));
        return n;
    }

    private delegate ulong WordUpdate(ref ulong word, ulong mask);

    private void ForEachWord(ulong first, ulong count, WordUpdate update, ref ulong total)
    {
        ulong end = first + count;
        while (first < end)
        {
            int shift = (int)(first % 64);
            ulong inWord = Math.Min(64 - (ulong)shift, end - first);
            ulong mask = inWord == 64 ? ulong.MaxValue : ((1UL << (int)inWord) - 1) << shift;
            total += update(ref _bits[first / 64], mask);
            first += inWord;
        }
    }

    private void CheckRange(ulong first, ulong count)
    {
        if (first > Pages || count > Pages - first)
            throw new ArgumentOutOfRangeException(nameof(first), $"Pages [{first}, +{count}) lie outside the set of {Pages} pages.");
    }
}
