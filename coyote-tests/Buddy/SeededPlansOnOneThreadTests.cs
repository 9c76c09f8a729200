using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// Every seeded defect is a concurrency defect and nothing else: on one thread, each fault plan gives exactly the
/// product's answers (addresses, refusals, messages, accounting and operation counts, the lock's owner checks). So
/// when a Coyote exploration finds a seeded plan, it found an interleaving, not a sequential slip, and the seeded code
/// is itself checked by plain tests (Stryker runs these; it cannot run the explorations).
/// </summary>
public sealed class SeededPlansOnOneThreadTests
{
    private const ulong Page = 4096;

    /// <summary>One fixed sequence of every locked operation, under plan <typeparamref name="T"/>: what each returned
    /// and the accounting after it.</summary>
    private static List<string> Script<T>() where T : struct, IFaultPlan
    {
        var log = new List<string>();
        var heap = new ConcurrentBuddyHeap(Page, 8 * Page);
        void Note(string what) => log.Add($"{what} | {heap.Accounting}");
        string Catch(Action call)
        {
            try { call(); return "no exception"; }
            catch (Exception e) { return $"{e.GetType().Name}: {e.Message}"; }
        }

        heap.AddRange<T>(0x10_0000, 16 * Page);
        Note("add");
        Note(Catch(() => heap.AddRange<T>(0x10_0000, Page)));
        Note($"alloc 1 page: {heap.TryAllocate<T>(Page, out ulong a)} 0x{a:X}");
        Note($"alloc 3 pages: {heap.TryAllocate<T>(3 * Page, out ulong b)} 0x{b:X}");
        Note($"alloc 8 pages keeping 4: {heap.TryAllocateKeepingReserve<T>(8 * Page, 4 * Page, out ulong c)} 0x{c:X}");
        Note($"alloc 1 page keeping 4: {heap.TryAllocateKeepingReserve<T>(Page, 4 * Page, out ulong d)} 0x{d:X}");
        Note($"alloc 4 pages keeping 1: {heap.TryAllocateKeepingReserve<T>(4 * Page, Page, out ulong e)} 0x{e:X}");
        Note($"alloc 8 pages: {heap.TryAllocate<T>(8 * Page, out ulong f)} 0x{f:X}");
        Note(Catch(() => heap.TryAllocate<T>(0, out _)));
        Note(Catch(() => heap.TryAllocate<T>(9 * Page, out _)));
        Note(Catch(() => heap.TryAllocateKeepingReserve<T>(0, 0, out _)));
        Note($"free middle page of 3: {heap.TryFree<T>(b + Page, Page)}");
        Note($"free it again: {heap.TryFree<T>(b + Page, Page)}");
        Note($"free size 0: {heap.TryFree<T>(b, 0)}");
        Note($"free outside: {heap.TryFree<T>(0x1000, Page)}");
        Note(Catch(() => heap.Free<T>(b + Page, Page)));
        heap.Free<T>(b, Page);
        Note("free first page of 3");
        heap.Free<T>(a, Page);
        Note("free 1 page");
        var reserved = new ConcurrentReservedHeap(heap, 4 * Page);
        Note($"reserved alloc 1 page: {reserved.TryAllocate<T>(Page, out ulong g)} 0x{g:X}");
        Note($"reserved alloc 3 pages: {reserved.TryAllocate<T>(3 * Page, out ulong h)} 0x{h:X}");
        log.Add(string.Join(", ", heap.CheckInvariants()));
        return log;
    }

    [Fact]
    public void EveryHeapPlan_OnOneThread_GivesTheProductsAnswers()
    {
        List<string> product = Script<NoFaults>();
        Assert.Equal(21, product.Count);
        Assert.Equal("", product[^1]);
        Assert.Equal(product, Script<Seeded.FreeSkipsLock>());
        Assert.Equal(product, Script<Seeded.UnlockBeforeFreeListUpdate>());
        Assert.Equal(product, Script<Seeded.AccountingOutsideLock>());
        Assert.Equal(product, Script<Seeded.SplitCheckThenSet>());
        Assert.Equal(product, Script<Seeded.ReserveCheckOutsideLock>());
        Assert.Equal(product, Script<Seeded.RevokeWithoutWaiting>());
        Assert.Equal(product, Script<Seeded.BiasWithoutRecheck>());
        Assert.Equal(product, Script<Seeded.EnterSkipsRevocation>());
    }

    /// <summary>The defects of the bias on one thread and then on another, in turn (the owner's biased operations,
    /// then a revocation that finds nobody inside): the product's answers and holds of the same kinds.</summary>
    [Fact]
    public void TheBiasPlans_OnTwoThreadsInTurn_GiveTheProductsAnswers()
    {
        List<string> product = InTurn<NoFaults>();
        Assert.Equal(["owner: biased -3", "owner: biased -6", "other: word", "owner: word", "revoked", ""], product);
        Assert.Equal(product, InTurn<Seeded.RevokeWithoutWaiting>());
        Assert.Equal(product, InTurn<Seeded.BiasWithoutRecheck>());
        Assert.Equal(product, InTurn<Seeded.EnterSkipsRevocation>());
    }

