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
/// The burst-then-idle experiment: one process per run rents about 1 GiB in mixed 4–64 KiB buffers, writes every page,
/// returns everything and goes idle; its resident set (VmRSS) is sampled every 20 ms. The pool runs twice: with its
/// idle timer (and <c>Trim()</c> 2.5 s later), and with the timer off and <c>Trim()</c> called the moment everything is
/// returned. The other pools get a blocking compacting <c>GC.Collect()</c> at idle + 2.5 s. A control run does
/// everything the harness does (its size list, its list of held buffers, the sampler) without renting anything.
/// </summary>
/// <remarks>
/// <para>Everything the harness itself needs — the sizes, an array with one slot per buffer, the sample buffer, the
/// sampler thread — exists and is written before the baseline is read, so what grows after the baseline is the pool's.
/// At each phase the child reads where the resident memory is: the pool's mapping (<c>mincore</c>), the GC heap
/// (live and dead objects), file-backed pages (code) and the rest of the anonymous memory.</para>
/// <para>Run: <c>dotnet run -c Release --project bench -- --burst-idle [chart.png]</c>.</para>
/// </remarks>
internal static class BurstIdle
{
    private const long BurstBytes = 1L << 30;
    private const int SampleMs = 20;
    private const int IdleMs = 2500, AfterTrimMs = 1200;

    private const string BuddyIdle = "BuddyMemoryPool, idle timer", BuddyTrim = "BuddyMemoryPool, Trim() at idle", Control = "harness only (control)";
    private static readonly string[] Runs =
        [BuddyIdle, BuddyTrim, "ArrayPool.Shared", "MemoryPool.Shared", "pinned array per rent", "ASP.NET Core pool", Control];

    /// <summary>Where the resident memory is at one phase, MiB.</summary>
    private sealed record Account(double Rss, double PoolResident, double GcHeap, double FileBacked, double OtherAnon);

    private sealed record Run(string Name, List<(double Seconds, double MiB)> Samples, double BaselineMiB, double HotReserveMiB,
        double IdleSeconds, double TrimSeconds, Dictionary<string, Account> Accounts);

