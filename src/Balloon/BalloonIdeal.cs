using System.Numerics;

namespace Verified.Balloon;

/// <summary>
/// The most host memory a balloon could release: the yardstick every inflation policy is measured against.
/// </summary>
/// <remarks>
/// <para><b>Definition.</b> Given, per 4 KiB guest page, whether it is free in the guest and whether the host holds it
/// populated, a host page size H (h = H / 4 KiB sub-pages) and a budget of B balloon pages: the ideal is the largest
/// amount of populated memory that lies in host pages wholly inside some set of at most B free guest pages. A host
/// gives back a host page only when all h of its sub-pages are in the balloon (QEMU and Firecracker discard whole host
/// pages; a host page that is only partly ballooned stays populated), so a set of B free pages releases exactly the
/// populated sub-pages of the host pages it covers whole.</para>
/// <para><b>Computation.</b> Only wholly free host pages can be covered; each costs h pages of the budget and gains its
/// populated sub-pages. All items cost the same, so the best choice takes the floor(B / h) wholly free host pages with
/// the most populated sub-pages: a histogram of the gain (0..h) and one pass from the top, O(guest pages / 64 + h).
/// The test suite checks this against a brute-force search over every subset on tiny guests.</para>
/// <para>The ideal is host-independent: it assumes the host discards a host page however its sub-pages arrive (the
/// idealised host); under QEMU's rule a policy can reach it only by sending each host page's sub-pages together.
/// Free page reporting is not bounded by the balloon size, so a policy with reporting can exceed it.</para>
/// </remarks>
public static class BalloonIdeal
{
    /// <summary>The ideal in bytes of populated memory (see the remarks for the definition).</summary>
    /// <param name="freeBits">Bit i (word i / 64, bit i % 64) set when guest page i is free.</param>
    /// <param name="populatedBits">Bit i set when the host holds guest page i populated.</param>
    /// <param name="pages">Guest pages (a multiple of h).</param>
    /// <param name="hostPageSize">Host page size in bytes: a power of two from 4096 to 1 GiB.</param>
    /// <param name="budgetPages">Most balloon pages (4 KiB) any choice may take.</param>
    /// <exception cref="ArgumentException">A span is too short, the page count is not a multiple of h, or the host page
    /// size is invalid.</exception>
    public static ulong ReleasableBytes(ReadOnlySpan<ulong> freeBits, ReadOnlySpan<ulong> populatedBits, ulong pages, ulong hostPageSize, ulong budgetPages)
    {
        const ulong Page = GuestMemory.GuestPageSize;
        if (hostPageSize < Page || hostPageSize > (1UL << 30) || !BitOperations.IsPow2(hostPageSize))
            throw new ArgumentException($"The host page size {hostPageSize} is not a power of two from 4096 to 1 GiB.", nameof(hostPageSize));
        ulong sub = hostPageSize / Page;
        if (pages % sub != 0) throw new ArgumentException($"{pages} guest pages are not a whole number of {sub}-page host pages.", nameof(pages));
        ulong words = (pages + 63) / 64;
        if ((ulong)freeBits.Length < words || (ulong)populatedBits.Length < words)
            throw new ArgumentException($"The bit spans must hold {pages} bits.", nameof(freeBits));

        var count = new ulong[sub + 1];   // wholly free host pages by populated sub-pages
        for (ulong host = 0; host < pages / sub; host++)
        {
            ulong first = host * sub;
            ulong populated = 0;
            bool whole = true;
            if (sub >= 64)
            {
                for (ulong w = first / 64; w < (first + sub) / 64 && whole; w++)
                {
                    whole = freeBits[(int)w] == ulong.MaxValue;
                    populated += (ulong)BitOperations.PopCount(populatedBits[(int)w]);
                }
            }
            else
            {
                int shift = (int)(first % 64);
                ulong mask = (sub == 64 ? ulong.MaxValue : (1UL << (int)sub) - 1) << shift;
                whole = (freeBits[(int)(first / 64)] & mask) == mask;
                populated = (ulong)BitOperations.PopCount(populatedBits[(int)(first / 64)] & mask);
            }
            if (whole) count[populated]++;
        }
        ulong left = budgetPages / sub, bytes = 0;
        for (ulong gain = sub; gain >= 1 && left > 0; gain--)
        {
            ulong take = Math.Min(count[gain], left);
            bytes += take * gain * Page;
            left -= take;
        }
        return bytes;
    }
}
