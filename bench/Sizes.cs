namespace Verified.Benchmarks;

/// <summary>Heap sizes written as benchmark parameters: "256M", "4G", "1T".</summary>
public static class Sizes
{
    public static ulong Parse(string text)
    {
        char unit = char.ToUpperInvariant(text[^1]);
        ulong value = ulong.Parse(text.AsSpan(0, text.Length - 1));
        return unit switch
        {
            'K' => value << 10,
            'M' => value << 20,
            'G' => value << 30,
            'T' => value << 40,
            _ => throw new FormatException($"size '{text}' must end in K, M, G or T"),
        };
    }
}
