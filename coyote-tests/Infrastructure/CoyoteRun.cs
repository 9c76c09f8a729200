using System.Diagnostics;
using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;

namespace Verified.CoyoteTests.Infrastructure;

/// <summary>What one exploration by Coyote's testing engine found.</summary>
/// <param name="Name">The scenario's name (also the name of its output folder).</param>
/// <param name="Iterations">Schedules explored; when a bug stops the run, the iteration that found it.</param>
/// <param name="Bugs">Bugs reported (the engine stops at the first).</param>
/// <param name="BugReports">The engine's description of each bug.</param>
/// <param name="UncontrolledInvocations">Calls the engine could not control; each one weakens the exploration.</param>
/// <param name="Elapsed">Wall-clock time of the exploration.</param>
/// <param name="ReproducibleTrace">The schedule that exposed the bug, replayable with <see cref="CoyoteRun.Replay"/>; empty without a bug.</param>
/// <param name="ReportPaths">Files the engine wrote for the bug (trace and report), under <see cref="CoyoteRun.OutputRoot"/>.</param>
/// <param name="MaxSteps">The most scheduling steps one iteration took.</param>
/// <param name="StepBoundHits">Iterations cut short by the engine's step bound (their schedules were only partly
/// explored). An iteration of a fair strategy that passes the unfair bound (a spinning waiter starving the holder
/// under a priority schedule) is not cut short: the engine continues it with fair scheduling, and it is not counted.</param>
public sealed record CoyoteOutcome(
    string Name,
    int Iterations,
    int Bugs,
    IReadOnlyList<string> BugReports,
    IReadOnlyList<string> UncontrolledInvocations,
    TimeSpan Elapsed,
    string ReproducibleTrace,
    IReadOnlyList<string> ReportPaths,
    int MaxSteps,
    int StepBoundHits)
{
    /// <summary>A short account for test failure messages.</summary>
    public override string ToString() =>
        $"{Name}: {Bugs} bug(s) in {Iterations} iteration(s), {Elapsed.TotalSeconds:F1} s, at most {MaxSteps} steps, {StepBoundHits} step-bound hits; " +
        $"uncontrolled: [{string.Join(", ", UncontrolledInvocations)}]; bugs: [{string.Join(" | ", BugReports)}]; " +
        $"reports: [{string.Join(", ", ReportPaths)}]";
}

/// <summary>
/// Runs a scenario under Coyote's systematic testing engine, in process. The assemblies must have been rewritten with
/// <c>coyote rewrite</c> (scripts/suites/30-coyote.sh does it); every run enables the race checking that makes
/// <c>Interlocked</c>, <c>Volatile</c> and plain field accesses scheduling points, without which the spin lock and the
/// heap's fields would not be interleaved at all.
/// </summary>
/// <remarks>
/// Environment: <c>COYOTE_ITERATIONS</c> (default 1000) sets the iterations per exploration, for long campaigns;
/// <c>COYOTE_SEED</c> (default 20261127) seeds the scheduler so a run is repeatable; <c>COYOTE_OUTPUT</c> (default
/// <c>coyote-tests/Output</c>) is where traces of found bugs and the summary go.
/// </remarks>
public static class CoyoteRun
{
    /// <summary>Iterations per exploration in CI; the issue asks for at least 1000.</summary>
    public const uint DefaultIterations = 1000;

    /// <summary>The scheduler's default seed.</summary>
    public const uint DefaultSeed = 20261127;

    /// <summary>Iterations per exploration: <c>COYOTE_ITERATIONS</c>, else <see cref="DefaultIterations"/>.</summary>
    public static uint Iterations { get; } = ReadUInt("COYOTE_ITERATIONS", DefaultIterations);

    /// <summary>The scheduler's seed: <c>COYOTE_SEED</c>, else <see cref="DefaultSeed"/>.</summary>
    public static uint Seed { get; } = ReadUInt("COYOTE_SEED", DefaultSeed);

    /// <summary>Where traces and the summary are written: <c>COYOTE_OUTPUT</c>, else coyote-tests/Output.</summary>
    public static string OutputRoot { get; } = Environment.GetEnvironmentVariable("COYOTE_OUTPUT") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Output"));

