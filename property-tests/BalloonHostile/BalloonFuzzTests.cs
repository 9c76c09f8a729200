using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.BalloonHostile;

/// <summary>
/// Fuzzing the trust boundary: random bytes and random mutations of valid rings go into each queue's memory (rings
/// and buffers), random values into the config space and the status register, interleaved with driver steps, device
/// service, host targets, stats requests, memory pressure and a workload. Asserted after every operation: no exception
/// escapes any public method, and guest pages are conserved (each in exactly one of heap-free, the workload's, the
/// balloon, queue memory; none ballooned and free; the device's memory bounded). When the hostile phase ends, the
/// driver resets the device, both sides reach quiescence within a bound, agree on the balloon and <c>actual</c>, and
/// the device sees no further broken rule.
/// </summary>
public sealed class BalloonFuzzTests
{
    /// <summary>Iterations: <c>BALLOON_FUZZ_ITERATIONS</c>, default 10^5.</summary>
    private static int Iterations => int.TryParse(Environment.GetEnvironmentVariable("BALLOON_FUZZ_ITERATIONS"), out int n) && n > 0 ? n : 100_000;

    private const ulong GuestBytes = 512UL << 10;   // 128 pages: cheap per iteration, tight enough that targets exhaust it
    private const int RoundBound = 10_000;

    /// <summary>One fuzz operation: a kind and three random values.</summary>
    public readonly record struct Op(int Kind, int A, int B, uint C)
    {
        public override string ToString() => $"{(OpKind)Kind}({A}, {B}, 0x{C:X})";
    }

    private enum OpKind { Step, Service, ServiceQueue, Target, RandomBytes, UsedIdx, UsedEntry, AvailIdx, Descriptor, Config, Status, Stats, Use, Free, Oom, Count }

    private static readonly Gen<Op> OpGen =
        from kind in Gen.Frequency(
            (6, Gen.Constant((int)OpKind.Step)), (6, Gen.Constant((int)OpKind.Service)), (1, Gen.Constant((int)OpKind.ServiceQueue)),
            (2, Gen.Constant((int)OpKind.Target)), (2, Gen.Constant((int)OpKind.RandomBytes)), (2, Gen.Constant((int)OpKind.UsedIdx)),
            (2, Gen.Constant((int)OpKind.UsedEntry)), (1, Gen.Constant((int)OpKind.AvailIdx)), (2, Gen.Constant((int)OpKind.Descriptor)),
            (1, Gen.Constant((int)OpKind.Config)), (1, Gen.Constant((int)OpKind.Status)), (1, Gen.Constant((int)OpKind.Stats)),
            (1, Gen.Constant((int)OpKind.Use)), (1, Gen.Constant((int)OpKind.Free)), (1, Gen.Constant((int)OpKind.Oom)))
        from a in Gen.Choose(0, int.MaxValue)
        from b in Gen.Choose(0, int.MaxValue)
        from c in Gen.Choose(int.MinValue, int.MaxValue)
        select new Op(kind, a, b, unchecked((uint)c));

