using Verified.Buddy;
using Verified.CoyoteTests.Infrastructure;
using Xunit;

namespace Verified.CoyoteTests.Buddy;

/// <summary>The real lock and heap under Coyote: no bug in any explored schedule, and nothing left uncontrolled.</summary>
public sealed class ConcurrentHeapExplorationTests
{
    [Theory]
    [InlineData(SpinLockWaitMode.SpinThenYield)]
    [InlineData(SpinLockWaitMode.SpinOnly)]
    public void SpinLock_ExcludesMutually(SpinLockWaitMode waitMode) =>
        AssertClean(CoyoteRun.Explore($"SpinLock.{waitMode}", () => SpinLockScenarios.MutualExclusion<NoFaults>(waitMode)));

    [Fact]
    public void BiasedSpinLock_ExcludesMutually() =>
        AssertClean(CoyoteRun.Explore("SpinLock.Biased", SpinLockScenarios.BiasedMutualExclusion<NoFaults>));

    [Fact]
    public void Heap_OwnerMeetsLateComers() =>
        AssertClean(CoyoteRun.Explore("Heap.OwnerMeetsLateComers", HeapScenarios.OwnerMeetsLateComers<NoFaults>));

    [Fact]
    public void Heap_AllocateAndFree() =>
        AssertClean(CoyoteRun.Explore("Heap.AllocateAndFree", HeapScenarios.AllocateAndFree<NoFaults>));

    [Fact]
    public void Heap_PartialFrees() =>
        AssertClean(CoyoteRun.Explore("Heap.PartialFrees", HeapScenarios.PartialFrees<NoFaults>));

    [Fact]
    public void Heap_ReserveWrapper() =>
        AssertClean(CoyoteRun.Explore("Heap.ReserveWrapper", HeapScenarios.ReserveWrapper<NoFaults>));

    [Fact]
    public void Heap_AddRangeWhileAllocating() =>
        AssertClean(CoyoteRun.Explore("Heap.AddRangeWhileAllocating", HeapScenarios.AddRangeWhileAllocating<NoFaults>));

    [Fact]
    public void BackedHeap_UsersAndRelease() =>
        AssertClean(CoyoteRun.Explore("BackedHeap.UsersAndRelease", BackedHeapScenarios.UsersAndRelease));

    [Fact]
    public void BackedHeap_ReturnRacingWithCleanUsers() =>
        AssertClean(CoyoteRun.Explore("BackedHeap.ReturnRacingWithCleanUsers", () => BackedHeapScenarios.ReturnRacingWithCleanUsers(SeededBackingRace.None)));

    /// <summary>The same scenario with the return's free moved outside the lock must be found, and its trace replay it.</summary>
    [Fact]
    public void Seeded_BackedHeapReturnOutsideLock_IsFound()
    {
        const string name = "Seeded.BackedReturnOutsideLock";
        Func<Task> scenario = () => BackedHeapScenarios.ReturnRacingWithCleanUsers(SeededBackingRace.ReturnOutsideLock);
        CoyoteOutcome found = CoyoteRun.Explore(name, scenario);
        Assert.True(found.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {found}");
        Assert.True(found.Bugs >= 1, $"Coyote missed the seeded return outside the lock: {found}");
        CoyoteOutcome replayed = CoyoteRun.Replay(name, scenario, found.ReproducibleTrace);
        Assert.True(replayed.Bugs == 1, $"the trace did not reproduce the bug: {replayed}");
    }

    private static void AssertClean(CoyoteOutcome outcome)
    {
        Assert.True(outcome.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {outcome}");
        Assert.True(outcome.Bugs == 0, $"Coyote found a bug in the real code: {outcome}");
        Assert.True(outcome.Iterations >= CoyoteRun.Iterations, $"explored fewer schedules than asked: {outcome}");
        Assert.True(outcome.StepBoundHits == 0, $"some schedules hit the step bound and were cut short: {outcome}");
    }
}
