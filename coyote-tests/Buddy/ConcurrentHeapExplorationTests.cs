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

    private static void AssertClean(CoyoteOutcome outcome)
    {
        Assert.True(outcome.UncontrolledInvocations.Count == 0, $"uncontrolled invocations weaken the exploration: {outcome}");
        Assert.True(outcome.Bugs == 0, $"Coyote found a bug in the real code: {outcome}");
        Assert.True(outcome.Iterations >= CoyoteRun.Iterations, $"explored fewer schedules than asked: {outcome}");
        Assert.True(outcome.StepBoundHits == 0, $"some schedules hit the step bound and were cut short: {outcome}");
    }
}
