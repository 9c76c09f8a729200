namespace Verified.Buddy;

/// <summary>
/// Implemented by every error the heaps of this library raise, so that one clause catches them all:
/// <c>catch (Exception e) when (e is IHeapError)</c>. The heap's state is unchanged when one is thrown.
/// </summary>
/// <remarks>Errors about an argument follow the .NET design guidelines and derive from <see cref="ArgumentException"/>
/// (<see cref="InvalidRangeException"/>, <see cref="InvalidFreeException"/>) or <see cref="ArgumentOutOfRangeException"/>
/// (<see cref="InvalidSizeException"/>) with <see cref="ArgumentException.ParamName"/> set; errors about the heap's
/// state (<see cref="HeapExhaustedException"/>, <see cref="ReserveExceededException"/>) derive from
/// <see cref="HeapException"/>. Each message is the heap's own sentence, without the "(Parameter ...)" suffix.</remarks>
public interface IHeapError
{
    /// <summary>The heap's message (the same as <see cref="Exception.Message"/>).</summary>
    string Message { get; }
}

/// <summary>Base type of the heap errors that are about the heap's state, not an argument (out of memory, reserve).
/// Every heap error, these and the argument errors, implements <see cref="IHeapError"/>.</summary>
public abstract class HeapException : Exception, IHeapError
{
    private protected HeapException(string message) : base(message) { }
}

/// <summary>Why <see cref="BuddyHeap.AddRange"/> refused a range.</summary>
public enum RangeError
{
    /// <summary>The range was accepted.</summary>
    None = 0,
    /// <summary>The start or the length is not a multiple of the page size.</summary>
    Misaligned,
    /// <summary>The length is zero.</summary>
    Empty,
    /// <summary>start + length exceeds 2^64.</summary>
    Wraps,
    /// <summary>The range shares at least one page with a range the heap already has (touching is allowed).</summary>
    Overlaps,
    /// <summary>The heap's packed records cannot address this many more pages (see <see cref="BuddyHeap.MaxRecords"/>).</summary>
    CapacityExceeded,
}

/// <summary>A range given to <see cref="BuddyHeap.AddRange"/> was refused.</summary>
public sealed class InvalidRangeException : ArgumentException, IHeapError
{
    private readonly string _message;

    internal InvalidRangeException(RangeError reason, ulong start, ulong length, string detail)
        : base(null, reason is RangeError.Empty or RangeError.Wraps or RangeError.CapacityExceeded ? "length" : "start")
    {
        _message = $"Range [0x{start:X}, +0x{length:X}) refused ({reason}): {detail}";
        Reason = reason; Start = start; Length = length;
    }

    /// <inheritdoc/>
    public override string Message => _message;

    /// <summary>Which rule the range broke.</summary>
    public RangeError Reason { get; }
    /// <summary>The start address that was given.</summary>
    public ulong Start { get; }
    /// <summary>The length that was given.</summary>
    public ulong Length { get; }
}

/// <summary>A size was zero, or larger than the heap's maximum block size for an allocation.</summary>
public sealed class InvalidSizeException : ArgumentOutOfRangeException, IHeapError
{
    private readonly string _message;

    internal InvalidSizeException(ulong size, string detail) : base("size")
    {
        _message = $"Size {size} refused: {detail}";
        Size = size;
    }

    /// <inheritdoc/>
    public override string Message => _message;

    /// <summary>The size that was given (the same as <see cref="Size"/>).</summary>
    public override object? ActualValue => Size;

    /// <summary>The size that was given.</summary>
    public ulong Size { get; }
}

/// <summary>No free block is large enough for the request.</summary>
public sealed class HeapExhaustedException : HeapException
{
    internal HeapExhaustedException(ulong size, ulong freeBytes, ulong largestFreeBlock)
        : base($"Out of memory: no free block can hold {size} bytes ({freeBytes} bytes free, largest free block {largestFreeBlock} bytes)")
    {
        Size = size;
    }

    /// <summary>The size that could not be allocated.</summary>
    public ulong Size { get; }
}

