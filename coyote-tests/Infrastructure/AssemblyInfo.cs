// Coyote's testing engine runs one exploration at a time per process, and the stress tests want both cores to
// themselves: run the tests of this assembly one after another.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
