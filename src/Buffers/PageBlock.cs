namespace Verified.Buffers;

/// <summary>
/// Pages rented with <see cref="BuddyMemoryPool.RentBlock"/>: a pointer and a length, no object. Give it back with
/// <see cref="BuddyMemoryPool.Return(PageBlock)"/> exactly once; the pool refuses a block it did not hand out or that
/// was already returned.
/// </summary>
public readonly unsafe struct PageBlock : IEquatable<PageBlock>
{
    internal PageBlock(byte* pointer, ulong offset, int length)
    {
        Pointer = pointer; Offset = offset; Length = length;
    }

    /// <summary>The first byte (pinned native memory; valid until the block is returned).</summary>
    public byte* Pointer { get; }

    /// <summary>Offset of the block in the pool's mapping, a multiple of the page size.</summary>
    public ulong Offset { get; }

    /// <summary>Length in bytes: the size asked for rounded up to whole pages.</summary>
    public int Length { get; }

    /// <summary>True for the default value, which holds no pages.</summary>
    public bool IsEmpty => Pointer == null;

    /// <summary>The block's bytes.</summary>
    public Span<byte> Span => new(Pointer, Length);

    /// <inheritdoc/>
    public bool Equals(PageBlock other) => Pointer == other.Pointer && Length == other.Length;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PageBlock other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine((nint)Pointer, Length);
    /// <summary>Same pointer and length.</summary>
    public static bool operator ==(PageBlock left, PageBlock right) => left.Equals(right);
    /// <summary>Different pointer or length.</summary>
    public static bool operator !=(PageBlock left, PageBlock right) => !left.Equals(right);
}
