using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.CsProj;

namespace Verified.Benchmarks;

/// <summary>
/// BenchmarkDotNet's usual toolchain, told where this project file is: it otherwise looks for a project file named
/// after the assembly (Verified.Benchmarks.csproj), and this one is bench/Benchmarks.csproj.
/// </summary>
public static class ProjectToolchain
{
    private static readonly IToolchain Standard = CsProjCoreToolchain.NetCoreApp10_0;

    public static readonly IToolchain Instance =
        new Toolchain("net10.0 (bench/Benchmarks.csproj)", new Generator(), Standard.Builder, Standard.Executor);

    private sealed class Generator() : CsProjGenerator("net10.0", cliPath: null!, packagesPath: null!, runtimeFrameworkVersion: null!)
    {
        protected override FileInfo GetProjectFilePath(Type benchmarkTarget, ILogger logger)
        {
            for (DirectoryInfo? dir = new FileInfo(benchmarkTarget.Assembly.Location).Directory; dir is not null; dir = dir.Parent)
            {
                var project = new FileInfo(Path.Combine(dir.FullName, "Benchmarks.csproj"));
                if (project.Exists) return project;
                var nested = new FileInfo(Path.Combine(dir.FullName, "bench", "Benchmarks.csproj"));
                if (nested.Exists) return nested;
            }
            return base.GetProjectFilePath(benchmarkTarget, logger);
        }
    }
}
