using Verified.CoyoteTests.Infrastructure;
using Xunit;

namespace Verified.CoyoteTests.Buffers;

/// <summary>Rent and return (through the threads' block caches and the heap) racing with give-back: clean for the pool
/// as built; the seeded give-back that skips isolation and the two seeded cache drains that break the drain protocol (no
/// wait for the cache's thread to leave; no request that it stay out) must each be found, with a trace that replays it.</summary>
public sealed class PoolExplorationTests
{
    [Fact]
    public void Pool_RentReturnRacingWithTrim() =>
        AssertClean(CoyoteRun.Explore("Pool.RentReturnRacingWithTrim", PoolScenarios.RentReturnRacingWithTrim));

    [Fact]
    public void Pool_CacheRentRacingWithTrim() =>
        AssertClean(CoyoteRun.Explore("Pool.CacheRentRacingWithTrim", PoolScenarios.CacheRentRacingWithTrim));

    [Fact]
    public void Seeded_GiveBackWithoutIsolation_IsFound() =>
        AssertFoundAndReplayed("Seeded.PoolGiveBackWithoutIsolation", PoolScenarios.RentReturnRacingWithUnisolatedTrim);

    [Fact]
    public void Seeded_DrainWithoutWaiting_IsFound() =>
        AssertFoundAndReplayed("Seeded.PoolDrainWithoutWaiting", PoolScenarios.CacheRentRacingWithDrainWithoutWaiting);

    [Fact]
    public void Seeded_DrainWithoutRequest_IsFound() =>
        AssertFoundAndReplayed("Seeded.PoolDrainWithoutRequest", PoolScenarios.CacheRentRacingWithDrainWithoutRequest);

    private static void AssertClean(CoyoteOutcome outcome)
    {
        Assert.True(outcome.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {outcome}");
        Assert.True(outcome.Bugs == 0, $"Coyote found a bug in the real code: {outcome}");
        Assert.True(outcome.Iterations >= CoyoteRun.Iterations, $"explored fewer schedules than asked: {outcome}");
        Assert.True(outcome.StepBoundHits == 0, $"some schedules hit the step bound and were cut short: {outcome}");
    }

    private static void AssertFoundAndReplayed(string name, Func<Task> scenario)
    {
        CoyoteOutcome found = CoyoteRun.Explore(name, scenario);
        Assert.True(found.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {found}");
        Assert.True(found.Bugs >= 1, $"Coyote missed the seeded race: {found}");
        CoyoteOutcome replayed = CoyoteRun.Replay(name, scenario, found.ReproducibleTrace);
        Assert.True(replayed.Bugs == 1, $"the trace did not reproduce the bug: {replayed}");
    }
}
