using FsCheck;
using FsCheck.Fluent;
using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>The split virtqueue: what the driver makes available is what the device takes, in order, through
/// wrap-around of the 16-bit indices; malformed descriptors are refused with a typed error and nothing outside guest
/// memory is touched.</summary>
public sealed class VirtqueueProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(150).WithQuietOnSuccess(true);
    private const ulong MemoryBytes = 1UL << 20;

    private static (SimulatedGuestMemory Memory, DriverVirtqueue Driver, DeviceVirtqueue Device) NewQueue(int size)
    {
        var memory = new SimulatedGuestMemory(MemoryBytes);
        var layout = VirtqueueLayout.Contiguous(0x1000, size);
        return (memory, new DriverVirtqueue(memory, layout, 0), new DeviceVirtqueue(memory, layout, 0));
    }

    [Fact]
    public void TheLayoutIsTheSpecsByteForByte()
    {
        var l = VirtqueueLayout.Contiguous(0x1000, 256);
        Assert.Equal(0x1000UL, l.DescriptorTable);
        Assert.Equal(0x1000UL + 16 * 256, l.AvailRing);
        Assert.Equal((0x1000UL + 16 * 256 + 6 + 2 * 256 + 3) / 4 * 4, l.UsedRing);
        Assert.Equal(l.UsedRing + 6 + 8 * 256 - 0x1000, VirtqueueLayout.BytesFor(256));
        Assert.Throws<ArgumentOutOfRangeException>(() => VirtqueueLayout.Contiguous(0x1000, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => VirtqueueLayout.Contiguous(0x1008, 4));

        (SimulatedGuestMemory memory, DriverVirtqueue driver, _) = NewQueue(4);
        Assert.True(driver.TryAdd([new BufferSegment(0x8000, 12, false), new BufferSegment(0x9000, 8, true)], out ushort head));
        ulong d = driver.Layout.DescriptorTable + 16UL * head;
        Assert.Equal(0x8000UL, memory.ReadUInt64(d));
        Assert.Equal(12u, memory.ReadUInt32(d + 8));
        Assert.Equal(VirtqueueLayout.FlagNext, memory.ReadUInt16(d + 12));
        ushort next = memory.ReadUInt16(d + 14);
        Assert.Equal(VirtqueueLayout.FlagWrite, memory.ReadUInt16(driver.Layout.DescriptorTable + 16UL * next + 12));
        Assert.Equal(1, memory.ReadUInt16(driver.Layout.AvailRing + 2));          // avail.idx
        Assert.Equal(head, memory.ReadUInt16(driver.Layout.AvailRing + 4));       // avail.ring[0]
    }

    /// <summary>Random chains, random interleavings of driver and device: the device takes exactly the chains made
    /// available, in order; the driver gets every head back with the written length; descriptors are conserved.</summary>
    [Fact]
    public void WhatTheDriverPublishesTheDeviceTakes_InOrder() => Check.One(Runs, Prop.ForAll(Arb.From(
        from size in Gen.Elements(1, 2, 4, 8, 16)
        from steps in Gen.ListOf(Gen.Zip(Gen.Choose(0, 2), Gen.Choose(1, 3)))
        select (size, steps.ToArray())), t =>
    {
        (_, DriverVirtqueue driver, DeviceVirtqueue device) = NewQueue(t.size);
        var published = new Queue<BufferSegment[]>();
        var held = new Queue<DescriptorChain>();
        var returned = new Queue<(ushort, uint)>();
        ulong next = 0x10000;
        foreach ((int action, int segments) in t.Item2)
        {
            if (action == 0)
            {
                BufferSegment[] chain = Enumerable.Range(0, segments).Select(i => new BufferSegment(next + (ulong)i * 64, (uint)(8 + i), i % 2 == 1)).ToArray();
                next = (next + 0x1000) % (MemoryBytes - 0x1000) + 0x1000 * 16;
                next %= MemoryBytes - 0x1000;
                bool fits = driver.FreeDescriptors >= segments;
                Assert.Equal(fits, driver.TryAdd(chain, out _));
                if (fits) published.Enqueue(chain);
            }
            else if (action == 1)
            {
                bool any = device.TryPop(out DescriptorChain? chain);
                Assert.Equal(published.Count > 0, any);
                if (any)
                {
                    Assert.Equal(published.Dequeue(), chain!.Segments);
                    held.Enqueue(chain);
                }
            }
            else if (held.Count > 0)
            {
                DescriptorChain chain = held.Dequeue();
                // The device reports what it wrote: at most the chain's device-writable bytes (the driver checks that).
                uint written = (uint)chain.Segments.Where(s => s.DeviceWritable).Sum(s => s.Length);
                device.PushUsed(chain, written);
                returned.Enqueue((chain.Head, written));
            }
            while (driver.TryTakeUsed(out ushort head, out uint len)) Assert.Equal(returned.Dequeue(), (head, len));
        }
        Assert.Equal(t.size, driver.FreeDescriptors + published.Sum(c => c.Length) + held.Sum(c => c.Segments.Count));
        Assert.False(device.Broken);
    }));

    /// <summary>More than 2^16 round trips: both indices wrap, and the queue keeps working.</summary>
    [Fact]
    public void IndicesWrapAt65536()
    {
        (SimulatedGuestMemory memory, DriverVirtqueue driver, DeviceVirtqueue device) = NewQueue(4);
        for (int i = 0; i < 70_000; i++)
        {
            Assert.True(driver.TryAdd([new BufferSegment(0x20000 + (ulong)(i % 16) * 4, 4, false)], out ushort head));
            Assert.True(device.TryPop(out DescriptorChain? chain));
            Assert.Equal(0x20000 + (ulong)(i % 16) * 4, chain!.Segments[0].Address);
            device.PushUsed(chain, 0);
            Assert.True(driver.TryTakeUsed(out ushort back, out _));
            Assert.Equal(head, back);
        }
        Assert.Equal(unchecked((ushort)70_000), memory.ReadUInt16(driver.Layout.AvailRing + 2));
        Assert.Equal(unchecked((ushort)70_000), memory.ReadUInt16(driver.Layout.UsedRing + 2));
        Assert.False(device.Broken);
    }

    public enum Corruption { HeadOutOfRange, NextOutOfRange, Loop, BufferOutside, BufferWraps, Indirect, IndexJump, DescriptorInUse }

    /// <summary>Every kind of malformed queue gets its typed error, the queue is marked broken, and no access left guest memory.</summary>
    [Fact]
    public void MalformedDescriptorsAreRefusedWithTheirTypedError() => Check.One(Runs, Prop.ForAll(Arb.From(
        from corruption in Gen.Elements(Enum.GetValues<Corruption>())
        from size in Gen.Elements(2, 4, 8)
        from junk in Gen.Choose(0, 5000)
        select (corruption, size, junk)), t =>
    {
        (SimulatedGuestMemory memory, DriverVirtqueue driver, DeviceVirtqueue device) = NewQueue(t.size);
        VirtqueueLayout l = driver.Layout;
        if (t.corruption == Corruption.DescriptorInUse)
        {
            Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false)], out ushort h));
            Assert.True(device.TryPop(out _));
            // The driver (wrongly) publishes the same head again while the device holds it.
            memory.WriteUInt16(l.AvailRing + 4 + 2, h);
            memory.WriteUInt16(l.AvailRing + 2, 2);
        }
        else
        {
            Assert.True(driver.TryAdd([new BufferSegment(0x8000, 4, false), new BufferSegment(0x9000, 4, false)], out ushort head));
            ulong d = l.DescriptorTable + 16UL * head;
            switch (t.corruption)
            {
                case Corruption.HeadOutOfRange: memory.WriteUInt16(l.AvailRing + 4, (ushort)(t.size + t.junk)); break;
                case Corruption.NextOutOfRange: memory.WriteUInt16(d + 14, (ushort)(t.size + t.junk)); break;
                case Corruption.Loop: memory.WriteUInt16(l.DescriptorTable + 16UL * memory.ReadUInt16(d + 14) + 12, VirtqueueLayout.FlagNext);
                    memory.WriteUInt16(l.DescriptorTable + 16UL * memory.ReadUInt16(d + 14) + 14, head); break;
                case Corruption.BufferOutside: memory.WriteUInt64(d, MemoryBytes + (ulong)t.junk); break;
                case Corruption.BufferWraps: memory.WriteUInt64(d, ulong.MaxValue - (ulong)t.junk); break;
                case Corruption.Indirect: memory.WriteUInt16(d + 12, VirtqueueLayout.FlagIndirect | VirtqueueLayout.FlagNext); break;
                case Corruption.IndexJump: memory.WriteUInt16(l.AvailRing + 2, (ushort)(t.size + 1 + t.junk)); break;
            }
        }
        VirtqueueException error = Assert.Throws<VirtqueueException>(() => device.TryPop(out _));
        VirtqueueError expected = t.corruption switch
        {
            Corruption.HeadOutOfRange or Corruption.NextOutOfRange => VirtqueueError.DescriptorIndexOutOfRange,
            Corruption.Loop => VirtqueueError.ChainLoop,
            Corruption.BufferOutside or Corruption.BufferWraps => VirtqueueError.BufferOutsideGuestMemory,
            Corruption.Indirect => VirtqueueError.IndirectNotNegotiated,
            Corruption.IndexJump => VirtqueueError.AvailIndexJump,
            _ => VirtqueueError.DescriptorInUse,
        };
        Assert.Equal(expected, error.Error);
        Assert.True(device.Broken);
        Assert.False(device.TryPop(out _));
    }));

    [Fact]
    public void GuestMemoryRefusesAccessesOutsideIt_WithATypedError()
    {
        var memory = new SimulatedGuestMemory(16 * 4096);
        Assert.Throws<GuestMemoryAccessException>(() => memory.ReadUInt32(16 * 4096 - 2));
        Assert.Throws<GuestMemoryAccessException>(() => memory.WriteUInt64(ulong.MaxValue - 3, 1));
        Assert.Throws<GuestMemoryAccessException>(() => memory.Touch(15 * 4096, 4097));
        Assert.Throws<ArgumentException>(() => memory.Discard(100, 4096));
        Assert.Equal(0UL, memory.PopulatedBytes());
        memory.Touch(4096, 3 * 4096);
        Assert.Equal(3 * 4096UL, memory.PopulatedBytes());
        memory.Discard(8192, 4096);
        Assert.Equal(2 * 4096UL, memory.PopulatedBytes());
        Assert.False(memory.IsPopulated(8192));
        Assert.Equal(0u, memory.ReadUInt32(8192));
        Assert.Equal(2 * 4096UL, memory.PopulatedBytes());   // reading does not populate
    }

    [Fact]
    public void TheRealBackingReportsWhatMincoreSees()
    {
        Assert.True(MappedGuestMemory.TryCreate(64 * 4096, out MappedGuestMemory? memory, out string? why), why);
        using MappedGuestMemory m = memory!;
        Assert.Equal(BackingKind.Real, m.Kind);
        Assert.Equal(0UL, m.PopulatedBytes());
        m.Touch(0, 10 * 4096);
        m.WriteUInt32(40 * 4096 + 8, 0xDEADBEEF);
        Assert.Equal(11 * 4096UL, m.PopulatedBytes());
        Assert.Equal(0xDEADBEEFu, m.ReadUInt32(40 * 4096 + 8));
        m.Discard(40 * 4096, 4096);
        Assert.Equal(0u, m.ReadUInt32(40 * 4096 + 8));
        m.Discard(0, 5 * 4096);
        Assert.False(m.IsPopulated(4096));
        Assert.True(m.IsPopulated(5 * 4096));
        Assert.Throws<GuestMemoryAccessException>(() => m.ReadUInt16(64 * 4096 - 1));
    }
}
