namespace Verified.Balloon;

/// <summary>Which driver rule a <see cref="ProtocolViolation"/> reports.</summary>
public enum ViolationKind
{
    /// <summary>A virtqueue was malformed (see <see cref="VirtqueueError"/>); the queue is broken.</summary>
    MalformedQueue,
    /// <summary>An inflate or deflate buffer named a PFN outside guest memory.</summary>
    PfnOutsideGuest,
    /// <summary>A page was inflated while already in the balloon.</summary>
    InflateOfBallooned,
    /// <summary>A page was deflated whose inflation the device had not acknowledged.</summary>
    DeflateOfUnacknowledged,
    /// <summary>A ballooned (discarded) page was written before its deflation (before it was sent for deflation, or,
    /// with MUST_TELL_HOST, before the deflation was processed).</summary>
    PageUsedWhileBallooned,
    /// <summary><c>actual</c> counted pages whose inflation the device had not acknowledged.</summary>
    ActualNotAcknowledged,
    /// <summary>The stats protocol was broken (two buffers available, or a changed tag set).</summary>
    StatsProtocol,
    /// <summary>The driver accepted a feature the device did not offer, or used a queue it did not negotiate.</summary>
    FeatureNegotiation,
}

/// <summary>One broken driver rule the device observed.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Queue">The queue involved, or −1 for the config space.</param>
/// <param name="Pfn">The page involved, when one is.</param>
/// <param name="Detail">What exactly was seen.</param>
public sealed record ProtocolViolation(ViolationKind Kind, int Queue, ulong? Pfn, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind} (queue {Queue}{(Pfn is ulong p ? $", pfn 0x{p:X}" : "")}): {Detail}";
}
