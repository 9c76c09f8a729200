using System.Globalization;

namespace Verified.Simulation;

/// <summary>Sizes on the command line and in the table: "1G", "512M", "4K", "4096" (bytes); binary units.</summary>
public static class ByteSize
{
    /// <summary>Parses a size; false with a reason when the text is not one.</summary>
    public static bool TryParse(string text, out ulong bytes, out string error)
    {
        bytes = 0;
        error = "";
        string t = text.Trim();
        if (t.Length == 0) { error = "empty size"; return false; }
        if (t.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) t = t[..^2];
        else if (t.EndsWith('B') || t.EndsWith('b')) t = t[..^1];
        int shift = 0;
        switch (char.ToUpperInvariant(t.Length > 0 ? t[^1] : ' '))
        {
            case 'K': shift = 10; break;
            case 'M': shift = 20; break;
            case 'G': shift = 30; break;
            case 'T': shift = 40; break;
        }
        if (shift != 0) t = t[..^1];
        if (!ulong.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value))
        {
            error = $"'{text}' is not a size (examples: 1G, 512M, 64K, 4096)";
            return false;
        }
        if (shift != 0 && value > (ulong.MaxValue >> shift))
        {
            error = $"'{text}' is too large";
            return false;
        }
        bytes = value << shift;
        return true;
    }

    /// <summary>A size for people: "512 MiB", "1.5 GiB", "4 KiB", "10 TiB".</summary>
    public static string Format(ulong bytes)
    {
        if (bytes >= 1UL << 40) return Trim(bytes / (double)(1UL << 40)) + " TiB";
        if (bytes >= 1UL << 30) return Trim(bytes / (double)(1UL << 30)) + " GiB";
        if (bytes >= 1UL << 20) return Trim(bytes / (double)(1UL << 20)) + " MiB";
        if (bytes >= 1UL << 10) return Trim(bytes / (double)(1UL << 10)) + " KiB";
        return bytes.ToString(CultureInfo.InvariantCulture) + " B";
    }

    /// <summary>Mebibytes with one decimal, for the table.</summary>
    public static string Mib(ulong bytes) => (bytes / (double)(1UL << 20)).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private static string Trim(double value) =>
        value.ToString(value == Math.Floor(value) ? "F0" : "F1", CultureInfo.InvariantCulture);
}
