using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Verified.Simulation;

/// <summary>The side-by-side table, and the same figures as JSON or CSV.</summary>
public static class Report
{
    /// <summary>Rows of the table: label, then one cell per policy (and the raw number for CSV).</summary>
    private static IEnumerable<(string Metric, string Unit, Func<PolicyResult, string> Cell, Func<PolicyResult, string> Raw)> Rows()
    {
        yield return ("guest free memory before inflating", "MiB", r => ByteSize.Mib(r.GuestFreeBeforeInflateBytes), r => Mib(r.GuestFreeBeforeInflateBytes));
        yield return ("host-populated before inflating", "MiB", r => ByteSize.Mib(r.HostPopulatedBeforeInflateBytes), r => Mib(r.HostPopulatedBeforeInflateBytes));
        yield return ("balloon target", "MiB", r => ByteSize.Mib(r.InflateTargetBytes), r => Mib(r.InflateTargetBytes));
        yield return ("balloon size after inflating", "MiB", r => ByteSize.Mib(r.BalloonAfterInflateBytes) + (r.InflateStoppedShort ? " (short)" : ""), r => Mib(r.BalloonAfterInflateBytes));
        yield return ("host-populated after inflating", "MiB", r => ByteSize.Mib(r.HostPopulatedAfterInflateBytes), r => Mib(r.HostPopulatedAfterInflateBytes));
        yield return ("host memory released", "MiB", r => ByteSize.Mib(r.HostReleasedBytes), r => Mib(r.HostReleasedBytes));
        yield return ("ideal: most any choice could release", "MiB", r => ByteSize.Mib(r.IdealReleasableBytes), r => Mib(r.IdealReleasableBytes));
        yield return ("released / ideal", "%", r => r.ShareOfIdeal is double share ? Percent(share) : "-", r => r.ShareOfIdeal is double share ? Number(100 * share) : "");
        yield return ("of it by free page reporting", "MiB", r => r.Reporting ? ByteSize.Mib(r.ReportedBytes) : "-", r => r.Reporting ? Mib(r.ReportedBytes) : "");
        yield return ("released / balloon size", "%", r => Percent(r.BalloonAfterInflateBytes == 0 ? 0 : r.HostReleasedBytes / (double)r.BalloonAfterInflateBytes), r => Number(100 * (r.BalloonAfterInflateBytes == 0 ? 0 : r.HostReleasedBytes / (double)r.BalloonAfterInflateBytes)));
        yield return ("balloon pages that were host-populated", "%", r => Percent(r.BalloonPagesHostPopulatedShare), r => Number(100 * r.BalloonPagesHostPopulatedShare));
        yield return ("guest free memory after inflating", "MiB", r => ByteSize.Mib(r.GuestFreeAfterInflateBytes), r => Mib(r.GuestFreeAfterInflateBytes));
        yield return ("balloon size after deflating", "MiB", r => ByteSize.Mib(r.BalloonAfterDeflateBytes), r => Mib(r.BalloonAfterDeflateBytes));
        yield return ("guest free memory after deflating", "MiB", r => ByteSize.Mib(r.GuestFreeAfterDeflateBytes), r => Mib(r.GuestFreeAfterDeflateBytes));
        yield return ("host-populated after deflating", "MiB", r => ByteSize.Mib(r.HostPopulatedAfterDeflateBytes), r => Mib(r.HostPopulatedAfterDeflateBytes));
        yield return ("time: workload", "s", r => Seconds(r.WorkloadSeconds), r => Number(r.WorkloadSeconds, "F3"));
        yield return ("time: inflate", "s", r => Seconds(r.InflateSeconds), r => Number(r.InflateSeconds, "F3"));
        yield return ("time: deflate", "s", r => Seconds(r.DeflateSeconds), r => Number(r.DeflateSeconds, "F3"));
        yield return ("time: total", "s", r => Seconds(r.TotalSeconds), r => Number(r.TotalSeconds, "F3"));
        yield return ("protocol violations", "", r => r.ProtocolViolations.Count.ToString(CultureInfo.InvariantCulture), r => r.ProtocolViolations.Count.ToString(CultureInfo.InvariantCulture));
    }

