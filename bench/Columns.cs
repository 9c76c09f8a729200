using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Verified.Benchmarks;

/// <summary>A column whose cell is computed from the benchmark case (and the summary) in the host process.</summary>
public sealed class FuncColumn(string name, string legend, Func<Summary, BenchmarkCase, string> value, int priority = 0) : IColumn
{
    public string Id => nameof(FuncColumn) + "." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => priority;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(summary, benchmarkCase);
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => value(summary, benchmarkCase);
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;
    public override string ToString() => ColumnName;
}

/// <summary>Helpers for the custom columns.</summary>
public static class ColumnValues
{
    public static string Parameter(BenchmarkCase benchmarkCase, string name) =>
        benchmarkCase.Parameters[name]?.ToString() ?? "";

    public static string Method(BenchmarkCase benchmarkCase) => benchmarkCase.Descriptor.WorkloadMethod.Name;

    /// <summary>A statistic of the case's measurements in nanoseconds per operation, or "-" when it did not run.</summary>
    public static string NanosecondsPerOperation(Summary summary, BenchmarkCase benchmarkCase, long operations, bool minimum = false)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } stats || operations <= 0) return "-";
        double ns = minimum ? stats.Min : stats.Median;
        return (ns / operations).ToString("F1", CultureInfo.InvariantCulture);
    }
}
