using Verified.Buddy;

namespace Verified.Balloon;

/// <summary>A page allocator shared between the guest's users and the balloon driver: every call holds one lock
/// (<c>lock</c>/<see cref="Monitor"/>, which the Coyote tests control).</summary>
internal sealed class LockedPageAllocator(IPageAllocator inner, object syncRoot) : IPageAllocator
{
    public IPageAllocator Inner => inner;
    public ulong PageSize => inner.PageSize;
    public ulong MaxBlockSize => inner.MaxBlockSize;
    public ulong TotalBytes { get { lock (syncRoot) return inner.TotalBytes; } }
    public ulong AllocatedBytes { get { lock (syncRoot) return inner.AllocatedBytes; } }
    public ulong FreeBytes { get { lock (syncRoot) return inner.FreeBytes; } }
    public bool TryAllocate(ulong size, out ulong address) { lock (syncRoot) return inner.TryAllocate(size, out address); }
    public ulong Allocate(ulong size) { lock (syncRoot) return inner.Allocate(size); }
    public void Free(ulong address, ulong size) { lock (syncRoot) inner.Free(address, size); }
    public FreeResult TryFree(ulong address, ulong size) { lock (syncRoot) return inner.TryFree(address, size); }
}
