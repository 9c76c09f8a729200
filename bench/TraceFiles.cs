namespace Verified.Benchmarks;

/// <summary>Finds the trace files that <c>bench/get-traces.sh</c> writes, from wherever BenchmarkDotNet runs us.</summary>
public static class TraceFiles
{
    /// <summary>The traces the replay benchmarks use, smallest first.</summary>
    public static readonly string[] Names =
        ["mixed_256M", "mixed_1G", "mixed_4G", "balloon_256M", "balloon_1G", "balloon_4G"];

    /// <summary>Environment variable naming the folder that holds the traces, when not bench/traces.</summary>
    public const string FolderVariable = "VERIFIED_BENCH_TRACES";

    /// <summary>The folder holding the traces, or null when no candidate folder exists.</summary>
    public static string? Folder()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "get-traces.sh")) && Directory.Exists(Path.Combine(dir.FullName, "trace-gen")))
                    return Path.Combine(dir.FullName, "traces");
                string nested = Path.Combine(dir.FullName, "bench", "get-traces.sh");
                if (File.Exists(nested)) return Path.Combine(dir.FullName, "bench", "traces");
            }
        }
        return null;
    }

    /// <summary>The script that generates the traces, or null when it cannot be found.</summary>
    public static string? Generator()
    {
        string? folder = Folder();
        if (folder is null) return null;
        string script = Path.Combine(Path.GetDirectoryName(folder)!, "get-traces.sh");
        return File.Exists(script) ? script : null;
    }

    /// <summary>Full path of a trace.</summary>
    /// <exception cref="FileNotFoundException">The trace is missing; the message says how to make it.</exception>
    public static string PathOf(string name)
    {
        string? folder = Folder();
        string path = Path.Combine(folder ?? "bench/traces", name + ".trace");
        if (!File.Exists(path))
            throw new FileNotFoundException($"trace {path} is missing: run bench/get-traces.sh (or set {FolderVariable})", path);
        return path;
    }

    private static readonly Dictionary<string, AllocationTrace> Loaded = [];

    /// <summary>Loads a trace once per process.</summary>
    public static AllocationTrace Load(string name)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(name, out AllocationTrace? trace))
                Loaded[name] = trace = AllocationTrace.Load(PathOf(name));
            return trace;
        }
    }

    /// <summary>Drops every loaded trace (the host process needs them only for its columns).</summary>
    public static void Unload()
    {
        lock (Loaded) Loaded.Clear();
    }
}
