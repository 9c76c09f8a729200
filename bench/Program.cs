using System.Diagnostics;
using BenchmarkDotNet.Running;
using Verified.Benchmarks;

// Runs the benchmarks; pass BenchmarkDotNet arguments, e.g. --filter '*Heap*' or --list flat.
// The trace-replay benchmarks need bench/traces/*.trace: they are generated here when missing (python3 required).
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
