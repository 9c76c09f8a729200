using FsCheck;
using FsCheck.Experimental;
using Xunit;
using Xunit.Abstractions;

namespace Verified.PropertyTests.Heap;

/// <summary>The heap against the reference model, operation by operation (docs/contract.md).</summary>
public sealed class HeapModelTests(ITestOutputHelper output)
{
    /// <summary>
    /// Runs of up to 60 operations on random configurations. VERIFIED_PROPERTY_SCALE multiplies the number of runs:
    /// the default (1) is about 2·10^4 operations; 100 runs a long campaign of about 10^6.
    /// </summary>
    [Fact]
    public void HeapAgreesWithReferenceModelOnEveryOperation()
    {
        int runs = 400 * TestScale.Factor;
        long before = HeapOperation.Checked;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(runs).WithQuietOnSuccess(true), StateMachine.ToProperty(new HeapMachine(60)));
        long operations = HeapOperation.Checked - before;
        output.WriteLine($"{runs} runs, {operations} operations compared with the reference model");
        Assert.True(operations >= 10L * runs, $"only {operations} operations ran in {runs} runs");
    }
}

/// <summary>The campaign size knob shared by the property tests.</summary>
internal static class TestScale
{
    public static int Factor { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("VERIFIED_PROPERTY_SCALE"), out int f) && f > 0 ? f : 1;
}
