using System.Text;

namespace Verified.Benchmarks;

/// <summary>
/// A page-allocation trace (format v1 of <c>bench/trace-gen/gen_trace.py</c>), parsed into flat arrays before any
/// timing: <c>A id bytes</c> allocates and remembers the result under id, <c>F id</c> frees that whole allocation.
/// </summary>
public sealed class AllocationTrace
{
    /// <summary>One entry per operation, in file order: an id ≥ 0 allocates <see cref="Sizes"/>[id]; ~id frees id.</summary>
    public required int[] Ops { get; init; }

    /// <summary>Requested bytes per allocation id (ids are dense, from 0).</summary>
    public required ulong[] Sizes { get; init; }

    /// <summary>The heap size the trace is meant to be replayed against (<c># heap_bytes</c>).</summary>
    public required ulong HeapBytes { get; init; }

    /// <summary>Allocations that fail on any allocator, even one without overhead (<c>expected_min_failures</c>; 0 when absent).</summary>
    public required long MinimumFailures { get; init; }

    /// <summary>Trace name, e.g. <c>mixed_1G</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Number of allocations.</summary>
    public int AllocationCount => Sizes.Length;

    /// <summary>Reads and checks a trace: ids dense from 0 and never reused, each freed at most once after its allocation.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid v1 trace; the message names the line.</exception>
    public static AllocationTrace Load(string path)
    {
        byte[] text = File.ReadAllBytes(path);
        var ops = new List<int>(1 << 21);
        var sizes = new List<ulong>(1 << 21);
        var freed = new List<bool>(1 << 21);
        ulong heapBytes = 0;
        long minimumFailures = 0;
        int lineNumber = 0;
        int pos = 0;
        while (pos < text.Length)
        {
            int end = Array.IndexOf(text, (byte)'\n', pos);
            if (end < 0) end = text.Length;
            ReadOnlySpan<byte> line = text.AsSpan(pos, end - pos).TrimEnd((byte)'\r');
            lineNumber++;
            pos = end + 1;
            if (line.IsEmpty) continue;
            if (line[0] == (byte)'#')
            {
                string comment = Encoding.ASCII.GetString(line);
                if (comment.StartsWith("# heap_bytes ", StringComparison.Ordinal))
                    heapBytes = ulong.Parse(comment.AsSpan("# heap_bytes ".Length));
                int at = comment.IndexOf("expected_min_failures=", StringComparison.Ordinal);
                if (at >= 0) minimumFailures = long.Parse(comment.AsSpan(at + "expected_min_failures=".Length).TrimEnd());
                continue;
            }
            if (line.Length < 3 || line[1] != (byte)' ')
                throw Bad(path, lineNumber, "expected 'A <id> <bytes>' or 'F <id>'");
            ReadOnlySpan<byte> rest = line[2..];
            switch (line[0])
            {
                case (byte)'A':
                {
                    int space = rest.IndexOf((byte)' ');
                    if (space < 0) throw Bad(path, lineNumber, "an allocation needs an id and a size");
                    int id = ParseInt(rest[..space], path, lineNumber);
                    ulong size = (ulong)ParseInt(rest[(space + 1)..], path, lineNumber);
                    if (id != sizes.Count) throw Bad(path, lineNumber, $"allocation ids must be dense from 0 (expected {sizes.Count}, got {id})");
                    if (size == 0) throw Bad(path, lineNumber, "an allocation of 0 bytes");
                    sizes.Add(size);
                    freed.Add(false);
                    ops.Add(id);
                    break;
                }
                case (byte)'F':
                {
                    int id = ParseInt(rest, path, lineNumber);
                    if (id >= sizes.Count) throw Bad(path, lineNumber, $"free of id {id}, which was never allocated");
                    if (freed[id]) throw Bad(path, lineNumber, $"second free of id {id}");
                    freed[id] = true;
                    ops.Add(~id);
                    break;
                }
                default:
                    throw Bad(path, lineNumber, "expected 'A <id> <bytes>' or 'F <id>'");
            }
        }
        if (heapBytes == 0) throw new InvalidDataException($"{path}: no '# heap_bytes N' line");
        return new AllocationTrace
        {
            Ops = [.. ops], Sizes = [.. sizes], HeapBytes = heapBytes, MinimumFailures = minimumFailures,
            Name = Path.GetFileNameWithoutExtension(path),
        };
    }

    private static int ParseInt(ReadOnlySpan<byte> digits, string path, int lineNumber)
    {
        if (digits.IsEmpty || digits.Length > 10) throw Bad(path, lineNumber, "expected a decimal number");
        long value = 0;
        foreach (byte b in digits)
        {
            if (b < (byte)'0' || b > (byte)'9') throw Bad(path, lineNumber, "expected a decimal number");
            value = value * 10 + (b - '0');
        }
        if (value > int.MaxValue) throw Bad(path, lineNumber, "number out of range");
        return (int)value;
    }

    private static InvalidDataException Bad(string path, int line, string why) => new($"{path}:{line}: {why}");
}
