using System.CommandLine;
using System.CommandLine.Parsing;
using Verified.Balloon;
using Verified.Buddy;
using Verified.Simulation;

// The main job: a guest's memory, a workload, and a balloon inflated with each policy, side by side.
// Exit codes: 0 success; 1 the device reported a protocol violation; 2 bad options; 3 the simulation failed or an
// output (table, JSON, CSV, chart) could not be written.

var guestSize = new Option<string>("--guest-size", "-g") { Description = "Guest memory (e.g. 1G, 256M); a multiple of the host page size, at least 64M.", DefaultValueFactory = _ => "1G" };
var workload = new Option<string>("--workload", "-w")
{
    Description = "Workload: mixed (program + page cache), program, page-cache, cycles (inflate, deflate, the workload again, " +
                  "inflate again), odd-sizes (contiguous mappings of non-power-of-two page counts), churn (page-cache churn, " +
                  "half of it dropped at random), small-balloon (mixed, balloon target an eighth of the guest).",
    DefaultValueFactory = _ => "mixed",
};
workload.AcceptOnlyFromAmong("mixed", "program", "page-cache", "cycles", "odd-sizes", "churn", "small-balloon");
var seed = new Option<string>("--seed", "-s") { Description = "Seed of the workload's random choices (a whole number).", DefaultValueFactory = _ => "42" };
var inflate = new Option<string>("--inflate-to", "-i") { Description = "Balloon target to inflate to (default: half the guest).", };
var deflate = new Option<string>("--deflate-to", "-d") { Description = "Balloon target to deflate to afterwards (default: half the inflate target).", };
var policy = new Option<string>("--policy", "-p")
{
    Description = "Policy: all (default: the five below), both (mru and pre-pr), mru (MRU buddy heap, 4 KiB pages), pre-pr " +
                  "(bitmap first fit, 1 MiB batches), first-fit-4k (bitmap first fit, 4 KiB pages: granularity alone), " +
                  "mru-1m (MRU buddy heap, 1 MiB batches: ordering alone) or clean-mru (host-clean-aware MRU: dirty pages " +
                  "first, whole host pages first when host pages are larger than 4 KiB; when a host page is larger than one " +
                  "256-page request, clean memory first, and with --reporting the free host pages are reported before inflating).",
    DefaultValueFactory = _ => "all",
};
policy.AcceptOnlyFromAmong("all", "both", "mru", "pre-pr", "first-fit-4k", "mru-1m", "clean-mru");
var hostModel = new Option<string>("--host-model")
{
    Description = "How the host treats sub-pages of larger host pages: qemu (default: one partially ballooned host page per " +
                  "request, forgotten when another host page's PFN arrives) or ideal (a count per host page across requests).",
    DefaultValueFactory = _ => "qemu",
};
hostModel.AcceptOnlyFromAmong("qemu", "ideal");
var reporting = new Option<bool>("--reporting") { Description = "Free page reporting on, for the policies on the buddy heap (mru, mru-1m, clean-mru); refused with pre-pr and first-fit-4k alone: the pre-PR bitmap allocator has none." };
var reportingOrder = new Option<string>("--reporting-order") { Description = "Reporting block order, 0-9 (default: the host page's order)." };
var reportingDelay = new Option<string>("--reporting-delay") { Description = "Idle driver steps before each reporting pass (default 0).", DefaultValueFactory = _ => "0" };
var reportingBudget = new Option<string>("--reporting-budget") { Description = "Blocks per reporting pass (default: unlimited)." };
var reportingWatermark = new Option<string>("--reporting-watermark") { Description = "Free memory reporting never isolates into (default: the free floor)." };
var backing = new Option<string>("--backing", "-b") { Description = "Guest memory: real (mmap, mincore, madvise) or simulated.", DefaultValueFactory = _ => "real" };
backing.AcceptOnlyFromAmong("real", "simulated");
var hostPage = new Option<string>("--host-page-size") { Description = "Host page size: a power of two ≥ 4K (e.g. 4K, 2M); the host frees a page only when all of it is ballooned.", DefaultValueFactory = _ => "4K" };
var chart = new Option<string>("--chart", "-c") { Description = "Where to write the PNG chart (artifacts/ is git-ignored).", DefaultValueFactory = _ => "artifacts/balloon-chart.png" };
var noChart = new Option<bool>("--no-chart") { Description = "Do not write the chart." };
var json = new Option<string>("--json") { Description = "Also write the results as JSON to this file ('-' for standard output instead of the table)." };
var csv = new Option<string>("--csv") { Description = "Also write the table as CSV to this file ('-' for standard output instead of the table)." };
var freeFloor = new Option<string>("--free-floor") { Description = "Guest free memory the driver never inflates into (e.g. 17M, 0).", DefaultValueFactory = _ => "17M" };
var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress lines (they go to standard error)." };
var idealChartFrom = new Option<string>("--ideal-chart-from")
{
    Description = "Run no simulation: read the % of ideal table that scripts/ideal-table.sh printed (markdown) and draw it " +
                  "as a chart (workload × policy × host page size) to --chart.",
};