    public static string Table(IReadOnlyList<PolicyResult> results, SimulationSettings settings)
    {
        var rows = Rows().Select(r => (r.Metric, Cells: results.Select(r.Cell).ToArray())).ToList();
        string[] headers = ["", .. results.Select(r => r.Policy)];
        int[] widths = new int[headers.Length];
        widths[0] = rows.Max(r => r.Metric.Length);
        for (int i = 1; i < headers.Length; i++)
            widths[i] = Math.Max(headers[i].Length, rows.Max(r => r.Cells[i - 1].Length));

        var text = new StringBuilder();
        string host = settings.HostPageBytes == 4096 ? "" : settings.HostModel == Verified.Balloon.HostModel.Qemu ? ", QEMU's partial-page rule" : ", ideal host";
        text.AppendLine($"Balloon on a {ByteSize.Format(settings.GuestBytes)} guest ({results[0].Backing} memory, host pages of {ByteSize.Format(settings.HostPageBytes)}{host}, " +
                        $"workload {Workloads.Name(settings.Workload)}, seed {settings.Seed})");
        text.AppendLine("| " + string.Join(" | ", headers.Select((h, i) => h.PadRight(widths[i]))) + " |");
        text.AppendLine("|" + string.Join("|", widths.Select((w, i) => i == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach ((string metric, string[] cells) in rows)
            text.AppendLine("| " + metric.PadRight(widths[0]) + " | " + string.Join(" | ", cells.Select((c, i) => c.PadLeft(widths[i + 1]))) + " |");
        text.AppendLine("ideal: the most host-populated memory that any choice of the balloon's pages (at most its target, " +
                        "within the free floor) could release on this host page size; see docs/simulation.md.");
        if (results.Any(r => r.Reporting))
            text.AppendLine("Free page reporting is not bounded by the balloon size, so with it a policy can exceed the ideal.");
        if (settings.Reporting && results.Any(r => !r.Reporting))
            text.AppendLine("Free page reporting applies to the buddy-heap policies only: the pre-PR bitmap first-fit allocator has none (docs/simulation.md).");
        if (results.Any(r => r.InflateStoppedShort))
            text.AppendLine($"(short): the balloon stopped below its target: the driver never inflates into the last " +
                            $"{ByteSize.Format(settings.FreeFloorBytes)} of guest free memory (--free-floor), and an allocator may have " +
                            "had no free block of the batch's size left.");
        return text.ToString();
    }

    public static string Csv(IReadOnlyList<PolicyResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("metric,unit," + string.Join(",", results.Select(r => Quote(r.Policy))));
        foreach (var row in Rows())
            text.AppendLine($"{Quote(row.Metric)},{row.Unit}," + string.Join(",", results.Select(row.Raw)));
        return text.ToString();
    }

    public static string Json(IReadOnlyList<PolicyResult> results, SimulationSettings settings)
    {
        var document = new
        {
            guestBytes = settings.GuestBytes,
            workload = settings.Workload.ToString(),
            seed = settings.Seed,
            hostPageBytes = settings.HostPageBytes,
            hostModel = settings.HostModel.ToString(),
            reporting = settings.Reporting,
            freeFloorBytes = settings.FreeFloorBytes,
            inflateBytes = settings.InflateBytes,
            deflateToBytes = settings.DeflateToBytes,
            policies = results,
        };
        return JsonSerializer.Serialize(document, Options);
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static string Mib(ulong bytes) => Number(bytes / (double)(1UL << 20), "F1");
    private static string Number(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);
    private static string Percent(double share) => (100 * share).ToString("F1", CultureInfo.InvariantCulture) + " %";
    private static string Seconds(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
    private static string Quote(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
}
