namespace Verified.Balloon;

/// <summary>How the host treats inflated 4 KiB pages when its own pages are larger (with 4 KiB host pages both models
/// discard each inflated page at once).</summary>
public enum HostModel
{
    /// <summary>QEMU's rule (<c>hw/virtio/virtio-balloon.c</c>, <c>balloon_inflate_page</c>): within one inflate request
    /// the host remembers one partially ballooned host page — which of its sub-pages have arrived — and discards it when
    /// all of them have; a PFN of another host page makes it forget the partial one, and so does the end of the request.
    /// A host page is released only when all its sub-pages arrive in one request with no other host page's PFN between
    /// them, so with 256 PFNs per request a 2 MiB host page (512 sub-pages) is never released by inflation.</summary>
    Qemu = 0,

    /// <summary>An idealised host: a count of ballooned sub-pages per host page, kept across requests; the host page is
    /// discarded as soon as all its sub-pages are in the balloon, in any order and over any number of requests.</summary>
    IdealHost = 1,
}