var root = new RootCommand(
    "Boots a simulated guest on real process memory, runs a workload, inflates a virtio balloon and deflates part of it, " +
    "once per policy (the MRU buddy heap and the pre-PR bitmap first-fit allocator, each with 4 KiB pages and with 1 MiB " +
    "batches), and prints how much host memory each gave back.")
{
    guestSize, workload, seed, inflate, deflate, policy, backing, hostPage, hostModel, reporting, reportingOrder, reportingDelay,
    reportingBudget, reportingWatermark, freeFloor, chart, noChart, json, csv, quiet, idealChartFrom,
};

ParseResult parsed = root.Parse(args);
if (parsed.Action is not null && parsed.Errors.Count == 0 && parsed.Tokens.Any(t => t.Value is "--help" or "-h" or "-?" or "--version"))
    return parsed.Invoke();
if (parsed.Errors.Count > 0)
    return Usage(parsed.Errors.Select(e => e.Message));

if (parsed.GetValue(idealChartFrom) is string tablePath)
{
    if (parsed.GetValue(noChart)) return Usage(["--ideal-chart-from draws a chart; --no-chart leaves nothing to do"]);
    string chartOut = parsed.GetValue(chart) ?? "artifacts/ideal-chart.png";
    IdealTable table;
    try { table = IdealTable.Parse(File.ReadAllText(tablePath)); }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"Could not read {tablePath}: {e.Message}");
        return 3;
    }
    catch (FormatException e)
    {
        Console.Error.WriteLine($"{tablePath} is not the table of scripts/ideal-table.sh: {e.Message}");
        return 2;
    }
    try
    {
        IdealChart.Write(chartOut, table, "Host memory released as % of the ideal, per workload, policy and host page size (QEMU's rule above 4 KiB)");
        if (!parsed.GetValue(quiet)) Console.Error.WriteLine($"chart written to {Path.GetFullPath(chartOut)}");
        return 0;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"The chart could not be written to {chartOut}: {e.Message}");
        return 3;
    }
}

var problems = new List<string>();
ulong Size(Option<string> option, string? fallback)
{
    string? text = parsed.GetValue(option) ?? fallback;
    if (text is null) return 0;
    if (!ByteSize.TryParse(text, out ulong bytes, out string error)) { problems.Add($"{option.Name}: {error}"); return 0; }
    return bytes;
}

// Each option's own checks first; a check that relates two options runs only when both are valid, so an error never
// names an option the user did not give because of a default derived from one that was wrong.
ulong guestBytes = Size(guestSize, null);
bool guestValid = problems.Count == 0;
if (guestValid && guestBytes < 64UL << 20) { problems.Add($"--guest-size: {ByteSize.Format(guestBytes)} is too small; the smallest guest is 64M"); guestValid = false; }
if (guestValid && guestBytes > 64UL << 30) { problems.Add($"--guest-size: {ByteSize.Format(guestBytes)} is too large for this simulation; the largest guest is 64G"); guestValid = false; }

int problemsBefore = problems.Count;
ulong hostPageBytes = Size(hostPage, null);
bool hostPageValid = problems.Count == problemsBefore;
if (hostPageValid && (hostPageBytes < 4096 || (hostPageBytes & (hostPageBytes - 1)) != 0))
{
    problems.Add($"--host-page-size: {ByteSize.Format(hostPageBytes)} must be a power of two of at least 4K");
    hostPageValid = false;
}
if (guestValid && hostPageValid && guestBytes % hostPageBytes != 0)
{
    problems.Add($"--guest-size: {ByteSize.Format(guestBytes)} is not a multiple of the host page size {ByteSize.Format(hostPageBytes)}");
    guestValid = false;
}

string seedText = parsed.GetValue(seed) ?? "42";
if (!int.TryParse(seedText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int seedValue))
    problems.Add($"--seed: '{seedText}' is not a whole number between {int.MinValue} and {int.MaxValue} (example: --seed 7)");

