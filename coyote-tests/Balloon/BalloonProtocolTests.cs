using Verified.Balloon;
using Verified.CoyoteTests.Infrastructure;
using Xunit;

namespace Verified.CoyoteTests.Balloon;

/// <summary>
/// Coyote explores the balloon protocol (<see cref="BalloonScenarios"/>): the real driver and device pass every
/// schedule explored, and each seeded protocol bug is found, with a trace that replays it.
/// </summary>
public sealed class BalloonProtocolTests
{
    public static TheoryData<string, bool> Correct() => new()
    {
        { nameof(BalloonSituation.ConfigChanges), true },
        { nameof(BalloonSituation.ConfigChanges), false },
        { nameof(BalloonSituation.OomRacesInflation), true },
        { nameof(BalloonSituation.UsedRingWrap), true },
        { nameof(BalloonSituation.DeflateRacesWorkload), true },
        { nameof(BalloonSituation.DeflateRacesWorkload), false },
    };

    [Theory]
    [MemberData(nameof(Correct))]
    public void TheProtocolHoldsInEveryScheduleExplored(string situation, bool mustTellHost)
    {
        var s = Enum.Parse<BalloonSituation>(situation);
        CoyoteOutcome outcome = CoyoteRun.Explore($"Balloon.{situation}.{(mustTellHost ? "MustTellHost" : "NoTell")}",
            () => BalloonScenarios.Run(s, mustTellHost, SeededBug.None), Budget);
        Assert.True(outcome.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {outcome}");
        Assert.True(outcome.Bugs == 0, outcome.ToString());
        Assert.True(outcome.Iterations >= 1, outcome.ToString());
    }

    public static TheoryData<string> Faults() =>
    [
        nameof(DeviceFault.IndexJump),
        nameof(DeviceFault.IdOutOfRange),
        nameof(DeviceFault.ImplausibleLength),
        nameof(DeviceFault.IndexBackwards),
        nameof(DeviceFault.NextRewritten),
    ];

    /// <summary>A faulty device races with inflation and deflation: the driver recovers by reset, every page is
    /// conserved, and the balloon still reaches the final target.</summary>
    [Theory]
    [MemberData(nameof(Faults))]
    public void TheDriverRecoversFromAFaultyDevice_InEveryScheduleExplored(string fault)
    {
        var f = Enum.Parse<DeviceFault>(fault);
        CoyoteOutcome outcome = CoyoteRun.Explore($"Balloon.FaultyDevice.{fault}",
            () => BalloonScenarios.Run(BalloonSituation.FaultyDevice, mustTellHost: true, SeededBug.None, f), FaultBudget);
        Assert.True(outcome.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {outcome}");
        Assert.True(outcome.Bugs == 0, outcome.ToString());
        Assert.True(outcome.Iterations >= 1, outcome.ToString());
    }

    /// <summary>The seeded driver bug that frees descriptors by following the shared next links, against a device that
    /// rewrites them: Coyote must find it within the budget, as the named queue invariant it breaks.</summary>
    [Fact]
    public void CoyoteFindsTheDriverThatFollowsSharedNextLinks()
    {
        Func<Task> scenario = () => BalloonScenarios.Run(BalloonSituation.FaultyDevice, mustTellHost: true, SeededBug.FreeBySharedNext, DeviceFault.NextRewritten);
        const string name = "Balloon.Seeded.FreeBySharedNext";
        CoyoteOutcome found = CoyoteRun.Explore(name, scenario);
        Assert.True(found.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {found}");
        Assert.True(found.Bugs >= 1, $"Coyote missed the seeded bug FreeBySharedNext: {found}");
        Assert.True(found.BugReports[0].Contains("FreeDescriptorsDistinct", StringComparison.Ordinal)
            || found.BugReports[0].Contains("FreeAndInFlightDisjoint", StringComparison.Ordinal), $"caught as something else: {found}");
        Console.WriteLine($"[balloon seeded] FreeBySharedNext: found at iteration {found.Iterations}: {found.BugReports[0]}");
        CoyoteOutcome replayed = CoyoteRun.Replay(name, scenario, found.ReproducibleTrace);
        Assert.True(replayed.Bugs == 1, $"the trace of FreeBySharedNext did not reproduce the bug: {replayed}");
    }

    /// <summary>Schedules per faulty-device exploration (five of them): capped lower than the correct protocol's.</summary>
    private static uint FaultBudget => Math.Min(CoyoteRun.Iterations, 100u);

    public static TheoryData<string> Seeded() =>
    [
        nameof(SeededBug.ReuseBeforeAck),
        nameof(SeededBug.ActualBeforeAck),
        nameof(SeededBug.DeflateUnacknowledged),
        nameof(SeededBug.AvailIndexBeforeEntry),
    ];

    [Theory]
    [MemberData(nameof(Seeded))]
    public void CoyoteFindsTheSeededProtocolBug(string bug)
    {
        var seeded = Enum.Parse<SeededBug>(bug);
        BalloonSituation situation = seeded switch
        {
            SeededBug.DeflateUnacknowledged => BalloonSituation.OomRacesInflation,
            SeededBug.ReuseBeforeAck => BalloonSituation.DeflateRacesWorkload,
            _ => BalloonSituation.ConfigChanges,
        };
        Func<Task> scenario = () => BalloonScenarios.Run(situation, mustTellHost: true, seeded);
        string name = $"Balloon.Seeded.{bug}";
        // Stops at the first bug; the full budget only if missed. Three times the usual budget: the deflate of an
        // unacknowledged page needs memory pressure to land while an inflate is in flight (found at 27-780 for seeds 1,
        // 7, 42, 123, 99999, 20261127). The reuse before the acknowledgement has its own situation, in which every
        // schedule deflates with a busy workload (found at the first schedule for those seeds); in ConfigChanges it
        // was found once in 500-2000 schedules and, after a change that removed scheduling points, not in 3000.
        CoyoteOutcome found = CoyoteRun.Explore(name, scenario, 3 * CoyoteRun.Iterations);
        Assert.True(found.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {found}");
        Assert.True(found.Bugs >= 1, $"Coyote missed the seeded protocol bug {bug}: {found}");
        // The bug must be caught by the rule it breaks, not by something else.
        ViolationKind expected = seeded switch
        {
            SeededBug.ReuseBeforeAck => ViolationKind.PageUsedWhileBallooned,
            SeededBug.ActualBeforeAck => ViolationKind.ActualNotAcknowledged,
            SeededBug.DeflateUnacknowledged => ViolationKind.DeflateOfUnacknowledged,
            _ => ViolationKind.MalformedQueue,
        };
        Assert.True(found.BugReports[0].Contains(expected.ToString(), StringComparison.Ordinal), $"{bug} was caught as something other than {expected}: {found}");
        Console.WriteLine($"[balloon seeded] {bug}: found at iteration {found.Iterations}: {found.BugReports[0]}");

        CoyoteOutcome replayed = CoyoteRun.Replay(name, scenario, found.ReproducibleTrace);
        Assert.True(replayed.Bugs == 1, $"the trace of {bug} did not reproduce the bug: {replayed}");
    }

    /// <summary>Schedules per exploration of the correct protocol: the suite's setting, capped to keep the balloon's
    /// share of CI modest (about 15 s each).</summary>
    private static uint Budget => Math.Min(CoyoteRun.Iterations, 300u);
}
