using Verified.Balloon;
using Verified.Buddy;
using Xunit;

namespace Verified.PropertyTests.BalloonHostile;

/// <summary>
/// A hand-written guest for tests of the device: it drives the status handshake itself and writes raw descriptors,
/// available-ring entries and indices into guest memory, so any byte pattern can reach the device. Queue i lies at
/// <c>RingBase + i·64 KiB</c>; buffers from <see cref="BufferBase"/> on.
/// </summary>
internal sealed class RawGuest
{
    public const ulong RingBase = 0x10000;
    public const ulong BufferBase = 0x100000;
    private readonly ushort[] _availIdx = new ushort[4];

    public RawGuest(GuestMemory memory, BalloonFeatures features, int queueSize = 8, ushort initialIndex = 0, bool attach = true,
        ulong hostPageSize = 4096, HostModel hostModel = HostModel.Qemu)
    {
        Memory = memory;
        Device = new BalloonDevice(memory, BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom
            | BalloonFeatures.PagePoison | BalloonFeatures.PageReporting, hostPageSize, hostModel);
        QueueSize = queueSize;
        if (attach) Handshake(features, initialIndex);
    }

    public GuestMemory Memory { get; }
    public BalloonDevice Device { get; }
    public int QueueSize { get; }

    public void Handshake(BalloonFeatures features, ushort initialIndex = 0, uint? poisonBeforeDriverOk = null)
    {
        Device.WriteStatus(DeviceStatus.Reset);
        Device.WriteStatus(DeviceStatus.Acknowledge);
        Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver);
        Device.WriteDriverFeatures(features | BalloonFeatures.Version1);
        Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk);
        Assert.True(Device.Status.HasFlag(DeviceStatus.FeaturesOk));
        for (int i = 0; i < Device.QueueCount; i++)
        {
            VirtqueueLayout layout = Layout(i);
            Memory.Write(layout.DescriptorTable, new byte[VirtqueueLayout.BytesFor(QueueSize)]);
            Memory.WriteUInt16(layout.AvailIdx, initialIndex);
            Memory.WriteUInt16(layout.UsedIdx, initialIndex);
            _availIdx[i] = initialIndex;
            Device.AttachQueue(i, layout, initialIndex);
        }
        if (poisonBeforeDriverOk is uint poison) Device.WriteConfig32(BalloonConfig.PoisonVal, poison);
        Device.WriteStatus(DeviceStatus.Acknowledge | DeviceStatus.Driver | DeviceStatus.FeaturesOk | DeviceStatus.DriverOk);
    }

    public VirtqueueLayout Layout(int queue) => VirtqueueLayout.Contiguous(RingBase + (ulong)queue * 0x10000, QueueSize);

    public static ulong Buffer(int n) => BufferBase + (ulong)n * 0x1000;

    public void Descriptor(int queue, int index, ulong address, uint length, ushort flags = 0, ushort next = 0)
    {
        ulong d = Layout(queue).DescriptorTable + 16UL * (ulong)index;
        Memory.WriteUInt64(d, address);
        Memory.WriteUInt32(d + 8, length);
        Memory.WriteUInt16(d + 12, flags);
        Memory.WriteUInt16(d + 14, next);
    }

    /// <summary>Writes the heads into the next available-ring slots and publishes them.</summary>
    public void Publish(int queue, params ushort[] heads)
    {
        VirtqueueLayout l = Layout(queue);
        foreach (ushort h in heads) { Memory.WriteUInt16(l.AvailRing + 4 + 2UL * (ulong)(_availIdx[queue] % QueueSize), h); _availIdx[queue]++; }
        Memory.WriteUInt16(l.AvailIdx, _availIdx[queue]);
    }

    public void SetAvailIdx(int queue, ushort idx)
    {
        _availIdx[queue] = idx;
        Memory.WriteUInt16(Layout(queue).AvailIdx, idx);
    }

    public ushort UsedIdx(int queue) => Memory.ReadUInt16(Layout(queue).UsedIdx);

    /// <summary>Writes le32 PFNs at <paramref name="address"/>.</summary>
    public void Pfns(ulong address, params uint[] pfns)
    {
        for (int i = 0; i < pfns.Length; i++) Memory.WriteUInt32(address + 4UL * (ulong)i, pfns[i]);
    }

    /// <summary>One descriptor holding <paramref name="pfns"/>, made available on <paramref name="queue"/>.</summary>
    public void Request(int queue, int descriptor, int buffer, params uint[] pfns)
    {
        Pfns(Buffer(buffer), pfns);
        Descriptor(queue, descriptor, Buffer(buffer), (uint)(4 * pfns.Length));
        Publish(queue, (ushort)descriptor);
    }

    /// <summary>Writes stats entries {le16 tag; le64 val} at <paramref name="address"/>; returns the byte length.</summary>
    public uint Stats(ulong address, params (ushort Tag, ulong Value)[] entries)
    {
        for (int i = 0; i < entries.Length; i++)
        {
            Memory.WriteUInt16(address + 10UL * (ulong)i, entries[i].Tag);
            Memory.WriteUInt64(address + 10UL * (ulong)i + 2, entries[i].Value);
        }
        return (uint)(10 * entries.Length);
    }

    /// <summary>Runs the device once and returns the managed bytes it allocated meanwhile (on this thread).</summary>
    public long ServiceMeasured()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Device.Service();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