bool inflateGiven = parsed.GetValue(inflate) is not null, deflateGiven = parsed.GetValue(deflate) is not null;
problemsBefore = problems.Count;
ulong inflateBytes = Size(inflate, null);
bool inflateValid = problems.Count == problemsBefore;
problemsBefore = problems.Count;
ulong deflateBytes = Size(deflate, null);
bool deflateValid = problems.Count == problemsBefore;
problemsBefore = problems.Count;
ulong freeFloorBytes = Size(freeFloor, null);
bool freeFloorValid = problems.Count == problemsBefore;
if (freeFloorValid && freeFloorBytes % 4096 != 0) { problems.Add("--free-floor: must be a multiple of 4K"); freeFloorValid = false; }
if (freeFloorValid && guestValid && freeFloorBytes >= guestBytes)
    problems.Add($"--free-floor: {ByteSize.Format(freeFloorBytes)} must be less than the guest memory {ByteSize.Format(guestBytes)}");

int? reportingOrderValue = null;
if (parsed.GetValue(reportingOrder) is string orderText)
{
    if (int.TryParse(orderText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int o) && o <= 9) reportingOrderValue = o;
    else problems.Add($"--reporting-order: '{orderText}' is not an order from 0 to 9 (4 KiB to 2 MiB blocks)");
}
int reportingDelayValue = 0, reportingBudgetValue = int.MaxValue;
string delayText = parsed.GetValue(reportingDelay) ?? "0";
if (!int.TryParse(delayText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out reportingDelayValue))
    problems.Add($"--reporting-delay: '{delayText}' is not a whole number of steps ≥ 0");
if (parsed.GetValue(reportingBudget) is string budgetText
    && (!int.TryParse(budgetText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out reportingBudgetValue) || reportingBudgetValue < 1))
    problems.Add($"--reporting-budget: '{budgetText}' is not a whole number of blocks ≥ 1");
ulong? reportingWatermarkValue = null;
if (parsed.GetValue(reportingWatermark) is not null)
{
    problemsBefore = problems.Count;
    ulong w = Size(reportingWatermark, null);
    if (problems.Count == problemsBefore) reportingWatermarkValue = w;
}

// Defaults derived from the guest size, rounded down to whole 4 KiB balloon pages: half the guest for the workloads of
// the first measurements (mixed, program, page-cache), an eighth for the others, whose balloon is smaller than the
// populated free memory so that which free pages a policy takes decides what it releases.
bool smallBalloon = parsed.GetValue(workload) is "small-balloon" or "cycles" or "odd-sizes" or "churn";
if (!inflateGiven && guestValid) inflateBytes = guestBytes / (smallBalloon ? 8UL : 2UL) / 4096 * 4096;
if (inflateGiven && inflateValid)
{
    if (inflateBytes % 4096 != 0) { problems.Add("--inflate-to: must be a multiple of 4K (the balloon counts 4 KiB pages)"); inflateValid = false; }
    else if (inflateBytes == 0) { problems.Add("--inflate-to: the balloon target must be more than 0"); inflateValid = false; }
    else if (guestValid && inflateBytes >= guestBytes)
    {
        problems.Add($"--inflate-to: {ByteSize.Format(inflateBytes)} must be less than the guest memory {ByteSize.Format(guestBytes)}");
        inflateValid = false;
    }
}
bool inflateKnown = inflateGiven ? inflateValid : guestValid;
if (!deflateGiven && inflateKnown) deflateBytes = inflateBytes / 2 / 4096 * 4096;
if (deflateGiven && deflateValid)
{
    if (deflateBytes % 4096 != 0) problems.Add("--deflate-to: must be a multiple of 4K (the balloon counts 4 KiB pages)");
    else if (inflateKnown && deflateBytes > inflateBytes)
        problems.Add($"--deflate-to: {ByteSize.Format(deflateBytes)} must not exceed the inflate target {ByteSize.Format(inflateBytes)}");
}
if (parsed.GetValue(reporting) && parsed.GetValue(policy) is "pre-pr" or "first-fit-4k")
    problems.Add($"--reporting: the {parsed.GetValue(policy)} policy runs on the pre-PR bitmap first-fit allocator, which has no free page " +
        "reporting (Nanos had none before PR #2085, and this project keeps the knowledge of which free memory the host still backs in " +
        "one place, the buddy heap's BackedBuddyHeap; see docs/simulation.md); use it with mru, mru-1m or clean-mru, or with all, " +
        "where it applies to those three");
if (parsed.GetValue(json) == "-" && parsed.GetValue(csv) == "-")
    problems.Add("--json - and --csv - both ask for standard output; give one of them a file name");
if (problems.Count > 0) return Usage(problems);