    public static int Parent(string chartPath)
    {
        var runs = new List<Run>();
        foreach (string name in Runs) runs.Add(RunChild(name));
        Console.WriteLine();
        Console.WriteLine("VmRSS, MiB (target: within 5 % of baseline + hot reserve):");
        Console.WriteLine("| run | baseline | peak | idle +0.5 s | idle +1 s | before Trim()/GC.Collect() | Trim()/GC.Collect() +1 s | target | met at idle +1 s | met 1 s after Trim() |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (Run run in runs)
        {
            double target = (run.BaselineMiB + run.HotReserveMiB) * 1.05;
            double oneSecond = At(run, run.IdleSeconds + 1), afterTrim = At(run, run.TrimSeconds + 1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Name} | {run.BaselineMiB:F1} | {run.Samples.Max(s => s.MiB):F1} | {At(run, run.IdleSeconds + 0.5):F1} | {oneSecond:F1} | {At(run, run.TrimSeconds - 0.001):F1} | {afterTrim:F1} | {target:F1} | {(oneSecond <= target ? "yes" : "no")} | {(afterTrim <= target ? "yes" : "no")} |"));
        }
        Console.WriteLine();
        Console.WriteLine("Where the resident memory is (MiB): VmRSS = pool mapping (mincore) + file-backed + other anonymous (GC heap, runtime); each phase minus the baseline; GC heap = GC.GetTotalMemory(false), live and dead objects:");
        Console.WriteLine("| run | phase | VmRSS | pool mapping | file-backed | other anonymous | of which GC heap |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (Run run in runs)
        {
            Account b = run.Accounts["baseline"];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Name} | baseline (absolute) | {b.Rss:F1} | {b.PoolResident:F1} | {b.FileBacked:F1} | {b.OtherAnon:F1} | {b.GcHeap:F1} |"));
            foreach ((string phase, Account a) in run.Accounts)
            {
                if (phase is "baseline" or "warm-up") continue;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {run.Name} | {phase} | {a.Rss - b.Rss:+0.0;-0.0} | {a.PoolResident - b.PoolResident:+0.0;-0.0} | {a.FileBacked - b.FileBacked:+0.0;-0.0} | {a.OtherAnon - b.OtherAnon:+0.0;-0.0} | {a.GcHeap - b.GcHeap:+0.0;-0.0} |"));
            }
        }
        Draw(chartPath, runs);
        Console.WriteLine($"chart: {chartPath}");
        return 0;
    }

    private static double At(Run run, double t) =>
        run.Samples.Where(s => s.Seconds <= t).Select(s => s.MiB).DefaultIfEmpty(double.NaN).Last();

    private static Run RunChild(string name)
    {
        string self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(BurstIdle).Assembly.Location);
        start.ArgumentList.Add("--burst-idle-child");
        start.ArgumentList.Add(name);
        using Process child = Process.Start(start)!;
        var samples = new List<(double, double)>();
        var accounts = new Dictionary<string, Account>();
        double baseline = 0, hot = 0, idle = 0, trim = 0;
        string? line;
        while ((line = child.StandardOutput.ReadLine()) is not null)
        {
            string[] f = line.Split(',');
            double V(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            switch (f[0])
            {
                case "sample": samples.Add((V(1), V(2))); break;
                case "baseline": baseline = V(1); break;
                case "hot": hot = V(1); break;
                case "idle": idle = V(1); break;
                case "trim": trim = V(1); break;
                case "account": accounts[f[1]] = new Account(V(2), V(3), V(4), V(5), V(6)); break;
                default: Console.WriteLine(line); break;
            }
        }
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"the child for {name} exited with {child.ExitCode}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {samples.Count} samples, baseline {baseline:F1} MiB"));
        return new Run(name, samples, baseline, hot, idle, trim, accounts);
    }

    private static void Draw(string path, List<Run> runs)
    {
        var plot = new Plot();
        Color[] colors = [new Color(31, 119, 180), new Color(23, 190, 207), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(127, 127, 127)];
        for (int i = 0; i < runs.Count; i++)
        {
            Run run = runs[i];
            var line = plot.Add.ScatterLine(run.Samples.Select(s => s.Seconds - run.IdleSeconds).ToArray(), run.Samples.Select(s => Math.Log10(s.MiB)).ToArray());
            line.LegendText = run.Name;
            line.Color = colors[i % colors.Length];
            line.LineWidth = 2;
            if (run.Name == Control) line.LinePattern = LinePattern.Dotted;
        }
        Run buddy = runs[0];
        var target = plot.Add.HorizontalLine(Math.Log10((buddy.BaselineMiB + buddy.HotReserveMiB) * 1.05));
        target.LinePattern = LinePattern.Dotted;
        target.Color = Colors.Black;
        target.LegendText = "pool target: 1.05 × (baseline + hot reserve)";
        var idleLine = plot.Add.VerticalLine(0);
        idleLine.LinePattern = LinePattern.Dashed;
        idleLine.Color = Colors.Black;
        idleLine.LegendText = "t = 0: all returned (Trim() in the timer-off run)";
        var trimLine = plot.Add.VerticalLine(buddy.TrimSeconds - buddy.IdleSeconds);
        trimLine.LinePattern = LinePattern.Dashed;
        trimLine.Color = Colors.Gray;
        trimLine.LegendText = "Trim() (timer run) / GC.Collect() (others)";
        plot.Title("Burst then idle: ~1 GiB rented in 4–64 KiB buffers, written, returned; process RSS");
        plot.XLabel("seconds since everything was returned");
        plot.YLabel("VmRSS (MiB), log scale");
        // The data are log10(MiB): ticks at chosen MiB values, labelled with them.
        double[] mib = [30, 40, 50, 60, 70, 80, 100, 200, 500, 1000, 1500];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            mib.Select(Math.Log10).ToArray(), mib.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.SetLimitsY(Math.Log10(30), Math.Log10(1700));
        plot.ShowLegend(Alignment.MiddleRight);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        plot.SavePng(path, 1200, 620);
    }

    /// <summary>One run, in a process of its own; writes samples, marks and accounts to stdout.</summary>
    public static int Child(string name)
    {
        BuddyMemoryPool? buddy = null;
        WebApplication? app = null;
        MemoryPool<byte>? kestrel = null;
        if (name == BuddyIdle) buddy = new BuddyMemoryPool();
        if (name == BuddyTrim) buddy = new BuddyMemoryPool(new BuddyMemoryPoolOptions { IdleDelay = Timeout.InfiniteTimeSpan });
        if (name == "ASP.NET Core pool")
        {
            app = WebApplication.CreateSlimBuilder().Build();
            kestrel = app.Services.GetRequiredService<IMemoryPoolFactory<byte>>().Create();
        }

        // The harness's own state, all of it created and written before the baseline.
        var random = new Random(42);
        int count = 0;
        var sizes = new int[(int)(BurstBytes / 4096) + 1];
        for (long total = 0; total < BurstBytes; count++)
        {
            sizes[count] = random.Next(4096, 65_537);
            total += sizes[count];
        }
        var held = new object?[count];
        Array.Fill(held, held);   // write every slot once (then cleared): its pages are resident from now on
        Array.Clear(held);
        var clock = Stopwatch.StartNew();
        var sampleTimes = new double[16_384];
        var sampleMiB = new double[16_384];
        sampleTimes.AsSpan().Fill(-1);
        sampleMiB.AsSpan().Clear();
        int samples = 0;
        bool stop = false;
        var sampler = new Thread(() =>
        {
            while (!Volatile.Read(ref stop) && samples < sampleTimes.Length)
            {
                double mib = RssMiB();
                sampleTimes[samples] = clock.Elapsed.TotalSeconds;
                sampleMiB[samples] = mib;
                Volatile.Write(ref samples, samples + 1);
                Thread.Sleep(SampleMs);
            }
        }) { IsBackground = true };

        object? Rent(int size)
        {
            switch (name)
            {
                case BuddyIdle or BuddyTrim: return buddy!.Rent(size);
                case "ArrayPool.Shared": return ArrayPool<byte>.Shared.Rent(size);
                case "MemoryPool.Shared": return MemoryPool<byte>.Shared.Rent(size);
                case "pinned array per rent": return GC.AllocateUninitializedArray<byte>(size, pinned: true);
                case Control: return null;
                default:
                    // Kestrel's pool hands out 4 KiB blocks only: a buffer is as many blocks as it needs.
                    var blocks = new IMemoryOwner<byte>[(size + 4095) / 4096];
                    for (int i = 0; i < blocks.Length; i++) blocks[i] = kestrel!.Rent(4096);
                    return blocks;
            }
        }
        static void Touch(object? rented)
        {
            switch (rented)
            {
                case byte[] array: for (int i = 0; i < array.Length; i += 4096) array[i] = 1; break;
                case IMemoryOwner<byte> owner: { Span<byte> s = owner.Memory.Span; for (int i = 0; i < s.Length; i += 4096) s[i] = 1; break; }
                case IMemoryOwner<byte>[] blocks: foreach (var b in blocks) b.Memory.Span[0] = 1; break;
            }
        }
        void Return(object? rented)
        {
            switch (rented)
            {
                case byte[] array when name == "ArrayPool.Shared": ArrayPool<byte>.Shared.Return(array); break;
                case byte[]: break;   // the pinned array is dropped; the GC reclaims it
                case IMemoryOwner<byte> owner: owner.Dispose(); break;
                case IMemoryOwner<byte>[] blocks: foreach (var b in blocks) b.Dispose(); break;
            }
        }
        void Report(string phase)
        {
            (double rss, double anon, double file) = Status();
            double pool = buddy is null ? 0 : buddy.ResidentBytes() / 1048576.0;
            double gcHeap = GC.GetTotalMemory(false) / 1048576.0;
            Console.WriteLine(FormattableString.Invariant($"account,{phase},{rss},{pool},{gcHeap},{file},{anon - pool}"));
        }

        // Warm-up (every code path once), then the baseline.
        for (int i = 0; i < 64; i++) Return(Rent(sizes[i]));
        Report("warm-up");   // the accounting's own code, run once before the baseline
        sampler.Start();
        while (Volatile.Read(ref samples) == 0) Thread.Sleep(1);
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        Thread.Sleep(300);
        double baseline = RssMiB();
        Console.WriteLine(FormattableString.Invariant($"baseline,{baseline}"));
        Console.WriteLine(FormattableString.Invariant($"hot,{(buddy is null ? 0 : buddy.Options.HotReserveBytes / 1048576.0)}"));
        Report("baseline");

        for (int i = 0; i < count; i++)
        {
            object? rented = Rent(sizes[i]);
            Touch(rented);
            held[i] = rented;
        }
        Report("peak (all rented)");
        for (int i = 0; i < count; i++) Return(held[i]);
        Array.Clear(held);
        double idle = clock.Elapsed.TotalSeconds;
        double trim;
        if (name == BuddyTrim)
        {
            trim = idle;
            buddy!.Trim();
            Report("right after Trim()");
            Thread.Sleep(1000);
            Report("Trim() +1 s");
            Thread.Sleep(IdleMs - 1000);
        }
        else
        {
            Thread.Sleep(1000);
            Report("idle +1 s");
            Thread.Sleep(IdleMs - 1000);
            trim = clock.Elapsed.TotalSeconds;
            if (buddy is not null) buddy.Trim();
            else GC.Collect(2, GCCollectionMode.Forced, true, true);
        }
        Thread.Sleep(AfterTrimMs);
        Report(buddy is not null ? "end" : "GC.Collect() +1.2 s");
        Volatile.Write(ref stop, true);
        sampler.Join();
        if (buddy is not null)
        {
            // Diagnosis, after the timeline (not charted): how much of what the pool's run keeps is dead objects the GC
            // has not collected yet (the owner objects of the burst beyond the spares kept), not the pool's own.
            GC.Collect(2, GCCollectionMode.Forced, true, true);
            Thread.Sleep(300);
            Report("diagnosis: after a full GC");
        }
        for (int i = 0; i < samples; i++) Console.WriteLine(FormattableString.Invariant($"sample,{sampleTimes[i]},{sampleMiB[i]}"));
        Console.WriteLine(FormattableString.Invariant($"idle,{idle}"));
        Console.WriteLine(FormattableString.Invariant($"trim,{trim}"));
        GC.KeepAlive(held);
        buddy?.Dispose();
        kestrel?.Dispose();
        ((IDisposable?)app)?.Dispose();
        return 0;
    }

    private static double RssMiB()
    {
        // /proc/self/statm: size resident shared ... in pages.
        Span<byte> buffer = stackalloc byte[128];
        using var statm = new FileStream("/proc/self/statm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        int n = statm.Read(buffer);
        int at = buffer[..n].IndexOf((byte)' ') + 1;
        long pages = 0;
        for (; at < n && buffer[at] is >= (byte)'0' and <= (byte)'9'; at++) pages = pages * 10 + (buffer[at] - '0');
        return pages * Environment.SystemPageSize / 1048576.0;
    }

    /// <summary>VmRSS, RssAnon and RssFile + RssShmem from /proc/self/status, MiB.</summary>
    private static (double Rss, double Anon, double File) Status()
    {
        double rss = 0, anon = 0, file = 0;
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            double Kb() => double.Parse(line[(line.IndexOf(':') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb();
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb();
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal) || line.StartsWith("RssShmem:", StringComparison.Ordinal)) file += Kb();
        }
        return (rss, anon, file);
    }
}
