namespace Verified.Buffers;

/// <summary>A rent could not be served: every range up to the pool's limit is in use and no free block is large
/// enough. Nothing was rented and nothing leaked. <see cref="BuddyMemoryPool.TryRent"/> reports the same as false.</summary>
public sealed class PoolLimitReachedException : OutOfMemoryException
{
    internal PoolLimitReachedException(int requestedBytes, ulong limitBytes, ulong rentedBytes)
        : base($"Rent of {requestedBytes} bytes refused: the pool is at its limit of {limitBytes} bytes ({rentedBytes} bytes rented, no free block large enough)")
    {
        RequestedBytes = requestedBytes; LimitBytes = limitBytes;
    }

    /// <summary>The buffer size that was asked for.</summary>
    public int RequestedBytes { get; }

    /// <summary>The pool's limit (<see cref="BuddyMemoryPoolOptions.LimitBytes"/>).</summary>
    public ulong LimitBytes { get; }
}
