using Verified.Buddy;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>
/// The lock's bias revoked on real threads, many times: what Coyote cannot show, the processors' own reordering of the
/// owner's announcement and its re-read of the bias, against the revoker's mark, process-wide barrier and wait. Each
/// round, one thread claims a fresh heap's bias and keeps allocating and freeing until a second thread, started with
/// it after a random pause, has run the invariant checker (through <c>Enter</c>, which revokes) and made three
/// operations. A ledger of pages (interlocked) catches a page handed to
/// both; at the end of each round the heap must be sound, empty, revoked, and count every operation.
/// </summary>
public sealed class BiasRevocationStressTests
{
    private const ulong Page = 4096;
    private const ulong Base = 0x2000_0000;
    private const int Pages = 32;

    [Fact]
    public void RevocationsRacingTheOwner_NeverShareAPage_AndLeaveEveryHeapSound()
    {
        string? failure = Run<NoFaults>(rounds: 1500, stopAtFirstFailure: false);
        Assert.True(failure is null, failure);
    }

    /// <summary>The same rounds with <c>Enter</c> not revoking the bias, so the second thread's checker runs beside the
    /// owner's operations: the checks above can fail. (The seeded revocation that does not wait is found by Coyote but
    /// hardly ever here: the process-wide barrier takes over a microsecond, time for the owner to leave the operation
    /// it was in.)</summary>
    [Fact]
    public void WithTheSeededEnterThatDoesNotRevoke_TheCheckerSeesTheOwnerAtWork()
    {
        string? failure = Run<Seeded.EnterSkipsRevocation>(rounds: 1500, stopAtFirstFailure: true);
        Assert.True(failure is not null, "1500 rounds of an Enter that does not revoke found nothing");
        Assert.DoesNotContain("did not finish", failure);   // found by the checks, not by a hang
    }

    /// <summary>Lets the other thread pass the barrier alone; nothing may escape a test thread (it would end the process).</summary>
    private static void LeaveBarrier(Barrier barrier)
    {
        try { barrier.RemoveParticipant(); }
        catch (InvalidOperationException) { }   // the other thread left first
    }

    private static string? Run<TFaults>(int rounds, bool stopAtFirstFailure) where TFaults : struct, IFaultPlan
    {
        var ledger = new int[Pages];
        var barrier = new Barrier(2);
        ConcurrentBuddyHeap heap = null!;
        string? failure = null;
        int revokerPause = 0;
        bool revokerDone = false;
        var random = new Random(20261203);

        void Fail(string what) => Interlocked.CompareExchange(ref failure, what, null);

        bool Pair(ConcurrentBuddyHeap h, int who, ulong size)
        {
            if (!h.TryAllocate<TFaults>(size, out ulong address)) return true;
            int pages = (int)(size / Page);
            for (int p = 0; p < pages; p++)
            {
                int page = (int)((address - Base) / Page) + p;
                if (page < 0 || page >= Pages) { Fail($"address 0x{address:X} outside the heap"); return false; }
                int other = Interlocked.CompareExchange(ref ledger[page], who, 0);
                if (other != 0) { Fail($"page {page} handed to thread {who} while thread {other} holds it"); return false; }
            }
            for (int p = 0; p < pages; p++) Volatile.Write(ref ledger[(int)((address - Base) / Page) + p], 0);
            h.Free<TFaults>(address, size);
            return true;
        }

        var owner = new Thread(() =>
        {
            try
            {
                for (int round = 0; round < rounds; round++)
                {
                    heap = new ConcurrentBuddyHeap(Page, 8 * Page);
                    heap.AddRange(Base, Pages * Page);
                    Pair(heap, 1, Page);                       // claims the bias
                    revokerPause = random.Next(0, 300);
                    Volatile.Write(ref revokerDone, false);
                    barrier.SignalAndWait();                   // the revoker starts
                    // Keep operating until the revoker is through (at most 20,000 pairs), so its first operation
                    // always meets the owner at work.
                    for (int i = 0; i < 20_000 && !Volatile.Read(ref revokerDone) && Volatile.Read(ref failure) is null; i++)
                        if (!Pair(heap, 1, (ulong)(1 + (i % 4)) * Page)) break;
                    barrier.SignalAndWait();                   // both done
                    if (failure is null)
                    {
                        IReadOnlyList<InvariantViolation> violations = heap.CheckInvariants();
                        HeapAccounting end = heap.Accounting;
                        if (violations.Count != 0) Fail($"round {round}: {violations[0]}");
                        else if (end.AllocatedBytes != 0) Fail($"round {round}: {end.AllocatedBytes} bytes still allocated");
                        else if (heap.Lock.BiasOwner != -1) Fail($"round {round}: the bias stands ({heap.Lock.BiasOwner})");
                        else if (end.Allocations != end.Frees) Fail($"round {round}: {end.Allocations} allocations, {end.Frees} frees");
                    }
                    barrier.SignalAndWait();                   // checked: next round
                    if (failure is not null && stopAtFirstFailure) return;
                }
            }
            catch (Exception e)
            {
                Fail($"owner: {e}");
                LeaveBarrier(barrier);
            }
        }) { IsBackground = true };

        var revoker = new Thread(() =>
        {
            try
            {
                for (int round = 0; round < rounds; round++)
                {
                    barrier.SignalAndWait();
                    Thread.SpinWait(Volatile.Read(ref revokerPause));
                    // The first acquisition goes through Enter (the checker), the next three are operations.
                    IReadOnlyList<InvariantViolation> seen = heap.CheckInvariants<TFaults>();
                    if (seen.Count != 0) Fail($"round {round}: the checker saw {seen[0]}");
                    for (int i = 0; i < 3; i++) if (!Pair(heap, 2, Page)) break;
                    Volatile.Write(ref revokerDone, true);
                    barrier.SignalAndWait();
                    barrier.SignalAndWait();
                    if (failure is not null && stopAtFirstFailure) return;
                }
            }
            catch (Exception e)
            {
                Fail($"revoker: {e}");
                LeaveBarrier(barrier);
            }
        }) { IsBackground = true };

        owner.Start();
        revoker.Start();
        if (!owner.Join(TimeSpan.FromSeconds(60)) || !revoker.Join(TimeSpan.FromSeconds(10)))
            return failure ?? "the threads did not finish in 60 s";
        return failure;
    }
}