    [Fact]
    public void RandomBytesAndMutatedRings_NeverThrowNeverHang_AndConserveEveryPage()
    {
        int iterations = Iterations;
        var clock = Stopwatch.StartNew();
        long ops = 0, recoveries = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(iterations).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(from n in Gen.Choose(1, 24) from s in Gen.ArrayOf(OpGen, n) select s), (Op[] script) =>
            {
                ops += script.Length;
                recoveries += RunScript(script);
            }));
        clock.Stop();
        Console.WriteLine($"[balloon figure] fuzz: {iterations} iterations, {ops} operations, {recoveries} recoveries by reset, {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Runs one script; returns the driver's recoveries. Throws (failing the property) on any broken assertion
    /// or any exception out of the model.</summary>
    private static int RunScript(Op[] script)
    {
        var rig = new GuestRig(memoryBytes: GuestBytes, queueSize: 4, batch: 16);
        (ulong Address, ulong Length)[] regions = [.. rig.Driver.QueueMemory];
        foreach (Op op in script)
        {
            Apply(rig, op, regions);
            rig.AssertConserved(deviceWithinBalloon: false);
            Assert.True(rig.Device.Violations.Count <= ViolationLog.SampleLimit);
        }

        // The hostile phase is over: the driver resets the device; both sides must settle and agree.
        rig.Driver.ResetDevice("end of the hostile phase");
        long before = rig.Device.Log.Total;
        rig.Run(RoundBound);
        rig.AssertConserved();
        Assert.Equal(before, rig.Device.Log.Total);
        Assert.Equal((int)rig.Driver.Actual, rig.Device.BalloonPages);
        Assert.Equal(rig.Driver.Actual, rig.Device.ReadConfig32(BalloonConfig.Actual));
        Assert.Equal(rig.Driver.HeldPfns().Length, (int)rig.Driver.Actual);
        uint target = rig.Device.ReadConfig32(BalloonConfig.NumPages);
        Assert.True(rig.Driver.Actual == target || (rig.Driver.Actual < target && rig.Driver.InflateBlocked),
            $"actual {rig.Driver.Actual}, target {target}, blocked {rig.Driver.InflateBlocked}");
        return rig.Driver.Recoveries - 1;
    }

    private static void Apply(GuestRig rig, Op op, (ulong Address, ulong Length)[] regions)
    {
        GuestMemory m = rig.Memory;
        IReadOnlyList<DriverVirtqueue> queues = rig.Driver.Queues;
        VirtqueueLayout l = queues.Count > 0 ? queues[op.A % queues.Count].Layout : VirtqueueLayout.Contiguous(regions[0].Address, 4);
        switch ((OpKind)op.Kind)
        {
            case OpKind.Step: rig.Driver.Step(); break;
            case OpKind.Service: rig.Device.Service(); break;
            case OpKind.ServiceQueue: rig.Device.ServiceQueue(op.A % 6 - 1); break;
            case OpKind.Target: rig.Device.SetTarget(op.B % 4 == 0 ? op.C : op.C % 160); break;
            case OpKind.RandomBytes:
            {
                (ulong address, ulong length) = regions[op.A % regions.Length];
                ulong at = address + (ulong)op.B % length;
                Span<byte> bytes = stackalloc byte[8];
                BitConverter.TryWriteBytes(bytes, ((ulong)op.C << 32) | (uint)op.B);
                int n = (int)Math.Min(1 + op.C % 8, address + length - at);
                m.Write(at, bytes[..n]);
                break;
            }
            case OpKind.UsedIdx:
                m.WriteUInt16(l.UsedIdx, (ushort)(m.ReadUInt16(l.UsedIdx) + (op.B % 4 == 0 ? (int)(op.C & 0xFFFF) : (int)(op.C % 5) - 2)));
                break;
            case OpKind.UsedEntry:
            {
                ushort slot = (ushort)(m.ReadUInt16(l.UsedIdx) - 1 + op.B % 2);
                ulong entry = l.UsedRing + 4 + 8UL * (ulong)(slot % l.Size);
                if (op.B % 3 == 0) m.WriteUInt32(entry + 4, op.C);
                else m.WriteUInt32(entry, op.B % 5 == 0 ? op.C : op.C % (2u * l.Size));
                break;
            }
            case OpKind.AvailIdx:
                m.WriteUInt16(l.AvailIdx, (ushort)(m.ReadUInt16(l.AvailIdx) + (int)(op.C % 5) - 2));
                break;
            case OpKind.Descriptor:
            {
                ulong d = l.DescriptorTable + 16UL * (ulong)(op.B % l.Size);
                switch (op.C % 4)
                {
                    case 0: m.WriteUInt16(d + 12, (ushort)(op.C >> 16)); break;                      // flags
                    case 1: m.WriteUInt16(d + 14, (ushort)((op.C >> 16) % (2u * l.Size))); break;   // next
                    case 2: m.WriteUInt32(d + 8, op.C >> 2); break;                                  // len
                    default: m.WriteUInt64(d, ((ulong)op.C << 20) | (uint)op.A); break;              // addr
                }
                break;
            }
            case OpKind.Config: rig.Device.WriteConfig32(op.B % 2 == 0 ? BalloonConfig.Actual : BalloonConfig.PoisonVal, op.C); break;
            case OpKind.Status: rig.Device.WriteStatus((DeviceStatus)(byte)op.C); break;
            case OpKind.Stats: rig.Device.RequestStats(); break;
            case OpKind.Use:
                if (rig.Heap.TryAllocate(GuestRig.Page, out ulong page)) { m.Touch(page, GuestRig.Page); rig.UserPages.Add(page / GuestRig.Page); }
                break;
            case OpKind.Free:
                if (rig.UserPages.Count > 0)
                {
                    int i = op.B % rig.UserPages.Count;
                    rig.Heap.Free(rig.UserPages[i] * GuestRig.Page, GuestRig.Page);
                    rig.UserPages.RemoveAt(i);
                }
                break;
            case OpKind.Oom: rig.Driver.DeflateOnOom(op.C % (2u << 20)); break;
        }
    }
}