/// <summary>Why a free was refused; the first offending page decides.</summary>
public enum FreeError
{
    /// <summary>The span was freed.</summary>
    None = 0,
    /// <summary>The size is zero.</summary>
    InvalidSize,
    /// <summary>The address is not a multiple of the page size.</summary>
    Misaligned,
    /// <summary>The first page of the span lies in no range of this heap.</summary>
    ForeignAddress,
    /// <summary>A later page of the span lies in no range: the span runs off its range into a gap (or past 2^64).</summary>
    OutsideRanges,
    /// <summary>The page is free now: a double free, or a span that is partly free.</summary>
    NotAllocated,
}

/// <summary>The outcome of <see cref="BuddyHeap.TryFree"/>: <see cref="FreeError.None"/>, or the reason and the first
/// offending page. <c>ToString()</c> prints the page number in decimal, e.g.
/// <c>FreeResult { Error = NotAllocated, OffendingPage = 1048577, Succeeded = False }</c>.</summary>
/// <param name="Error">Why the span was refused, or <see cref="FreeError.None"/>.</param>
/// <param name="OffendingPage">The page number (address / page size) of the first offending page; 0 when there is none
/// or when the size itself was refused.</param>
public readonly record struct FreeResult(FreeError Error, ulong OffendingPage)
{
    /// <summary>True when the span was freed.</summary>
    public bool Succeeded => Error == FreeError.None;

    /// <summary>The typed exception a throwing Free raises for this outcome; does nothing on success.</summary>
    internal void ThrowIfFailed(ulong address, ulong size, ulong pageSize)
    {
        if (Error == FreeError.None) return;
        if (Error == FreeError.InvalidSize) throw new InvalidSizeException(size, "a free must cover at least one byte");
        throw new InvalidFreeException(Error, OffendingPage, pageSize, address, size);
    }
}

/// <summary>A free was refused: the span is not wholly allocated memory of this heap.</summary>
public sealed class InvalidFreeException : ArgumentException, IHeapError
{
    private readonly string _message;

    internal InvalidFreeException(FreeError reason, ulong offendingPage, ulong pageSize, ulong address, ulong size)
        : base(null, reason == FreeError.OutsideRanges ? "size" : "address")
    {
        _message = $"Free of [0x{address:X}, +{size}) refused ({reason}) at address 0x{(UInt128)offendingPage * pageSize:X} (page {offendingPage}): {Explain(reason)}";
        Reason = reason; OffendingPage = offendingPage; OffendingAddress = (UInt128)offendingPage * pageSize;
    }

    /// <inheritdoc/>
    public override string Message => _message;

    /// <summary>Which rule the span broke.</summary>
    public FreeError Reason { get; }
    /// <summary>Page number (address / page size) of the first offending page.</summary>
    public ulong OffendingPage { get; }
    /// <summary>Address of the first offending page (it may be 2^64 when a span runs past the end of the address space).</summary>
    public UInt128 OffendingAddress { get; }

    private static string Explain(FreeError reason) => reason switch
    {
        FreeError.Misaligned => "the address is not a multiple of the page size",
        FreeError.ForeignAddress => "the address lies in no range of this heap",
        FreeError.OutsideRanges => "the span runs past the end of its range into memory the heap does not manage",
        FreeError.NotAllocated => "the page is already free (double free, or a partly free span)",
        _ => reason.ToString(),
    };
}

/// <summary>The reserve wrapper refused an allocation that would leave less than its reserve free.</summary>
public sealed class ReserveExceededException : HeapException
{
    internal ReserveExceededException(ulong size, ulong freeBytes, ulong reserveBytes)
        : base($"Allocation of {size} bytes refused: it would leave less than the reserve of {reserveBytes} bytes free ({freeBytes} bytes free now)")
    {
        Size = size; FreeBytes = freeBytes; ReserveBytes = reserveBytes;
    }

    /// <summary>The size that was refused.</summary>
    public ulong Size { get; }
    /// <summary>Free bytes of the underlying heap when the request was refused.</summary>
    public ulong FreeBytes { get; }
    /// <summary>The reserve the wrapper keeps.</summary>
    public ulong ReserveBytes { get; }
}
