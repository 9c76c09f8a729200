using System.Runtime.CompilerServices;

namespace Verified.Buddy;

/// <summary>
/// A <see cref="BuddyHeap"/> shared between threads: every operation runs under one <see cref="InterlockedSpinLock"/>,
/// the way a kernel guards its physical page heap with one spin lock used from every processor.
/// </summary>
/// <remarks>
/// <para>The heap it guards is its own (created by the constructor and never handed out), so no caller can reach the
/// free lists without the lock. Each operation is linearizable: it behaves exactly as the same <see cref="BuddyHeap"/>
/// operation (see <c>docs/contract.md</c>) taking effect at one instant while the lock is held. The lock is held for
/// O(K) per block allocated or freed (O(n + K) for a free of n pages, O(pages) for <see cref="AddRange"/>), never
/// while allocating managed memory except in <see cref="AddRange"/> and <see cref="CheckInvariants"/>.</para>
/// <para>Accounting (<see cref="Accounting"/>) is one snapshot of the heap's counters taken under the lock, so its
/// numbers always belong together; no operation pays for it. The reserve-keeping allocation
/// (<see cref="TryAllocateKeepingReserve"/>) checks the reserve and allocates in one locked step; use it, or
/// <see cref="ConcurrentReservedHeap"/>, rather than a <see cref="ReservedHeap"/> over this heap, whose check and
/// allocation would be two steps with a window between them.</para>
/// <para>The seeded concurrency defects of the Coyote suite (<see cref="SeededRace"/>) are planted through the struct
/// type argument of internal generic forms of the operations (<see cref="IFaultPlan"/>); the public operations run
/// <see cref="NoFaults"/>, whose compiled code has none of them.</para>
/// </remarks>
public sealed class ConcurrentBuddyHeap : IPageAllocator
{
    private readonly BuddyHeap _heap;
    private readonly InterlockedSpinLock _lock;
    private ulong _allocations;   // successful allocations, counted under the lock
    private ulong _frees;         // successful frees, counted under the lock

    /// <summary>Creates an empty heap guarded by its own spin lock; add memory with <see cref="AddRange"/>.</summary>
    /// <param name="pageSize">Page size in bytes: a power of two, at least 2.</param>
    /// <param name="maxBlockSize">Largest block in bytes: a power of two between the page size and 1 GiB.</param>
    /// <param name="waitMode">How a thread waits for the lock: spin then yield (ordinary .NET code, the default) or
    /// spin only (kernel style, where holders are never preempted).</param>
    /// <param name="biasedLock">True (the default) to let the first thread that allocates or frees own the lock's bias:
    /// its operations then take no interlocked instruction until another thread takes the lock, which revokes the bias
    /// for good at the cost of one process-wide memory barrier (see <see cref="InterlockedSpinLock"/>); any call of
    /// another thread does, <see cref="Accounting"/> included. False for a compare-exchange on every operation from
    /// the start, for heaps shared by several threads from the first call.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not a power of two or out of bounds, or the wait mode is
    /// not defined.</exception>
    public ConcurrentBuddyHeap(ulong pageSize = 4096, ulong maxBlockSize = 2UL << 20,
        SpinLockWaitMode waitMode = SpinLockWaitMode.SpinThenYield, bool biasedLock = true)
    {
        _heap = new BuddyHeap(pageSize, maxBlockSize);
        _lock = new InterlockedSpinLock(waitMode, InterlockedSpinLock.DefaultSpinLimit, biasedLock);
    }

    /// <summary>Page size in bytes (fixed at construction; read without the lock).</summary>
    public ulong PageSize => _heap.PageSize;

    /// <summary>Largest block in bytes (fixed at construction; read without the lock).</summary>
    public ulong MaxBlockSize => _heap.MaxBlockSize;

    /// <summary>The maximum order K = log2(max block / page size).</summary>
    public int MaxOrder => _heap.MaxOrder;

    /// <summary>How waiters wait for the heap's lock.</summary>
    public SpinLockWaitMode WaitMode => _lock.WaitMode;

    /// <summary>The lock (tests: its bias and its holds).</summary>
    internal InterlockedSpinLock Lock => _lock;

    /// <summary>Totals and operation counts of one instant, read in one step under the lock.</summary>
    public HeapAccounting Accounting
    {
        get
        {
            using (_lock.EnterScope()) return Measure();
        }
    }

    /// <summary>Sum of the lengths of the ranges. For several totals that belong together, read <see cref="Accounting"/> once.</summary>
    public ulong TotalBytes => Accounting.TotalBytes;

    /// <summary>Bytes in allocated pages. For several totals that belong together, read <see cref="Accounting"/> once.</summary>
    public ulong AllocatedBytes => Accounting.AllocatedBytes;

