using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using ScottPlot;
using Verified.Buffers;

namespace Verified.Benchmarks;

/// <summary>
/// The burst-then-idle experiment: one process per pool rents about 1 GiB in mixed 4–64 KiB buffers, writes every
/// page, returns everything and goes idle; its resident set (VmRSS) is sampled every 20 ms. After 2.5 s of idleness the
/// program calls <c>BuddyMemoryPool.Trim()</c> (for the other pools, which have no such call, a blocking compacting
/// <c>GC.Collect()</c>). The parent prints each pool's figures and draws one chart.
/// </summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench -- --burst-idle [chart.png]</c>.</remarks>
internal static class BurstIdle
{
    private const long BurstBytes = 1L << 30;
    private const int SampleMs = 20;
    private const int IdleMs = 2500, AfterTrimMs = 800;
    private static readonly string[] Pools = ["BuddyMemoryPool", "ArrayPool.Shared", "MemoryPool.Shared", "pinned array per rent", "ASP.NET Core pool"];

    private sealed record Run(string Pool, List<(double Seconds, double MiB)> Samples, double BaselineMiB, double HotReserveMiB,
        double IdleSeconds, double TrimSeconds);

    public static int Parent(string chartPath)
    {
        var runs = new List<Run>();
        foreach (string pool in Pools) runs.Add(RunChild(pool));
        Console.WriteLine();
        Console.WriteLine("| pool | baseline MiB | peak MiB | idle +0.5 s | idle +1 s | idle +2.5 s | after Trim()/GC.Collect() | within 5 % of baseline + hot reserve at idle +1 s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (Run run in runs)
        {
            double At(double t) => run.Samples.Where(s => s.Seconds <= t).Select(s => s.MiB).DefaultIfEmpty(double.NaN).Last();
            double target = (run.BaselineMiB + run.HotReserveMiB) * 1.05;
            double oneSecond = At(run.IdleSeconds + 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Pool} | {run.BaselineMiB:F0} | {run.Samples.Max(s => s.MiB):F0} | {At(run.IdleSeconds + 0.5):F0} | {oneSecond:F0} | {At(run.TrimSeconds - 0.001):F0} | {At(run.TrimSeconds + AfterTrimMs / 1000.0):F0} | {(oneSecond <= target ? "yes" : "no")} (target ≤ {target:F0}) |"));
        }
        Draw(chartPath, runs);
        Console.WriteLine($"chart: {chartPath}");
        return 0;
    }

    private static Run RunChild(string pool)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(BurstIdle).Assembly.Location);
        start.ArgumentList.Add("--burst-idle-child");
        start.ArgumentList.Add(pool);
        using Process child = Process.Start(start)!;
        var samples = new List<(double, double)>();
        double baseline = 0, hot = 0, idle = 0, trim = 0;
        string? line;
        while ((line = child.StandardOutput.ReadLine()) is not null)
        {
            string[] f = line.Split(',');
            double v = f.Length > 1 ? double.Parse(f[^1], CultureInfo.InvariantCulture) : 0;
            switch (f[0])
            {
                case "sample": samples.Add((double.Parse(f[1], CultureInfo.InvariantCulture), v)); break;
                case "baseline": baseline = v; break;
                case "hot": hot = v; break;
                case "idle": idle = v; break;
                case "trim": trim = v; break;
                default: Console.WriteLine(line); break;
            }
        }
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"the child for {pool} exited with {child.ExitCode}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pool}: {samples.Count} samples, baseline {baseline:F0} MiB"));
        return new Run(pool, samples, baseline, hot, idle, trim);
    }

    private static void Draw(string path, List<Run> runs)
    {
        var plot = new Plot();
        Color[] colors = [new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189), new Color(255, 127, 14)];
        for (int i = 0; i < runs.Count; i++)
        {
            Run run = runs[i];
            var line = plot.Add.ScatterLine(run.Samples.Select(s => s.Seconds - run.IdleSeconds).ToArray(), run.Samples.Select(s => s.MiB).ToArray());
            line.LegendText = run.Pool;
            line.Color = colors[i % colors.Length];
            line.LineWidth = 2;
        }
        Run buddy = runs[0];
        var target = plot.Add.HorizontalLine((buddy.BaselineMiB + buddy.HotReserveMiB) * 1.05);
        target.LinePattern = LinePattern.Dotted;
        target.LabelText = "BuddyMemoryPool: 1.05 × (baseline + hot reserve)";
        var idleLine = plot.Add.VerticalLine(0);
        idleLine.LinePattern = LinePattern.Dashed;
        idleLine.LabelText = "everything returned (idle)";
        var trimLine = plot.Add.VerticalLine(buddy.TrimSeconds - buddy.IdleSeconds);
        trimLine.LinePattern = LinePattern.Dashed;
        trimLine.LabelText = "Trim() / GC.Collect()";
        plot.Title("Burst then idle: ~1 GiB rented in 4–64 KiB buffers, written, returned; process RSS");
        plot.XLabel("seconds since everything was returned");
        plot.YLabel("VmRSS (MiB)");
        plot.ShowLegend(Alignment.UpperRight);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, 1100, 560);
    }

    /// <summary>One pool's run, in a process of its own; writes samples and marks to stdout.</summary>
    public static int Child(string pool)
    {
        BuddyMemoryPool? buddy = null;
        WebApplication? app = null;
        MemoryPool<byte>? kestrel = null;
        if (pool == Pools[0]) buddy = new BuddyMemoryPool();
        if (pool == Pools[4])
        {
            app = WebApplication.CreateSlimBuilder().Build();
            kestrel = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();
        }
        var random = new Random(42);
        var sizes = new List<int>();
        for (long total = 0; total < BurstBytes;)
        {
            int size = random.Next(4096, 65_537);
            sizes.Add(size);
            total += size;
        }
        var held = new List<object>(sizes.Count * 16);
        object Rent(int size)
        {
            switch (pool)
            {
                case "BuddyMemoryPool": return buddy!.Rent(size);
                case "ArrayPool.Shared": return ArrayPool<byte>.Shared.Rent(size);
                case "MemoryPool.Shared": return MemoryPool<byte>.Shared.Rent(size);
                case "pinned array per rent": return GC.AllocateUninitializedArray<byte>(size, pinned: true);
                default:
                    // Kestrel's pool hands out 4 KiB blocks only: a buffer is as many blocks as it needs.
                    var blocks = new IMemoryOwner<byte>[(size + 4095) / 4096];
                    for (int i = 0; i < blocks.Length; i++) blocks[i] = kestrel!.Rent(4096);
                    return blocks;
            }
        }
        static void Touch(object rented)
        {
            switch (rented)
            {
                case byte[] array: for (int i = 0; i < array.Length; i += 4096) array[i] = 1; break;
                case IMemoryOwner<byte> owner: { Span<byte> s = owner.Memory.Span; for (int i = 0; i < s.Length; i += 4096) s[i] = 1; break; }
                case IMemoryOwner<byte>[] blocks: foreach (var b in blocks) b.Memory.Span[0] = 1; break;
            }
        }
        void Return(object rented)
        {
            switch (rented)
            {
                case byte[] array when pool == "ArrayPool.Shared": ArrayPool<byte>.Shared.Return(array); break;
                case byte[]: break;   // the pinned array is dropped; the GC reclaims it
                case IMemoryOwner<byte> owner: owner.Dispose(); break;
                case IMemoryOwner<byte>[] blocks: foreach (var b in blocks) b.Dispose(); break;
            }
        }
        // Warm-up, then the baseline.
        for (int i = 0; i < 64; i++) Return(Rent(sizes[i]));
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        Thread.Sleep(300);
        double baseline = RssMiB();
        Console.WriteLine(FormattableString.Invariant($"baseline,{baseline}"));
        Console.WriteLine(FormattableString.Invariant($"hot,{(buddy is null ? 0 : buddy.Options.HotReserveBytes / 1048576.0)}"));

        var clock = Stopwatch.StartNew();
        bool stop = false;
        var samples = new List<(double, double)>(4096);
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                double mib = RssMiB();
                lock (samples) samples.Add((clock.Elapsed.TotalSeconds, mib));
                Thread.Sleep(SampleMs);
            }
        }) { IsBackground = true };
        sampler.Start();
        foreach (int size in sizes)
        {
            object rented = Rent(size);
            Touch(rented);
            held.Add(rented);
        }
        foreach (object rented in held) Return(rented);
        held.Clear();
        double idle = clock.Elapsed.TotalSeconds;
        Thread.Sleep(IdleMs);
        double trim = clock.Elapsed.TotalSeconds;
        if (buddy is not null) buddy.Trim();
        else GC.Collect(2, GCCollectionMode.Forced, true, true);
        Thread.Sleep(AfterTrimMs);
        Volatile.Write(ref stop, true);
        sampler.Join();
        lock (samples)
            foreach ((double t, double mib) in samples) Console.WriteLine(FormattableString.Invariant($"sample,{t},{mib}"));
        Console.WriteLine(FormattableString.Invariant($"idle,{idle}"));
        Console.WriteLine(FormattableString.Invariant($"trim,{trim}"));
        buddy?.Dispose();
        kestrel?.Dispose();
        ((IDisposable?)app)?.Dispose();
        return 0;
    }

    private static double RssMiB()
    {
        // /proc/self/statm: size resident shared ... in pages.
        string[] f = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(f[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize / 1048576.0;
    }
}
