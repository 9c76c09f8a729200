using Microsoft.Coyote.Specifications;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// The pages each task holds, kept beside the heap by the scenarios: a page claimed while another task holds it means
/// the heap handed it out twice. A task claims pages after the heap returned them and releases them before it frees
/// them, so on a correct heap no claim can ever collide.
/// </summary>
internal sealed class PageLedger(ulong pageSize)
{
    private readonly object _gate = new();
    private readonly HashSet<ulong> _held = [];

    /// <summary>Successful allocations recorded so far.</summary>
    public ulong Allocations { get; private set; }

    /// <summary>Successful frees recorded so far (a partial free counts as one).</summary>
    public ulong Frees { get; private set; }

    /// <summary>Pages held now.</summary>
    public int HeldPages { get { lock (_gate) return _held.Count; } }

    public void Claim(ulong address, ulong size)
    {
        lock (_gate)
        {
            for (ulong page = address / pageSize, end = page + Pages(size); page < end; page++)
                if (!_held.Add(page)) Specification.Assert(false, $"page 0x{page * pageSize:X} was handed out twice");
            Allocations++;
        }
    }

    public void Release(ulong address, ulong size)
    {
        lock (_gate)
        {
            for (ulong page = address / pageSize, end = page + Pages(size); page < end; page++)
                if (!_held.Remove(page)) Specification.Assert(false, $"page 0x{page * pageSize:X} released by a task that does not hold it");
            Frees++;
        }
    }

    private ulong Pages(ulong size) => (size + pageSize - 1) / pageSize;
}
