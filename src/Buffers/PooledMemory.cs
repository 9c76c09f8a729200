using System.Buffers;

namespace Verified.Buffers;

/// <summary>
/// The <see cref="IMemoryOwner{T}"/> a <see cref="BuddyMemoryPool"/> rent returns: a view of pinned native pages.
/// Disposing it returns the pages to the pool (a second dispose does nothing); afterwards <see cref="Memory"/>,
/// <see cref="GetSpan"/> and <see cref="Pin"/> throw <see cref="ObjectDisposedException"/>. An owner may be disposed on
/// any thread, but it is its caller's: disposing one owner on two threads at the same moment is not supported.
/// </summary>
/// <remarks>The owner objects themselves are recycled so that a rent allocates nothing in steady state: a later rent
/// may hand the same object out again, and from then on the stale reference sees the new buffer — as with
/// <see cref="ArrayPool{T}"/>, keeping a buffer after disposing it is a bug the pool can report only until the object
/// is reused. Each thread keeps one spare owner per pool (in its block cache); further returned owners go to a shared stack of at most
/// <see cref="MaxSharedSpares"/> (an array, under a lock: a thread finds its own spare first, so the lock is taken
/// only when rents and returns of owners happen on different threads), and beyond that are left to the GC, so a burst
/// of many buffers does not keep as many owner objects alive afterwards. An owner is 40 bytes (three fields after the
/// object header; the buffer's offset is derived from its pointer), since a burst of n buffers leaves n of them for the
/// GC, which keeps their memory committed after it reclaims them.</remarks>
internal sealed unsafe class PooledMemory : MemoryManager<byte>, IDisposable
{
    /// <summary>The most owner objects the shared stack keeps (40 bytes each).</summary>
    internal const int MaxSharedSpares = 4096;

    private static readonly object s_sharedLock = new();
    private static PooledMemory?[]? s_shared;   // the shared stack, [0, s_sharedCount); under s_sharedLock
    private static int s_sharedCount;            // under s_sharedLock; read without it only as a hint

    private BuddyMemoryPool? _pool;   // null while disposed
    private byte* _pointer;
    private int _length;

    private PooledMemory() { }

    /// <summary>An owner object for a new rent: the thread's spare, one another thread returned, or a new one.</summary>
    internal static PooledMemory Take(ThreadBlockCache cache, BuddyMemoryPool pool, byte* pointer, int length)
    {
        PooledMemory? owner = cache.Spare;
        if (owner is not null) cache.Spare = null;
        else owner = TakeShared() ?? new PooledMemory();
        owner._pointer = pointer; owner._length = length;
        Volatile.Write(ref owner._pool, pool);
        return owner;
    }

    /// <summary>Offset of the buffer in the pool's mapping (for tests and the ledger).</summary>
    /// <exception cref="ObjectDisposedException">The owner was disposed.</exception>
    internal ulong Offset => _pool is { } pool ? pool.OffsetOf(_pointer) : (ulong)ThrowDisposed();

    /// <summary>The first byte of the buffer.</summary>
    /// <exception cref="ObjectDisposedException">The owner was disposed.</exception>
    internal byte* Pointer => _pool is null ? ThrowDisposed() : _pointer;

    public override Span<byte> GetSpan() => _pool is null ? ThrowDisposedSpan() : new Span<byte>(_pointer, _length);

    /// <summary>The buffer as <see cref="Memory{T}"/> (the base's version asks <see cref="GetSpan"/> for the length).</summary>
    public override Memory<byte> Memory
    {
        get
        {
            if (_pool is null) ThrowDisposed();
            return CreateMemory(_length);
        }
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if (_pool is null) ThrowDisposed();
        if ((uint)elementIndex > (uint)_length) throw new ArgumentOutOfRangeException(nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);   // native memory never moves
    }

    public override void Unpin() { }

    /// <summary>Returns the buffer (re-implemented: the base's version adds a <c>GC.SuppressFinalize</c> call, and this
    /// type has no finaliser).</summary>
    void IDisposable.Dispose() => Dispose(disposing: true);

    /// <remarks>The guard against a second dispose is a plain read and write, not an interlocked exchange (which cost
    /// about as much as the rest of a rent + return together, <c>PoolStepBenchmarks</c>): a dispose after the first, on
    /// any thread, is harmless; two disposes of one owner running at the same moment on two threads are a race in the
    /// caller that the pool does not guard against — as with <see cref="MemoryPool{T}.Shared"/>'s owners.</remarks>
    protected override void Dispose(bool disposing)
    {
        BuddyMemoryPool? pool = _pool;
        if (pool is null) return;   // second dispose: harmless
        _pool = null;
        ThreadBlockCache cache = pool.ReturnPages(pool.OffsetOf(_pointer), _length);
        if (cache.Spare is null) cache.Spare = this;
        else GiveShared(this);
    }

    private static PooledMemory? TakeShared()
    {
        if (Volatile.Read(ref s_sharedCount) == 0) return null;
        lock (s_sharedLock)
        {
            if (s_sharedCount == 0) return null;
            int top = --s_sharedCount;
            PooledMemory? owner = s_shared![top];
            s_shared[top] = null;
            return owner;
        }
    }

    private static void GiveShared(PooledMemory owner)
    {
        lock (s_sharedLock)
        {
            if (s_sharedCount >= MaxSharedSpares) return;   // left to the GC
            s_shared ??= new PooledMemory?[MaxSharedSpares];
            s_shared[s_sharedCount++] = owner;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static byte* ThrowDisposed() => throw new ObjectDisposedException(nameof(PooledMemory), "The buffer was returned to its pool.");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Span<byte> ThrowDisposedSpan() => throw new ObjectDisposedException(nameof(PooledMemory), "The buffer was returned to its pool.");
}
