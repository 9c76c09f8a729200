using System.Runtime.InteropServices;

namespace Verified.Memory;

/// <summary>
/// Ownership of one anonymous mapping: the handle is its start address and <see cref="ReleaseHandle"/> unmaps it.
/// Users of the memory take a reference (<see cref="SafeHandle.DangerousAddRef"/>) for as long as they hold a pointer
/// into it, so the mapping outlives every such pointer even when its owner is disposed first.
/// </summary>
public sealed class MappingHandle : SafeHandle
{
    internal MappingHandle(nint start, ulong length) : base(invalidHandleValue: 0, ownsHandle: true)
    {
        SetHandle(start);
        Length = length;
    }

    /// <summary>Length of the mapping in bytes.</summary>
    public ulong Length { get; }

    /// <summary>True for a handle that holds no mapping.</summary>
    public override bool IsInvalid => handle == 0 || handle == -1;

    /// <summary>Unmaps the memory; called once, when the last reference is released.</summary>
    protected override bool ReleaseHandle() => NativeCalls.Munmap(handle, (nuint)Length) == 0;
}
