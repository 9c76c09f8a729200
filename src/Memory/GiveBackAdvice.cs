namespace Verified.Memory;

/// <summary>How pages of a mapping are given back to the operating system (the <c>advice</c> of <c>madvise</c>).</summary>
public enum GiveBackAdvice
{
    /// <summary><c>MADV_DONTNEED</c>: the pages are dropped at once; the resident count falls immediately and the next
    /// touch of a page maps a fresh zero page.</summary>
    DontNeed = 4,

    /// <summary><c>MADV_FREE</c>: the kernel may drop the pages lazily, under memory pressure; until it does they stay
    /// resident and keep their contents, and a write cancels the give-back of that page. Cheaper when memory is
    /// plentiful, but the resident count does not fall until the kernel acts.</summary>
    Free = 8,
}
