namespace Verified.Memory;

/// <summary>How <see cref="ReservedMapping.Populate"/> made a range resident.</summary>
public enum PopulateMethod
{
    /// <summary>One <c>madvise(MADV_POPULATE_WRITE)</c> over the range (Linux 5.14 and later): the kernel allocates the
    /// pages in one call, without a write fault per page.</summary>
    PopulateWrite,

    /// <summary>One write per page (an atomic OR of zero into its first word, so no byte changes): what is left when the
    /// kernel does not know <c>MADV_POPULATE_WRITE</c> (it answers <c>EINVAL</c>).</summary>
    WriteEachPage,
}
