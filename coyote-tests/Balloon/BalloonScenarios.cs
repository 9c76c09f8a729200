using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Verified.Balloon;
using Verified.Buddy;

namespace Verified.CoyoteTests.Balloon;

/// <summary>Which protocol situation a scenario creates.</summary>
public enum BalloonSituation
{
    /// <summary>The host changes the target three times (4, 0, 3 pages, at moments Coyote picks) while the driver inflates and deflates, and a
    /// workload allocates, writes and frees pages at the same time.</summary>
    ConfigChanges,
    /// <summary>Memory pressure deflates (DEFLATE_ON_OOM) while an inflate request is in flight, with the workload running.</summary>
    OomRacesInflation,
    /// <summary>The balloon is inflated to 4 pages before the concurrent phase (driver and device take turns until
    /// quiescent); then the host asks for 0 at a moment Coyote picks while a busy workload takes and frees pages
    /// throughout: every schedule deflates with the workload running, so a deflated page the driver hands back to
    /// the heap too early is soon taken, written, and seen by the device.</summary>
    DeflateRacesWorkload,
    /// <summary>Queues of two entries whose indices start three short of 2^16, so avail and used indices wrap mid-run.</summary>
    UsedRingWrap,
    /// <summary>The config changes of <see cref="ConfigChanges"/>, with a faulty device: at a moment Coyote picks, the
    /// next acknowledgement on the inflate or deflate queue (Coyote picks) carries the fault the test chose.</summary>
    FaultyDevice,
}

/// <summary>The fault a faulty device puts into one acknowledgement.</summary>
public enum DeviceFault
{
    /// <summary>None.</summary>
    None,
    /// <summary>used.idx is published 5 entries ahead.</summary>
    IndexJump,
    /// <summary>The entry's id is beyond the queue size.</summary>
    IdOutOfRange,
    /// <summary>The entry's len claims bytes written into a device-readable chain.</summary>
    ImplausibleLength,
    /// <summary>used.idx goes back by one after the entry.</summary>
    IndexBackwards,
    /// <summary>The returned head's descriptor is rewritten to chain on to the next descriptor (flags NEXT, next + 1).</summary>
    NextRewritten,
}

/// <summary>
/// The balloon protocol with driver, device, host and guest workload as concurrent Coyote-controlled tasks that
/// communicate only through guest memory, the config space and notifications. The guest is 1 MiB (256 pages) of
/// simulated memory, pre-filled with 0xFF so that nothing depends on memory being zero; requests carry 2 PFNs so a
/// few pages make many requests. Every access of the rings is a scheduling point (the queues' Interleave hook), and
/// the device checks each driver rule as it goes. Driver and device each run a fixed number of rounds concurrently
/// with the host (target changes, a stats request) and the workload; then they finish the protocol one after the
/// other, so every run ends quiescent. The scenario asserts:
/// <list type="bullet">
/// <item>the device reports no broken driver rule (use before acknowledgement, deflate of an unacknowledged page,
/// <c>actual</c> ahead of acknowledgements, malformed queue) — asserted after each device round;</item>
/// <item>no page the workload holds is in the driver's balloon, and no balloon page is free in the heap;</item>
/// <item>when quiescent, <c>actual</c> equals the acknowledged balloon size and the device's balloon;</item>
/// <item>the device never touches memory outside the guest (any such access throws and fails the run).</item>
/// </list>
/// </summary>
internal static class BalloonScenarios
{
    private const ulong Page = 4096;
    private const ulong GuestBytes = 1UL << 20;

    /// <summary>Rounds the driver and device tasks each run concurrently with the host and the workload.</summary>
    private const int Rounds = 16;