/// <summary>A real driver, device and heap on simulated memory, with a workload's pages, and the conservation check.</summary>
internal sealed class GuestRig
{
    public const ulong Page = 4096;

    public GuestRig(ulong memoryBytes = 8UL << 20, BalloonFeatures features = BalloonFeatures.MustTellHost | BalloonFeatures.StatsVq | BalloonFeatures.DeflateOnOom,
        int queueSize = 8, int batch = 8, ushort initialIndex = 0, BalloonDevice? device = null, GuestMemory? memory = null)
    {
        Memory = memory ?? new SimulatedGuestMemory(memoryBytes);
        Heap = new BuddyHeap(Page, 64 * Page);
        Heap.AddRange(0, Memory.Size);
        Device = device ?? new BalloonDevice(Memory, features | BalloonFeatures.PagePoison);
        Driver = new BalloonDriver(Memory, Heap, Device, new BalloonDriverOptions
        {
            QueueSize = queueSize,
            BatchPages = batch,
            FreeFloorBytes = 0,
            RequestedFeatures = features,
            InitialRingIndex = initialIndex,
        });
    }

    public GuestMemory Memory { get; }
    public BuddyHeap Heap { get; }
    public BalloonDevice Device { get; }
    public BalloonDriver Driver { get; }
    public List<ulong> UserPages { get; } = [];

    /// <summary>The workload takes and writes <paramref name="pages"/> pages.</summary>
    public void Use(int pages)
    {
        for (int i = 0; i < pages; i++)
        {
            ulong a = Heap.Allocate(Page);
            Memory.Touch(a, Page);
            UserPages.Add(a / Page);
        }
    }

    /// <summary>Driver and device alternate until quiescent (bounded).</summary>
    public int Run(int maxRounds = 100_000)
    {
        for (int round = 1; round <= maxRounds; round++)
        {
            bool driver = Driver.Step();
            bool device = Device.Service();
            if (!driver && !device && Driver.IsQuiescent) return round;
        }
        throw new Xunit.Sdk.XunitException($"no quiescence within {maxRounds} rounds");
    }

    /// <summary>
    /// Conservation: every guest page is in exactly one of heap-free, a workload's, the driver's balloon (held for it,
    /// <see cref="BalloonDriver.HeldPfns"/>), queue memory; none is both ballooned and free; the heap is sound; the
    /// device's balloon lies within what the driver holds; and the driver's queues keep sound bookkeeping.
    /// </summary>
    public void AssertConserved(bool deviceWithinBalloon = true)
    {
        Assert.Empty(Heap.CheckInvariants());
        var owner = new Dictionary<ulong, string>();
        void Claim(ulong pfn, string who)
        {
            Assert.True(owner.TryAdd(pfn, who), $"page {pfn} is both {owner.GetValueOrDefault(pfn)} and {who}");
            Assert.True(Heap.CheckFree(pfn * Page, Page).Succeeded, $"page {pfn} ({who}) is free in the heap");
        }
        foreach (ulong pfn in Driver.HeldPfns()) Claim(pfn, "balloon");
        foreach (ulong pfn in UserPages) Claim(pfn, "workload");
        foreach ((ulong address, ulong length) in Driver.QueueMemory)
            for (ulong p = address / Page; p < (address + length) / Page; p++) Claim(p, "queue memory");
        Assert.Equal(Heap.AllocatedBytes, (ulong)owner.Count * Page);
        Assert.Equal(Memory.Size, Heap.AllocatedBytes + Heap.FreeBytes);
        if (deviceWithinBalloon)
            for (ulong pfn = 0; pfn < Memory.Pages; pfn++)
                if (Device.IsBallooned(pfn)) Assert.True(owner.GetValueOrDefault(pfn) == "balloon", $"the device holds page {pfn}, which is {owner.GetValueOrDefault(pfn) ?? "free"}");
        foreach (DriverVirtqueue q in Driver.Queues) Assert.Empty(q.CheckInvariants());
    }

    /// <summary>After quiescence with no fault pending: both sides agree on the balloon and <c>actual</c>.</summary>
    public void AssertAgreed(uint target)
    {
        Assert.Equal(target, Driver.Actual);
        Assert.Equal(target, Device.ReadConfig32(BalloonConfig.Actual));
        Assert.Equal((int)target, Device.BalloonPages);
        Assert.Equal((int)target, Driver.BalloonPfns().Length);
        Assert.Equal(Driver.BalloonPfns().Length, Driver.HeldPfns().Length);
        AssertConserved();
    }
}
