using Verified.Balloon;
using Xunit;

namespace Verified.PropertyTests.Balloon;

/// <summary>
/// The device's audit (<see cref="BalloonDevice.Audit"/>) is shown to detect: a ballooned page the driver writes is
/// reported under <see cref="ViolationKind.PageUsedWhileBallooned"/>, once; and it stays silent exactly where the
/// protocol lets the driver reuse pages (a deflate awaiting the device without MUST_TELL_HOST).
/// </summary>
public sealed class DeviceAuditTests
{
    private const ulong Page = 4096;

    private static BalloonGuest Inflated(bool mustTellHost)
    {
        BalloonGuest guest = BalloonGuest.Create(new BalloonGuestOptions
        {
            MemoryBytes = 32UL << 20,
            Backing = BackingKind.Simulated,
            FreeFloorBytes = 4UL << 20,
            DriverFeatures = mustTellHost ? BalloonFeatures.MustTellHost : 0,
        });
        guest.SetTarget(10);
        guest.RunUntilQuiescent();
        Assert.Equal(10u, guest.BalloonPages);
        Assert.Equal(0, guest.Device.Audit());
        Assert.Empty(guest.Violations);
        return guest;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AWrittenBalloonedPageIsReportedOnce(bool mustTellHost)
    {
        using BalloonGuest guest = Inflated(mustTellHost);
        ulong[] pfns = guest.Driver.BalloonPfns();
        guest.Memory.Touch(pfns[0] * Page, Page);
        guest.Memory.Touch(pfns[^1] * Page, 1);
        Assert.Equal(2, guest.Device.Audit());
        Assert.Equal(0, guest.Device.Audit());   // each page once
        Assert.Equal(new[] { pfns[0], pfns[^1] }.Order(), guest.Violations.Select(v => v.Pfn!.Value).Order());
        Assert.All(guest.Violations, v => Assert.Equal(ViolationKind.PageUsedWhileBallooned, v.Kind));
        Assert.Equal(pfns.Order(), guest.Driver.BalloonPfns().Order());   // the audit changes no page's state in the balloon
    }

    [Theory]
    [InlineData(false, 0)]   // the driver may already reuse the pages of a deflate the device has not taken
    [InlineData(true, 1)]    // with MUST_TELL_HOST it may not: the audit runs
    public void WhileADeflateAwaitsTheDevice_TheAuditRunsOnlyWithMustTellHost(bool mustTellHost, int expected)
    {
        using BalloonGuest guest = Inflated(mustTellHost);
        guest.Memory.Touch(guest.Driver.BalloonPfns()[0] * Page, Page);
        guest.SetTarget(5);
        for (int i = 0; i < 10 && !guest.Driver.RequestInFlight; i++) guest.Driver.Step();
        Assert.True(guest.Driver.RequestInFlight);
        Assert.Equal(expected, guest.Device.Audit());
        Assert.Equal(expected, guest.Violations.Count);
    }
}