    public static async Task Run(BalloonSituation situation, bool mustTellHost, SeededBug seeded, DeviceFault fault = DeviceFault.None)
    {
        var memory = new SimulatedGuestMemory(GuestBytes);
        byte[] garbage = new byte[GuestBytes];
        Array.Fill(garbage, (byte)0xFF);
        memory.Write(0, garbage);

        // The guest's heap as BalloonGuest builds it: the spin-locked heap that knows the host's backing. The driver's
        // own lock guards only its state; the workload takes the heap's spin lock alone.
        var heap = new BackedBuddyHeap(Page, 64 * Page);
        heap.AddRange(0, GuestBytes, PageBacking.Dirty);
        var allocator = heap;
        BalloonFeatures features = BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom | (mustTellHost ? BalloonFeatures.MustTellHost : 0);
        Action interleave = SchedulingPoint.Interleave;
        var device = new BalloonDevice(memory, features) { Interleave = interleave };
        bool wrap = situation == BalloonSituation.UsedRingWrap;
        var driver = new BalloonDriver(memory, allocator, device, new BalloonDriverOptions
        {
            QueueSize = wrap ? 2 : 4,
            BatchPages = 2,
            FreeFloorBytes = 0,
            RequestedFeatures = features,
            InitialRingIndex = wrap ? (ushort)65533 : (ushort)0,
        })
        { Seeds = seeded, Interleave = interleave };

        var random = Microsoft.Coyote.Random.Generator.Create();
        bool deflating = situation == BalloonSituation.DeflateRacesWorkload;
        if (deflating)
        {
            // Set-up, not explored: driver and device take turns until the balloon holds 4 acknowledged pages.
            device.SetTarget(4);
            for (int i = 0; i < 1000 && (driver.Step() | device.Service()); i++) { }
            Specification.Assert(driver.Actual == 4 && driver.IsQuiescent && !device.HasPendingWork, $"the set-up did not inflate the balloon to 4 pages (actual {driver.Actual})");
        }
        bool driverDone = false;
        Task driverTask = Task.Run(async () =>
        {
            for (int round = 0; round < Rounds; round++) { driver.Step(); AssertQueuesSound(driver); await Task.Yield(); }
            Volatile.Write(ref driverDone, true);
        });
        Task deviceTask = Task.Run(async () =>
        {
            for (int round = 0; round < Rounds; round++)
            {
                // A device may be slow to react to a notification, and may serve its queues in any order.
                if (random.NextBoolean()) { await Task.Yield(); continue; }
                if (random.NextBoolean()) { device.ServiceQueue(1); device.ServiceQueue(0); }
                else { device.ServiceQueue(0); device.ServiceQueue(1); }
                device.ServiceQueue(2);
                AssertNoViolation(device);
                await Task.Yield();
            }
        });
        uint[] targets = situation switch
        {
            BalloonSituation.ConfigChanges or BalloonSituation.FaultyDevice => [4, 0, 3],
            BalloonSituation.OomRacesInflation => [4],
            BalloonSituation.DeflateRacesWorkload => [0],
            _ => [6, 0],
        };
        Task hostTask = Task.Run(async () =>
        {
            foreach (uint target in targets)
            {
                device.SetTarget(target);
                for (int i = random.NextInteger(Rounds); i >= 0; i--) await Task.Yield();   // the next change comes at any time
            }
            if (device.RequestStats()) await Task.Yield();
        });
        Task workloadTask = Task.Run(async () =>
        {
            // The guest takes a page each round (the heap's most recently freed one), writes it and keeps it; at the
            // end it frees them all.
            // In DeflateRacesWorkload it keeps going for as long as the driver works (at most 4 x Rounds rounds) and
            // frees the oldest page it holds every second round, so a page freed to the heap is soon taken again.
            var held = new Queue<ulong>();
            for (int i = 0; i < (deflating ? 4 * Rounds : Rounds) && (i < Rounds || !Volatile.Read(ref driverDone)); i++)
            {
                if (allocator.TryAllocate(Page, out ulong page))
                {
                    Specification.Assert(!driver.BalloonPfns().Contains(page / Page), $"page 0x{page:X} is both held by the workload and in the balloon");
                    memory.Touch(page, Page);
                    held.Enqueue(page);
                }
                if (deflating && i % 2 == 1) allocator.Free(held.Dequeue(), Page);
                await Task.Yield();
            }
            foreach (ulong page in held) allocator.Free(page, Page);
        });
        var tasks = new List<Task> { driverTask, deviceTask, hostTask, workloadTask };
        bool faultFired = false;
        if (situation == BalloonSituation.FaultyDevice)
            tasks.Add(Task.Run(async () =>
            {
                // The device turns faulty at a moment Coyote picks, on the inflate or the deflate queue.
                for (int i = random.NextInteger(Rounds); i >= 0; i--) await Task.Yield();
                device.InjectUsedRingFault(random.NextBoolean() ? 0 : 1, (memory, layout, chain, publish) =>
                {
                    faultFired = true;
                    ulong entry = layout.UsedRing + 4 + 8UL * (ulong)((ushort)(publish - 1) % layout.Size);
                    switch (fault)
                    {
                        case DeviceFault.IndexJump: return (ushort)(publish + 4);
                        case DeviceFault.IdOutOfRange: memory.WriteUInt32(entry, 99); return publish;
                        case DeviceFault.ImplausibleLength: memory.WriteUInt32(entry + 4, 4096); return publish;
                        case DeviceFault.IndexBackwards: return (ushort)(publish - 2);
                        case DeviceFault.NextRewritten:
                            ulong d = layout.DescriptorTable + 16UL * chain.Head;
                            memory.WriteUInt16(d + 12, VirtqueueLayout.FlagNext);
                            memory.WriteUInt16(d + 14, (ushort)((chain.Head + 1) % layout.Size));
                            return publish;
                        default: return publish;
                    }
                });
            }));
        if (situation == BalloonSituation.OomRacesInflation)
            tasks.Add(Task.Run(async () =>
            {
                // Memory pressure arrives mid-inflate: part of the balloon is acknowledged and a request waits for
                // the device (or, failing that within a bound, whenever it comes).
                for (int i = 0; i < 4 * Rounds && !(driver.Actual > 0 && device.HasPendingWork); i++) await Task.Yield();
                driver.DeflateOnOom(Page);
            }));
        await Task.WhenAll(tasks.ToArray());

        // The concurrent phase is over: driver and device finish the protocol (the same code, one after the other).
        for (int i = 0; i < 10_000 && (driver.Step() | device.Service()); i++) { AssertNoViolation(device); AssertQueuesSound(driver); }
        Specification.Assert(driver.IsQuiescent && !device.HasPendingWork && !device.ConfigInterruptPending, "the balloon did not become quiescent");

        device.Audit();
        AssertNoViolation(device);
        uint actual = device.ReadConfig32(BalloonConfig.Actual);
        ulong[] balloon = driver.BalloonPfns();
        Specification.Assert(actual == driver.Actual && actual == (uint)device.AcknowledgedPages && actual == (uint)device.BalloonPages && actual == (uint)balloon.Length,
            $"quiescent, yet actual {actual}, driver {driver.Actual}, acknowledged {device.AcknowledgedPages}, device balloon {device.BalloonPages}, driver list {balloon.Length}");
        if (situation != BalloonSituation.OomRacesInflation)
            Specification.Assert(actual == targets[^1], $"actual {actual} is not the final target {targets[^1]}");
        foreach (ulong pfn in balloon)
        {
            Specification.Assert(heap.FreePageState(pfn * Page) is null, $"balloon page {pfn} is free in the heap");
            Specification.Assert(device.IsBallooned(pfn), $"balloon page {pfn} is not in the device's balloon");
        }
        ulong queues = driver.QueueMemory.Aggregate(0UL, (s, q) => s + q.Length);
        Specification.Assert(heap.AllocatedBytes == queues + actual * Page, $"pages not conserved: {heap.AllocatedBytes} allocated, {queues} queues + {actual} balloon pages");
        Specification.Assert(heap.CheckInvariants().Count == 0, "heap invariants broken");
        // A fault the driver can see must have been met by a recovery (reset, renegotiation, resubmission).
        if (faultFired && fault is DeviceFault.IndexJump or DeviceFault.IdOutOfRange or DeviceFault.ImplausibleLength or DeviceFault.IndexBackwards)
            Specification.Assert(driver.Recoveries >= 1, $"the device's {fault} was not met by a reset");
        if (fault == DeviceFault.NextRewritten)
            Specification.Assert(driver.Recoveries == 0, "a rewritten next link made the driver reset: it read its bookkeeping from shared memory");
    }

    /// <summary>The driver queues' own bookkeeping (free list distinct, disjoint from chains in flight, conserved).</summary>
    private static void AssertQueuesSound(BalloonDriver driver)
    {
        lock (driver.SyncRoot)
            foreach (DriverVirtqueue q in driver.Queues)
            {
                IReadOnlyList<string> broken = q.CheckInvariants();
                Specification.Assert(broken.Count == 0, broken.Count == 0 ? "" : $"driver queue {q.QueueIndex}: {string.Join(", ", broken)}");
            }
    }

    private static void AssertNoViolation(BalloonDevice device)
    {
        IReadOnlyList<ProtocolViolation> v = device.Violations;
        Specification.Assert(v.Count == 0, v.Count == 0 ? "" : $"the device reports: {string.Join("; ", v)}");
    }
}