    private static List<string> InTurn<T>() where T : struct, IFaultPlan
    {
        var log = new List<string>();
        var heap = new ConcurrentBuddyHeap(Page, 8 * Page);
        heap.AddRange<T>(0x10_0000, 16 * Page);
        string Op(string who)
        {
            long hold = heap.Lock.EnterHeld<T>();
            heap.Lock.ExitHeld(hold);
            Assert.True(heap.TryAllocate<T>(Page, out ulong page));
            heap.Free<T>(page, Page);
            return $"{who}: " + (hold < 0 ? $"biased {hold}" : "word");
        }
        Op("claim");
        log.Add(Op("owner"));
        log.Add(Op("owner"));
        var other = new Thread(() => log.Add(Op("other")));
        other.Start();
        Assert.True(other.Join(10_000));
        log.Add(Op("owner"));
        log.Add(heap.Lock.BiasOwner == -1 ? "revoked" : $"bias {heap.Lock.BiasOwner}");
        log.Add(string.Join(", ", heap.CheckInvariants()));
        return log;
    }

    /// <summary>The script the plans are compared on reaches every outcome: the reserve's boundary both ways,
    /// exhaustion, each size error, each free error, and the counts.</summary>
    [Fact]
    public void TheProductScript_ReachesEveryOutcome()
    {
        List<string> product = Script<NoFaults>();
        static string Counts(string line) => line[line.IndexOf("Allocations", StringComparison.Ordinal)..];
        Assert.StartsWith("InvalidRangeException: Range [0x100000, +0x1000) refused (Overlaps)", product[1]);
        Assert.StartsWith("alloc 1 page: True 0x100000 |", product[2]);
        Assert.StartsWith("alloc 3 pages: True 0x104000 |", product[3]);
        Assert.StartsWith("alloc 8 pages keeping 4: True 0x108000 |", product[4]);   // leaves exactly the reserve
        Assert.StartsWith("alloc 1 page keeping 4: False 0x0 |", product[5]);
        Assert.StartsWith("alloc 4 pages keeping 1: False 0x0 |", product[6]);
        Assert.StartsWith("alloc 8 pages: False 0x0 |", product[7]);
        Assert.StartsWith("InvalidSizeException: Size 0 refused: an allocation must ask for at least one byte |", product[8]);
        Assert.StartsWith("InvalidSizeException: Size 36864 refused: an allocation may ask for at most the maximum block size 32768 |", product[9]);
        Assert.StartsWith("InvalidSizeException: Size 0 refused", product[10]);
        Assert.StartsWith("free middle page of 3: FreeResult { Error = None", product[11]);
        Assert.StartsWith("free it again: FreeResult { Error = NotAllocated, OffendingPage = 261", product[12]);
        Assert.StartsWith("free size 0: FreeResult { Error = InvalidSize", product[13]);
        Assert.StartsWith("free outside: FreeResult { Error = ForeignAddress, OffendingPage = 1", product[14]);
        Assert.StartsWith("InvalidFreeException: Free of [0x105000, +4096) refused (NotAllocated)", product[15]);
        Assert.Equal("Allocations = 3, Frees = 0 }", Counts(product[10]));
        Assert.Equal("Allocations = 3, Frees = 1 }", Counts(product[15]));
        Assert.Equal("Allocations = 3, Frees = 3 }", Counts(product[17]));
        Assert.StartsWith("reserved alloc 1 page: True ", product[18]);
        Assert.Equal("Allocations = 4, Frees = 3 }", Counts(product[18]));
        Assert.StartsWith("reserved alloc 3 pages: False 0x0 | HeapAccounting { TotalBytes = 65536, AllocatedBytes = 40960, FreeBytes = 24576,", product[19]);
    }

    [Fact]
    public void TheSplitCheckThenSetLock_OnOneThreadOrTwoInTurn_KeepsTheOwnerChecks()
    {
        var spinLock = new InterlockedSpinLock(SpinLockWaitMode.SpinOnly);
        Assert.True(spinLock.TryEnter<Seeded.SplitCheckThenSet>());
        Assert.True(spinLock.IsHeldByCurrentThread);
        Assert.Throws<LockRecursionException>(() => spinLock.TryEnter<Seeded.SplitCheckThenSet>());
        Assert.Throws<LockRecursionException>(() => spinLock.Enter<Seeded.SplitCheckThenSet>());
        bool? other = null;
        var thread = new Thread(() => other = spinLock.TryEnter<Seeded.SplitCheckThenSet>());
        thread.Start();
        Assert.True(thread.Join(10_000));
        Assert.False(other);                      // held by this thread: the other one is refused
        Assert.True(spinLock.IsHeldByCurrentThread);
        spinLock.Exit();
        Assert.False(spinLock.IsHeld);
        using (spinLock.EnterScope<Seeded.SplitCheckThenSet>()) Assert.True(spinLock.IsHeldByCurrentThread);
        Assert.False(spinLock.IsHeld);
        spinLock.Enter<Seeded.SplitCheckThenSet>();
        Assert.True(spinLock.IsHeldByCurrentThread);
        spinLock.Exit();
    }
}