    /// <summary>The configuration every exploration uses.</summary>
    public static Configuration Configure(uint iterations, uint seed) => Configuration.Create()
        .WithTestingIterations(iterations)
        .WithRandomGeneratorSeed(seed)
        .WithAtomicOperationRaceCheckingEnabled(true)
        .WithVolatileOperationRaceCheckingEnabled(true)
        .WithMemoryAccessRaceCheckingEnabled(true)
        .WithPotentialDeadlocksReportedAsBugs(true);

    /// <summary>Explores <paramref name="scenario"/> for <see cref="Iterations"/> schedules (or until the first bug).</summary>
    public static CoyoteOutcome Explore(string name, Func<Task> scenario, uint? iterations = null)
    {
        Configuration configuration = Configure(iterations ?? Iterations, Seed);
        return Execute(name, configuration, scenario);
    }

    /// <summary>Runs <paramref name="scenario"/> once along <paramref name="trace"/>, a trace an exploration emitted.</summary>
    public static CoyoteOutcome Replay(string name, Func<Task> scenario, string trace)
    {
        Configuration configuration = Configure(1, Seed).WithReproducibleTrace(trace);
        return Execute(name + ".replay", configuration, scenario, emitReports: false);
    }

    private static CoyoteOutcome Execute(string name, Configuration configuration, Func<Task> scenario, bool emitReports = true)
    {
        RequireRewritten(typeof(CoyoteRun).Assembly);
        RequireRewritten(typeof(Verified.Buddy.ConcurrentBuddyHeap).Assembly);
        var clock = Stopwatch.StartNew();
        using TestingEngine engine = TestingEngine.Create(configuration, scenario);
        engine.Run();
        clock.Stop();

        TestReport report = engine.TestReport;
        int iterations = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        var paths = new List<string>();
        if (report.NumOfFoundBugs > 0 && emitReports)
        {
            string folder = Path.Combine(OutputRoot, name);
            Directory.CreateDirectory(folder);
            if (engine.TryEmitReports(folder, name, out IEnumerable<string> emitted)) paths.AddRange(emitted);
        }
        var outcome = new CoyoteOutcome(name, iterations, report.NumOfFoundBugs, [.. report.BugReports],
            [.. report.UncontrolledInvocations], clock.Elapsed, report.NumOfFoundBugs > 0 ? engine.ReproducibleTrace : "", paths,
            Math.Max(report.MaxExploredFairSteps, report.MaxExploredUnfairSteps),
            report.MaxUnfairStepsHitInUnfairTests + report.MaxFairStepsHitInFairTests);
        AppendSummary(outcome);
        return outcome;
    }

    private static readonly object SummaryGate = new();

    /// <summary>One line per exploration in Output/summary.tsv: the suite script prints it.</summary>
    private static void AppendSummary(CoyoteOutcome outcome)
    {
        lock (SummaryGate)
        {
            Directory.CreateDirectory(OutputRoot);
            File.AppendAllText(Path.Combine(OutputRoot, "summary.tsv"),
                $"{outcome.Name}\t{outcome.Iterations}\t{outcome.Bugs}\t{outcome.Elapsed.TotalSeconds:F2}\t{outcome.UncontrolledInvocations.Count}\t{outcome.MaxSteps}\t{outcome.StepBoundHits}\n");
        }
    }

    /// <summary>Un-rewritten code would run with most of its concurrency invisible to the engine: refuse it.</summary>
    private static void RequireRewritten(System.Reflection.Assembly assembly)
    {
        bool rewritten = assembly.GetCustomAttributesData()
            .Any(a => a.AttributeType.FullName == "Microsoft.Coyote.Rewriting.RewritingSignatureAttribute");
        if (!rewritten)
            throw new InvalidOperationException(
                $"{assembly.GetName().Name}.dll has not been rewritten by 'coyote rewrite'; run scripts/suites/30-coyote.sh (or ./test.sh).");
    }

    private static uint ReadUInt(string variable, uint fallback)
    {
        string? text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return uint.TryParse(text, out uint value) && value > 0
            ? value
            : throw new InvalidOperationException($"{variable}={text} is not a positive integer.");
    }
}
