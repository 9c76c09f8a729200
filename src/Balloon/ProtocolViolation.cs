namespace Verified.Balloon;

/// <summary>Which driver rule a <see cref="ProtocolViolation"/> reports. Each names the virtio 1.2 section it comes
/// from (docs/balloon.md has the table of rule, check and test).</summary>
public enum ViolationKind
{
    /// <summary>A virtqueue was malformed (see <see cref="VirtqueueError"/>, §2.7); the device sets DEVICE_NEEDS_RESET.</summary>
    MalformedQueue,
    /// <summary>An inflate or deflate buffer named a PFN outside guest memory (§5.5.6).</summary>
    PfnOutsideGuest,
    /// <summary>A page was inflated while already in the balloon (§5.5.6.1).</summary>
    InflateOfBallooned,
    /// <summary>A page was deflated whose inflation the device had not acknowledged (§5.5.6.1).</summary>
    DeflateOfUnacknowledged,
    /// <summary>A ballooned (discarded) page was written before its deflation (before it was sent for deflation, or,
    /// with MUST_TELL_HOST, before the deflation was processed) (§5.5.6.1).</summary>
    PageUsedWhileBallooned,
    /// <summary><c>actual</c> counted pages whose inflation the device had not acknowledged (§5.5.6.1).</summary>
    ActualNotAcknowledged,
    /// <summary>The stats protocol was broken: two buffers available, a changed tag set, a length that is not a whole
    /// number of entries, or a device-writable stats buffer (§5.5.6.3.1).</summary>
    StatsProtocol,
    /// <summary>The driver accepted a feature the device did not offer, or used a queue it did not negotiate (§2.2, §3.1.1).</summary>
    FeatureNegotiation,
    /// <summary>A request longer than the device accepts: more than 256 PFNs, a stats buffer over
    /// <see cref="BalloonDevice.MaxStatsBytes"/>, or a report over the guest size; refused whole, acknowledged unchanged.</summary>
    RequestTooLong,
    /// <summary>An inflate or deflate buffer's length is not a whole number of le32 PFNs; refused whole, acknowledged unchanged.</summary>
    BadRequestLength,
    /// <summary>Without DEFLATE_ON_OOM the driver deflated while num_pages was not below the balloon size (§5.5.6.1).</summary>
    DeflateWithoutOom,
    /// <summary>poison_val was written while DRIVER_OK was set, or without PAGE_POISON negotiated (§5.5.6.6).</summary>
    PoisonValChanged,
    /// <summary>The device status was written out of order (ACKNOWLEDGE, DRIVER, FEATURES_OK, DRIVER_OK), a bit was
    /// cleared without a reset, or a transport register was used in the wrong state (§2.1, §3.1.1).</summary>
    StatusProtocol,
    /// <summary>A reported free range overlaps the balloon (§5.5.6.7).</summary>
    ReportOverlapsBalloon,
}

/// <summary>One broken driver rule the device observed.</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Queue">The queue involved, or −1 for the config space and the status register.</param>
/// <param name="Pfn">The page involved, when one is.</param>
/// <param name="Detail">What exactly was seen.</param>
public sealed record ProtocolViolation(ViolationKind Kind, int Queue, ulong? Pfn, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind} (queue {Queue}{(Pfn is ulong p ? $", pfn 0x{p:X}" : "")}): {Detail}";
}

/// <summary>
/// The device's record of broken rules, bounded whatever the driver does: a count per <see cref="ViolationKind"/> and
/// the first <see cref="SampleLimit"/> violations in full. Its memory is fixed at creation.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class ViolationLog
{
    /// <summary>How many violations are kept in full (the first ones; later ones are only counted).</summary>
    public const int SampleLimit = 64;

    private readonly long[] _counts = new long[Enum.GetValues<ViolationKind>().Length];
    private readonly List<ProtocolViolation> _sample = new(SampleLimit);
    private long _total;

    /// <summary>Every violation recorded, counted.</summary>
    public long Total { get { lock (_sample) return _total; } }

    /// <summary>Violations of one kind recorded, counted.</summary>
    public long CountOf(ViolationKind kind) { lock (_sample) return _counts[(int)kind]; }

    /// <summary>The first <see cref="SampleLimit"/> violations, in order.</summary>
    public IReadOnlyList<ProtocolViolation> Sample { get { lock (_sample) return [.. _sample]; } }

    internal void Add(ViolationKind kind, int queue, ulong? pfn, string detail)
    {
        lock (_sample)
        {
            _total++;
            _counts[(int)kind]++;
            if (_sample.Count < SampleLimit) _sample.Add(new ProtocolViolation(kind, queue, pfn, detail));
        }
    }
}
