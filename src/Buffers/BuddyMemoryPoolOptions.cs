using Verified.Memory;

namespace Verified.Buffers;

/// <summary>Settings of a <see cref="BuddyMemoryPool"/>, checked once by its constructor.</summary>
public sealed class BuddyMemoryPoolOptions
{
    /// <summary>Address space reserved up front, and the most the pool ever commits: 4 GiB by default. Reserving costs
    /// no memory; only pages written are resident. A multiple of <see cref="GrowthBytes"/>.</summary>
    public ulong LimitBytes { get; init; } = 4UL << 30;

    /// <summary>How much of the reservation the pool commits (and adds to its heap) at a time when it has no free block
    /// large enough: 64 MiB by default. A power of two, at least <see cref="MaxBufferSize"/>. Also the pool's heap's
    /// largest block (1 GiB at most): free memory coalesces up to a whole growth range, so released memory lies in few
    /// blocks and the records of it go back to the operating system too.</summary>
    public ulong GrowthBytes { get; init; } = 64UL << 20;

    /// <summary>Largest buffer one rent may ask for: 1 MiB by default. A power of two between the system page size and
    /// 1 GiB.</summary>
    public int MaxBufferSize { get; init; } = 1 << 20;

    /// <summary>Size of a buffer rented with <c>Rent()</c> / <c>Rent(-1)</c>: one system page (4 KiB) when 0, the default.</summary>
    public int DefaultBufferSize { get; init; }

    /// <summary>Free memory kept resident for the next rents (hot reserve): 16 MiB by default. Free memory beyond it is
    /// given back to the operating system, coldest first, by <see cref="BuddyMemoryPool.Trim()"/>, by the idle timer
    /// and under memory pressure.</summary>
    public ulong HotReserveBytes { get; init; } = 16UL << 20;

    /// <summary>How long the pool must see no rent and no return before it gives back free memory beyond the hot reserve:
    /// 500 ms by default. <see cref="Timeout.InfiniteTimeSpan"/> turns the idle give-back off.</summary>
    public TimeSpan IdleDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>True (the default): when the GC reports a memory load at or above its high-load threshold, the idle
    /// timer's next tick gives back free memory beyond the hot reserve whether or not the pool is idle.</summary>
    public bool GiveBackUnderMemoryPressure { get; init; } = true;

    /// <summary>How memory is given back: <see cref="GiveBackAdvice.DontNeed"/> (default; resident memory falls at once
    /// and a later rent of those pages reads zeros) or <see cref="GiveBackAdvice.Free"/> (lazy).</summary>
    public GiveBackAdvice Advice { get; init; } = GiveBackAdvice.DontNeed;

    /// <summary>The clock of the idle timer (tests substitute their own).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The value of the <c>pool</c> tag on the pool's metrics, to tell pools apart.</summary>
    public string Name { get; init; } = "default";
}