var settings = new SimulationSettings
{
    GuestBytes = guestBytes,
    Workload = parsed.GetValue(workload) switch
    {
        "program" => WorkloadShape.Program,
        "page-cache" => WorkloadShape.PageCache,
        "cycles" => WorkloadShape.Cycles,
        "odd-sizes" => WorkloadShape.OddSizes,
        "churn" => WorkloadShape.Churn,
        "small-balloon" => WorkloadShape.SmallBalloon,
        _ => WorkloadShape.Mixed,
    },
    Seed = seedValue,
    InflateBytes = inflateBytes,
    DeflateToBytes = deflateBytes,
    Policies = parsed.GetValue(policy) switch
    {
        "mru" => [InflatePolicy.MruSinglePages],
        "pre-pr" => [InflatePolicy.PrePrFirstFit1MiB],
        "first-fit-4k" => [InflatePolicy.FirstFitSinglePages],
        "mru-1m" => [InflatePolicy.MruBatch1MiB],
        "clean-mru" => [InflatePolicy.HostCleanAwareMru],
        "both" => [InflatePolicy.MruSinglePages, InflatePolicy.PrePrFirstFit1MiB],
        _ => [InflatePolicy.PrePrFirstFit1MiB, InflatePolicy.FirstFitSinglePages, InflatePolicy.MruSinglePages, InflatePolicy.MruBatch1MiB, InflatePolicy.HostCleanAwareMru],
    },
    HostModel = parsed.GetValue(hostModel) == "ideal" ? HostModel.IdealHost : HostModel.Qemu,
    Reporting = parsed.GetValue(reporting),
    ReportingParameters = (reportingOrderValue, reportingDelayValue, reportingBudgetValue, reportingWatermarkValue),
    Backing = parsed.GetValue(backing) == "simulated" ? BackingKind.Simulated : BackingKind.Real,
    HostPageBytes = hostPageBytes,
    FreeFloorBytes = freeFloorBytes,
    ChartPath = parsed.GetValue(noChart) ? null : parsed.GetValue(chart),
    JsonPath = parsed.GetValue(json),
    CsvPath = parsed.GetValue(csv),
    Quiet = parsed.GetValue(quiet),
};

// A bar when standard error is a terminal, plain lines when it goes to a file or a pipe.
using var progress = ProgressDisplay.Create(Console.Error, settings.Quiet, terminal: !Console.IsErrorRedirected);
void Progress(string line) => progress.Line(line);

var results = new List<PolicyResult>();
try
{
    foreach (InflatePolicy each in settings.Policies) results.Add(PolicyRun.Run(settings, each, progress));
}
catch (Exception e) when (e is IHeapError or GuestMemoryAccessException or InvalidOperationException or ArgumentException or OutOfMemoryException)
{
    progress.Done();
    Console.Error.WriteLine($"The simulation failed: {e.Message}");
    return 3;
}

bool tableToStdout = settings.JsonPath != "-" && settings.CsvPath != "-";
if (tableToStdout) Console.Write(Report.Table(results, settings));
bool written = true;
if (settings.JsonPath is { } jsonPath) written &= WriteOutput(jsonPath, Report.Json(results, settings));
if (settings.CsvPath is { } csvPath) written &= WriteOutput(csvPath, Report.Csv(results));
if (settings.ChartPath is { } chartPath)
{
    try
    {
        progress.Phase("drawing the chart", 0);
        Chart.Write(chartPath, results, settings);
        progress.Done();
        Progress($"chart written to {Path.GetFullPath(chartPath)}");
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or TypeInitializationException or DllNotFoundException)
    {
        progress.Done();
        Console.Error.WriteLine($"The chart could not be written to {chartPath}: {e.Message}");
        written = false;
    }
}
if (!written) return 3;

int violations = results.Sum(r => r.ProtocolViolations.Count);
if (violations > 0)
{
    Console.Error.WriteLine($"The balloon device reported {violations} protocol violation(s):");
    foreach (PolicyResult r in results)
        foreach (string v in r.ProtocolViolations) Console.Error.WriteLine($"  {r.Policy}: {v}");
    return 1;
}
return 0;

int Usage(IEnumerable<string> messages)
{
    foreach (string message in messages) Console.Error.WriteLine($"error: {message}");
    Console.Error.WriteLine();
    root.Parse("--help").Invoke(new InvocationConfiguration { Output = Console.Error });
    return 2;
}

bool WriteOutput(string path, string text)
{
    if (path == "-") { Console.Write(text); return true; }
    try
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, text);
        Progress($"wrote {Path.GetFullPath(path)}");
        return true;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
    {
        Console.Error.WriteLine($"Could not write {path}: {e.Message}");
        return false;
    }
}
