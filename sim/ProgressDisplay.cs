using System.Diagnostics;
using System.Globalization;

namespace Verified.Simulation;

/// <summary>
/// Progress of the run on standard error, phase by phase: a bar redrawn in place when standard error is a terminal,
/// plain lines otherwise (a log, a pipe, a test's <see cref="TextWriter"/>). Every phase of every policy goes through
/// <see cref="Phase"/>; work inside a phase is reported with <see cref="Advance"/>.
/// </summary>
public abstract class ProgressDisplay : IDisposable
{
    /// <summary>A display on <paramref name="writer"/>: nothing when <paramref name="quiet"/>, a redrawn bar when
    /// <paramref name="terminal"/>, else plain lines.</summary>
    public static ProgressDisplay Create(TextWriter writer, bool quiet, bool terminal) =>
        quiet ? new Silent() : terminal ? new Bar(writer) : new Plain(writer);

    /// <summary>Starts a phase of <paramref name="total"/> units of work (0 when it has no measure of its own); the
    /// previous phase, if any, ends.</summary>
    public abstract void Phase(string label, long total);

    /// <summary>Work done so far in the current phase (0 to its total).</summary>
    public abstract void Advance(long done);

    /// <summary>A message of its own line (a result, a warning).</summary>
    public abstract void Line(string text);

    /// <summary>Ends the current phase.</summary>
    public abstract void Done();

    /// <summary>Ends the current phase and leaves the display clean.</summary>
    public void Dispose()
    {
        Done();
        GC.SuppressFinalize(this);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    private sealed class Silent : ProgressDisplay
    {
        public override void Phase(string label, long total) { }
        public override void Advance(long done) { }
        public override void Line(string text) { }
        public override void Done() { }
    }

    /// <summary>One line when a phase starts, one at each quarter of it, one when it ends with its time.</summary>
    private sealed class Plain(TextWriter writer) : ProgressDisplay
    {
        private string? _label;
        private long _total;
        private int _quarter;
        private readonly Stopwatch _clock = new();

        public override void Phase(string label, long total)
        {
            Done();
            _label = label; _total = total; _quarter = 0;
            _clock.Restart();
            writer.WriteLine(label);
        }

        public override void Advance(long done)
        {
            if (_label is null || _total <= 0) return;
            int quarter = (int)Math.Min(3, 4 * Math.Min(done, _total) / _total);
            if (quarter <= _quarter) return;
            _quarter = quarter;
            writer.WriteLine($"{_label}: {25 * quarter}%");
        }

        public override void Line(string text) => writer.WriteLine(text);

        public override void Done()
        {
            if (_label is null) return;
            writer.WriteLine($"{_label}: done in {Seconds(_clock.Elapsed)}");
            _label = null;
        }
    }

    /// <summary>A bar on one line, redrawn at most ten times a second with a carriage return.</summary>
    private sealed class Bar(TextWriter writer) : ProgressDisplay
    {
        private string? _label;
        private long _total, _done;
        private long _lastDraw;
        private int _drawnWidth;
        private readonly Stopwatch _clock = new();

        public override void Phase(string label, long total)
        {
            Done();
            _label = label; _total = total; _done = 0;
            _clock.Restart();
            Draw(force: true);
        }

        public override void Advance(long done)
        {
            _done = done;
            Draw(force: false);
        }

        public override void Line(string text)
        {
            Erase();
            writer.WriteLine(text);
            Draw(force: true);
        }

        public override void Done()
        {
            if (_label is null) return;
            Erase();
            writer.WriteLine($"{_label}: done in {Seconds(_clock.Elapsed)}");
            writer.Flush();
            _label = null;
        }

        private void Draw(bool force)
        {
            if (_label is null) return;
            long now = Stopwatch.GetTimestamp();
            if (!force && now - _lastDraw < Stopwatch.Frequency / 10) return;
            _lastDraw = now;
            const int Cells = 30;
            double share = _total > 0 ? Math.Clamp(_done / (double)_total, 0, 1) : 0;
            int filled = (int)(share * Cells);
            string bar = _total > 0 ? $"[{new string('#', filled)}{new string('.', Cells - filled)}] {100 * share,3:F0}% " : "";
            string text = $"{bar}{_label} ({Seconds(_clock.Elapsed)})";
            int width = Math.Max(20, ConsoleWidth() - 1);
            if (text.Length > width) text = text[..(width - 1)] + "…";
            writer.Write("\r" + text.PadRight(_drawnWidth));
            _drawnWidth = text.Length;
            writer.Flush();
        }

        private void Erase()
        {
            if (_drawnWidth == 0) return;
            writer.Write("\r" + new string(' ', _drawnWidth) + "\r");
            _drawnWidth = 0;
        }

        private static int ConsoleWidth()
        {
            try { return Console.WindowWidth > 0 ? Console.WindowWidth : 120; }
            catch (IOException) { return 120; }
        }
    }
}
