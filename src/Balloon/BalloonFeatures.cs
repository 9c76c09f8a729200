namespace Verified.Balloon;

/// <summary>The virtio-balloon feature bits (device type 5) and the one transport bit this model uses.</summary>
[Flags]
public enum BalloonFeatures : ulong
{
    /// <summary>No feature.</summary>
    None = 0,
    /// <summary>Bit 0: the driver must tell the host before reusing a deflated page (it waits for the deflate acknowledgement).</summary>
    MustTellHost = 1UL << 0,
    /// <summary>Bit 1: a statistics queue exists.</summary>
    StatsVq = 1UL << 1,
    /// <summary>Bit 2: the driver may deflate under memory pressure.</summary>
    DeflateOnOom = 1UL << 2,
    /// <summary>Bit 3: free page hinting (this model's driver declines it).</summary>
    FreePageHint = 1UL << 3,
    /// <summary>Bit 4: the driver tells the host the poison value of free pages (config field poison_val).</summary>
    PagePoison = 1UL << 4,
    /// <summary>Bit 5: free page reporting through a reporting queue.</summary>
    PageReporting = 1UL << 5,
    /// <summary>Bit 32: VIRTIO_F_VERSION_1 (little-endian, modern device).</summary>
    Version1 = 1UL << 32,
}

/// <summary>Offsets of the le32 fields of the balloon's config space.</summary>
public static class BalloonConfig
{
    /// <summary>le32 num_pages: the host's target balloon size in 4 KiB pages (written by the device).</summary>
    public const int NumPages = 0;
    /// <summary>le32 actual: the balloon size the driver reports (written by the driver).</summary>
    public const int Actual = 4;
    /// <summary>le32 free_page_hint_cmd_id (FREE_PAGE_HINT; unused here).</summary>
    public const int FreePageHintCmdId = 8;
    /// <summary>le32 poison_val (PAGE_POISON; written by the driver).</summary>
    public const int PoisonVal = 12;
    /// <summary>Size of the config space in bytes.</summary>
    public const int Size = 16;
}

/// <summary>The ten standard statistics tags (le16) of the stats queue.</summary>
public enum BalloonStatTag : ushort
{
    /// <summary>Bytes swapped in.</summary>
    SwapIn = 0,
    /// <summary>Bytes swapped out.</summary>
    SwapOut = 1,
    /// <summary>Major page faults.</summary>
    MajorFaults = 2,
    /// <summary>Minor page faults.</summary>
    MinorFaults = 3,
    /// <summary>Free memory in bytes.</summary>
    FreeMemory = 4,
    /// <summary>Total memory in bytes.</summary>
    TotalMemory = 5,
    /// <summary>Available memory in bytes.</summary>
    AvailableMemory = 6,
    /// <summary>Disk caches in bytes.</summary>
    DiskCaches = 7,
    /// <summary>Huge page allocations.</summary>
    HugeTlbAllocations = 8,
    /// <summary>Huge page allocation failures.</summary>
    HugeTlbFailures = 9,
}

/// <summary>Which allocation policy the balloon driver (and the guest) uses.</summary>
public enum InflatePolicy
{
    /// <summary>The MRU buddy heap; each PFN of a batch is a single 4 KiB allocation (the recently freed pages go first).</summary>
    MruSinglePages,
    /// <summary>The pre-PR "id heap": a bitmap first-fit allocator; each batch is one contiguous allocation of up to 1 MiB.</summary>
    PrePrFirstFit1MiB,
    /// <summary>Control for granularity alone: the pre-PR bitmap first-fit allocator, but each PFN of a batch is a
    /// single 4 KiB allocation (lowest free page first, no recency order).</summary>
    FirstFitSinglePages,
    /// <summary>Control for ordering alone: the MRU buddy heap, but each batch is one contiguous allocation of up to
    /// 1 MiB, as the pre-PR driver asked for.</summary>
    MruBatch1MiB,
    /// <summary>Host-clean-aware MRU: the buddy heap that knows which free memory the host still backs
    /// (<see cref="Verified.Buddy.BackedBuddyHeap"/>): guest memory starts clean, balloon pages are dirty ones first
    /// (recently used memory the host populated), deflated pages the host discarded go back clean, and with host pages
    /// larger than 4 KiB (<see cref="BalloonDriverOptions.HostPageSize"/>) whole host-page-aligned dirty runs go first.</summary>
    HostCleanAwareMru,
}

/// <summary>What an <see cref="InflatePolicy"/> is made of: the guest's allocator and the size of each balloon allocation.</summary>
public static class InflatePolicies
{
    /// <summary>True when the guest's allocator is the MRU buddy heap (false: the bitmap first-fit allocator).</summary>
    public static bool UsesBuddyHeap(this InflatePolicy policy) => policy is InflatePolicy.MruSinglePages or InflatePolicy.MruBatch1MiB or InflatePolicy.HostCleanAwareMru;

    /// <summary>True when the driver takes each balloon page as its own 4 KiB allocation (false: one contiguous
    /// allocation of up to 1 MiB per batch).</summary>
    public static bool TakesSinglePages(this InflatePolicy policy) => policy is InflatePolicy.MruSinglePages or InflatePolicy.FirstFitSinglePages;
}