    /// <summary>Bytes in free pages. For several totals that belong together, read <see cref="Accounting"/> once.</summary>
    public ulong FreeBytes => Accounting.FreeBytes;

    /// <summary>Number of free blocks of the given order, under the lock.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not in 0..<see cref="MaxOrder"/>.</exception>
    public ulong FreeBlockCount(int order)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(order, MaxOrder);
        using (_lock.EnterScope()) return _heap.FreeBlockCount(order);
    }

    /// <summary>Adds the range [start, start + length) under the lock; other threads may allocate and free meanwhile,
    /// before or after it, never during it. The rules are those of <see cref="BuddyHeap.AddRange"/>.</summary>
    /// <exception cref="InvalidRangeException">The range is misaligned, empty, wraps, overlaps an existing range or
    /// exceeds the heap's capacity. The heap is unchanged.</exception>
    public void AddRange(ulong start, ulong length) => AddRange<NoFaults>(start, length);

    /// <summary><see cref="AddRange(ulong, ulong)"/> under the fault plan <typeparamref name="TFaults"/> (tests; see
    /// <see cref="IFaultPlan"/>).</summary>
    internal void AddRange<TFaults>(ulong start, ulong length) where TFaults : struct, IFaultPlan
    {
        _lock.Enter<TFaults>();
        try
        {
            _heap.AddRange(start, length);
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>Allocates ceil(size / page size) pages under the lock, exactly as <see cref="BuddyHeap.TryAllocate"/>.</summary>
    /// <returns>False, with the heap unchanged, when no free block is large enough.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocate(ulong size, out ulong address) => TryAllocate<NoFaults>(size, out address);

    /// <summary><see cref="TryAllocate(ulong, out ulong)"/> under the fault plan <typeparamref name="TFaults"/> (the
    /// public method runs <see cref="NoFaults"/>; see <see cref="IFaultPlan"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryAllocate<TFaults>(ulong size, out ulong address) where TFaults : struct, IFaultPlan
    {
        if (!TakesDirectPath<TFaults>()) return SeededTryAllocate<TFaults>(size, out address);
        // The direct path: validate outside the lock, take the lock for this operation (its hold is the owner check's
        // evidence; the bias's owner takes a biased hold without an interlocked instruction), and count under the lock.
        if (size - 1 >= _heap.MaxBlockSize) ThrowBadAllocationSize(size);   // size 0 wraps to the largest value
        bool done;
        long hold = _lock.EnterHeld<TFaults>();
        try
        {
            done = _heap.TryAllocateValidSize(size, out address);
            if (done) _allocations++;
        }
        finally
        {
            _lock.ExitHeld(hold);
        }
        return done;
    }

    /// <summary>As <see cref="TryAllocate"/>, but throws when no free block is large enough.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    /// <exception cref="HeapExhaustedException">No free block is large enough. The heap is unchanged.</exception>
    public ulong Allocate(ulong size) =>
        AllocateCore<NoFaults>(size, reserveBytes: null, out ulong address, out HeapAccounting seen) == AllocationOutcome.Allocated
            ? address
            : throw new HeapExhaustedException(size, seen.FreeBytes, seen.LargestFreeBlockBytes);

    /// <summary>
    /// Allocates ceil(size / page size) pages unless that would leave less than <paramref name="reserveBytes"/> free:
    /// the reserve check and the allocation are one step under the lock, so concurrent callers can never together
    /// dig into the reserve.
    /// </summary>
    /// <returns>False, with the heap unchanged, when the allocation would touch the reserve or no free block is large enough.</returns>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    public bool TryAllocateKeepingReserve(ulong size, ulong reserveBytes, out ulong address) =>
        TryAllocateKeepingReserve<NoFaults>(size, reserveBytes, out address);

    /// <summary><see cref="TryAllocateKeepingReserve(ulong, ulong, out ulong)"/> under the fault plan
    /// <typeparamref name="TFaults"/> (tests; see <see cref="IFaultPlan"/>).</summary>
    internal bool TryAllocateKeepingReserve<TFaults>(ulong size, ulong reserveBytes, out ulong address)
        where TFaults : struct, IFaultPlan =>
        AllocateCore<TFaults>(size, reserveBytes, out address, out _) == AllocationOutcome.Allocated;

    /// <summary>As <see cref="TryAllocateKeepingReserve"/>, but throws.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0 or larger than <see cref="MaxBlockSize"/>.</exception>
    /// <exception cref="ReserveExceededException">The allocation would leave less than the reserve free.</exception>
    /// <exception cref="HeapExhaustedException">No free block is large enough. The heap is unchanged.</exception>
    public ulong AllocateKeepingReserve(ulong size, ulong reserveBytes) =>
        AllocateCore<NoFaults>(size, reserveBytes, out ulong address, out HeapAccounting seen) switch
        {
            AllocationOutcome.Allocated => address,
            AllocationOutcome.WouldTouchReserve => throw new ReserveExceededException(size, seen.FreeBytes, reserveBytes),
            _ => throw new HeapExhaustedException(size, seen.FreeBytes, seen.LargestFreeBlockBytes),
        };

    /// <summary>Frees the ceil(size / page size) pages at <paramref name="address"/> under the lock; see <see cref="TryFree"/>.</summary>
    /// <exception cref="InvalidSizeException"><paramref name="size"/> is 0.</exception>
    /// <exception cref="InvalidFreeException">A page of the span is not allocated memory of this heap; the exception
    /// names the first such page and why. The heap is unchanged.</exception>
    public void Free(ulong address, ulong size) => Free<NoFaults>(address, size);

    /// <summary><see cref="Free(ulong, ulong)"/> under the fault plan <typeparamref name="TFaults"/> (tests; see
    /// <see cref="IFaultPlan"/>).</summary>
    internal void Free<TFaults>(ulong address, ulong size) where TFaults : struct, IFaultPlan =>
        TryFree<TFaults>(address, size).ThrowIfFailed(address, size, PageSize);

    /// <summary>Frees a span of allocated pages under the lock, exactly as <see cref="BuddyHeap.TryFree"/> (any span of
    /// allocated pages, not only a whole earlier allocation).</summary>
    /// <returns>Success, or the reason and the first offending page; on failure the heap is unchanged.</returns>
    public FreeResult TryFree(ulong address, ulong size) => TryFree<NoFaults>(address, size);

    /// <summary><see cref="TryFree(ulong, ulong)"/> under the fault plan <typeparamref name="TFaults"/> (the public
    /// method runs <see cref="NoFaults"/>; see <see cref="IFaultPlan"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal FreeResult TryFree<TFaults>(ulong address, ulong size) where TFaults : struct, IFaultPlan
    {
        if (!TakesDirectPath<TFaults>()) return SeededTryFree<TFaults>(address, size);
        FreeResult result;
        long hold = _lock.EnterHeld<TFaults>();
        try
        {
            result = _heap.TryFreeInline(address, size);
            if (result.Succeeded) _frees++;
        }
        finally
        {
            _lock.ExitHeld(hold);
        }
        return result;
    }

    /// <summary>True for the real code and for the defects planted in the lock's bias, which the direct paths carry;
    /// the other defects take the seeded paths. A constant of each compiled body.</summary>
    private static bool TakesDirectPath<TFaults>() where TFaults : struct, IFaultPlan =>
        default(TFaults).Race is SeededRace.None or SeededRace.RevokeWithoutWaiting or SeededRace.BiasWithoutRecheck
            or SeededRace.EnterSkipsRevocation;

    /// <summary>The allocation path of a heap with a planted defect (tests only), out of line so that the direct path
    /// keeps no locals for it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SeededTryAllocate<TFaults>(ulong size, out ulong address) where TFaults : struct, IFaultPlan =>
        AllocateCore<TFaults>(size, reserveBytes: null, out address, out _) == AllocationOutcome.Allocated;

    /// <summary>The free path of a heap with a planted defect (tests only; see <see cref="SeededRace"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FreeResult SeededTryFree<TFaults>(ulong address, ulong size) where TFaults : struct, IFaultPlan
    {
        FreeResult result;
        switch (default(TFaults).Race)
        {
            case SeededRace.FreeSkipsLock:
                result = _heap.TryFree(address, size);
                if (result.Succeeded) _frees++;
                return result;

            case SeededRace.UnlockBeforeFreeListUpdate:
                _lock.Enter<TFaults>();
                result = _heap.CheckFree(address, size);
                _lock.Exit();
                if (!result.Succeeded) return result;
                result = _heap.TryFree(address, size);
                _lock.Enter<TFaults>();
                if (result.Succeeded) _frees++;
                _lock.Exit();
                return result;
        }

        _lock.Enter<TFaults>();
        try
        {
            result = _heap.TryFree(address, size);
            if (result.Succeeded) Publish<TFaults>(0, 1);
        }
        finally
        {
            _lock.Exit();
        }
        if (result.Succeeded) PublishLateIfSeeded<TFaults>(0, 1);
        return result;
    }

    /// <summary>
    /// Checks every invariant of the heap (see <see cref="BuddyHeap.CheckInvariants"/>) under the lock. An empty list
    /// means the heap is sound. (The accounting is read from the heap's own counters, which that check recounts.)
    /// </summary>
    public IReadOnlyList<InvariantViolation> CheckInvariants() => CheckInvariants<NoFaults>();

    /// <summary><see cref="CheckInvariants()"/> with the acquisition of the fault plan <typeparamref name="TFaults"/> (tests).</summary>
    internal IReadOnlyList<InvariantViolation> CheckInvariants<TFaults>() where TFaults : struct, IFaultPlan
    {
        _lock.Enter<TFaults>();
        try
        {
            return _heap.CheckInvariants();
        }
        finally
        {
            _lock.Exit();
        }
    }

    /// <summary>The addresses of the free blocks of one order, head first, read under the lock (for tests).</summary>
    internal ulong[] FreeListAddresses(int order)
    {
        _lock.Enter();
        try { return _heap.FreeListAddresses(order); }
        finally { _lock.Exit(); }
    }

    private enum AllocationOutcome { Allocated, WouldTouchReserve, Exhausted }

    /// <summary>The general allocation path (the reserve-keeping calls, the throwing ones, and every call of a heap with a
    /// planted defect): an optional reserve check and the allocation, in one locked step. <c>seen</c> is the accounting
    /// at the moment of the decision, for the message of a refusal. <see cref="TryAllocate"/> has a direct path of its own.</summary>
    private AllocationOutcome AllocateCore<TFaults>(ulong size, ulong? reserveBytes, out ulong address, out HeapAccounting seen)
        where TFaults : struct, IFaultPlan
    {
        if (size - 1 >= MaxBlockSize) ThrowBadAllocationSize(size);   // size 0 wraps to the largest value
        address = 0;
        seen = default;
        bool done;
        long hold = _lock.EnterHeld<TFaults>();
        try
        {
            if (reserveBytes is ulong reserve)
            {
                ulong held = (size + PageSize - 1) & ~(PageSize - 1);
                ulong free = _heap.FreeBytes;
                if (default(TFaults).Race == SeededRace.ReserveCheckOutsideLock)
                {
                    // Seeded defect: the decision below uses a value read under an acquisition that ends here.
                    _lock.ExitHeld(hold);
                    bool refuse = WouldTouchReserve(free, held, reserve);
                    hold = _lock.EnterHeld<TFaults>();
                    if (refuse) { seen = Measure(); return AllocationOutcome.WouldTouchReserve; }
                }
                else if (WouldTouchReserve(free, held, reserve))
                {
                    seen = Measure();
                    return AllocationOutcome.WouldTouchReserve;
                }
            }
            done = _heap.TryAllocate(size, out address);
            if (done) Publish<TFaults>(1, 0);
            else seen = Measure();
        }
        finally
        {
            _lock.ExitHeld(hold);
        }
        if (!done) return AllocationOutcome.Exhausted;
        PublishLateIfSeeded<TFaults>(1, 0);
        return AllocationOutcome.Allocated;
    }

    /// <summary>The rule of <see cref="ReservedHeap.WouldTouchReserve"/>: a request larger than all free memory is
    /// refused by the heap as out of memory, not by the reserve.</summary>
    private static bool WouldTouchReserve(ulong freeBytes, ulong held, ulong reserve) =>
        freeBytes >= held && freeBytes - held < reserve;

    /// <summary>Counts the operations done (the caller holds the lock). The byte totals need no update: the heap keeps
    /// them, and <see cref="Accounting"/> reads them under the lock.</summary>
    private void Publish<TFaults>(ulong allocations, ulong frees) where TFaults : struct, IFaultPlan
    {
        if (default(TFaults).Race == SeededRace.AccountingOutsideLock) return;
        _allocations += allocations;
        _frees += frees;
    }

    /// <summary>The seeded defect <see cref="SeededRace.AccountingOutsideLock"/>: the refresh, after the lock is released.</summary>
    private void PublishLateIfSeeded<TFaults>(ulong allocations, ulong frees) where TFaults : struct, IFaultPlan
    {
        if (default(TFaults).Race != SeededRace.AccountingOutsideLock) return;
        _allocations += allocations;
        _frees += frees;
    }

    /// <summary>The accounting of this instant (the caller holds the lock).</summary>
    private HeapAccounting Measure()
    {
        ulong total = _heap.TotalBytes, allocated = _heap.AllocatedBytes;
        return new HeapAccounting(total, allocated, total - allocated, _heap.LargestFreeBlockBytes, _allocations, _frees);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowBadAllocationSize(ulong size)
    {
        throw new InvalidSizeException(size, size == 0
                ? "an allocation must ask for at least one byte"
                : $"an allocation may ask for at most the maximum block size {MaxBlockSize}");
    }
}
