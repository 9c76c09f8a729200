using Verified.CoyoteTests.Infrastructure;
using Xunit;

namespace Verified.CoyoteTests.Buffers;

/// <summary>Rent and return (through the threads' block caches and the heap) racing with give-back: clean for the pool
/// as built; the seeded give-back that skips isolation and the seeded cache drain that reads and clears a slot in two
/// steps must each be found, with a trace that replays it.</summary>
public sealed class PoolExplorationTests
{
    [Fact]
    public void Pool_RentReturnRacingWithTrim()
    {
        CoyoteOutcome outcome = CoyoteRun.Explore("Pool.RentReturnRacingWithTrim", PoolScenarios.RentReturnRacingWithTrim);
        Assert.True(outcome.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {outcome}");
        Assert.True(outcome.Bugs == 0, $"Coyote found a bug in the real code: {outcome}");
        Assert.True(outcome.Iterations >= CoyoteRun.Iterations, $"explored fewer schedules than asked: {outcome}");
        Assert.True(outcome.StepBoundHits == 0, $"some schedules hit the step bound and were cut short: {outcome}");
    }

    [Fact]
    public void Seeded_GiveBackWithoutIsolation_IsFound()
    {
        const string name = "Seeded.PoolGiveBackWithoutIsolation";
        CoyoteOutcome found = CoyoteRun.Explore(name, PoolScenarios.RentReturnRacingWithUnisolatedTrim);
        Assert.True(found.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {found}");
        Assert.True(found.Bugs >= 1, $"Coyote missed the seeded give-back race: {found}");
        CoyoteOutcome replayed = CoyoteRun.Replay(name, PoolScenarios.RentReturnRacingWithUnisolatedTrim, found.ReproducibleTrace);
        Assert.True(replayed.Bugs == 1, $"the trace did not reproduce the bug: {replayed}");
    }

    [Fact]
    public void Pool_CacheRentRacingWithTrim()
    {
        CoyoteOutcome outcome = CoyoteRun.Explore("Pool.CacheRentRacingWithTrim", PoolScenarios.CacheRentRacingWithTrim);
        Assert.True(outcome.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {outcome}");
        Assert.True(outcome.Bugs == 0, $"Coyote found a bug in the real code: {outcome}");
        Assert.True(outcome.Iterations >= CoyoteRun.Iterations, $"explored fewer schedules than asked: {outcome}");
        Assert.True(outcome.StepBoundHits == 0, $"some schedules hit the step bound and were cut short: {outcome}");
    }

    [Fact]
    public void Seeded_SplitCacheDrain_IsFound()
    {
        const string name = "Seeded.PoolSplitCacheDrain";
        CoyoteOutcome found = CoyoteRun.Explore(name, PoolScenarios.CacheRentRacingWithSplitCacheDrain);
        Assert.True(found.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {found}");
        Assert.True(found.Bugs >= 1, $"Coyote missed the seeded cache-drain race: {found}");
        CoyoteOutcome replayed = CoyoteRun.Replay(name, PoolScenarios.CacheRentRacingWithSplitCacheDrain, found.ReproducibleTrace);
        Assert.True(replayed.Bugs == 1, $"the trace did not reproduce the bug: {replayed}");
    }
}
