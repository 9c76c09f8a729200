using System.Diagnostics;
using BenchmarkDotNet.Running;
using Verified.Benchmarks;

// Runs the benchmarks; pass BenchmarkDotNet arguments, e.g. --filter '*Heap*' or --list flat.
// The trace-replay benchmarks need bench/traces/*.trace: they are generated here when missing (python3 required).
// `--profile <trace> [replays] [--locked]` replays one trace through the heap (or the locked heap) in a plain loop, for a
// profiler (perf record):
// no timing is printed, because speed figures come from BenchmarkDotNet only.
// `--burst-idle [chart.png]`: the burst-then-idle experiment (one child process per pool), table and chart.
if (args.Length >= 1 && args[0] == "--burst-idle") return BurstIdle.Parent(args.Length > 1 ? args[1] : "docs/pool-burst-idle.png");
if (args.Length >= 2 && args[0] == "--burst-idle-child") return BurstIdle.Child(args[1]);
if (args.Length >= 2 && args[0] == "--profile")
{
    AllocationTrace trace = TraceFiles.Load(args[1]);
    int replays = args.Length > 2 && int.TryParse(args[2], out int n) && n > 0 ? n : 20;
    var addresses = ReplaySlot.For(trace);
    long failed = 0;
    bool locked = args.Contains("--locked");
    for (int i = 0; i < replays; i++)
    {
        if (locked)
        {
            var target = new LockedBuddyTarget(ReplayChecks.NewLockedHeap(trace));
            failed = TraceReplayer.Replay(trace, ref target, addresses);
        }
        else
        {
            var target = new BuddyTarget(ReplayChecks.NewHeap(trace));
            failed = TraceReplayer.Replay(trace, ref target, addresses);
        }
    }
    Console.WriteLine($"{trace.Name}: {replays} replays of {trace.Ops.Length} operations, {failed} failed allocations each");
    return 0;
}
if (args.Length == 0 || !args.Contains("--list"))
{
    string? folder = TraceFiles.Folder();
    bool missing = folder is null || TraceFiles.Names.Any(n => !File.Exists(Path.Combine(folder, n + ".trace")));
    bool wanted = args.Length == 0 || args.Any(a => a.Contains('*') || a.Contains("Trace", StringComparison.OrdinalIgnoreCase));
    if (missing && wanted)
    {
        string? script = TraceFiles.Generator();
        if (script is null)
        {
            Console.Error.WriteLine($"The trace files are missing and bench/get-traces.sh was not found; set {TraceFiles.FolderVariable}.");
        }
        else
        {
            Console.WriteLine($"Generating the traces with {script} ...");
            using Process? run = Process.Start(new ProcessStartInfo("bash", [script]) { UseShellExecute = false });
            run?.WaitForExit();
            if (run is null || run.ExitCode != 0)
            {
                Console.Error.WriteLine("bench/get-traces.sh failed; the trace-replay benchmarks cannot run.");
                return 1;
            }
        }
    }
}

BenchmarkSwitcher.FromAssembly(typeof(HeapTraceReplay).Assembly).Run(args);
return 0;
