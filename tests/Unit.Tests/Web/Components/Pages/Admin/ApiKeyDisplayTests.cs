using PeakShop.Infrastructure.Api;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Components.Pages.Admin.ApiKeys;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin;

public sealed class ApiKeyDisplayTests
{
    private static readonly RateLimitRule PerMinute = RateLimitRule.Of(1200, TimeSpan.FromMinutes(1));

    [Fact]
    public void Usage_ShowsCountLimitAndReset_CappedAtTheLimit()
    {
        var counter = new RateLimitCounter("api-key", PerMinute, "k");

        Assert.Equal("37 of 1,200 (resets in 42 s)", ApiKeyDisplay.Usage(new(counter, 37, TimeSpan.FromMilliseconds(41_001)), PerMinute));
        Assert.Equal("1,200 of 1,200 (resets in 3 s)", ApiKeyDisplay.Usage(new(counter, 1500, TimeSpan.FromSeconds(3)), PerMinute));
        Assert.Equal("0 of 1,200", ApiKeyDisplay.Usage(new(counter, 0, TimeSpan.Zero), PerMinute));
        Assert.Equal("unknown", ApiKeyDisplay.Usage(null, PerMinute));
    }

    [Fact]
    public void Rule_IsTheKeysOwnLimitPerMinute_OrTheDefault()
    {
        var options = new RateLimitOptions { ApiPerKey = RateLimitRule.Of(99, TimeSpan.FromMinutes(10)) };
        var own = Row(perMinute: 5);

        Assert.Equal(RateLimitRule.Of(5, TimeSpan.FromMinutes(1)), ApiKeyDisplay.Rule(own, options));
        Assert.Equal(options.ApiPerKey, ApiKeyDisplay.Rule(Row(perMinute: null), options));
        Assert.Equal("per minute", ApiKeyDisplay.Window(PerMinute));
        Assert.Equal("per 600 s", ApiKeyDisplay.Window(options.ApiPerKey));
    }

    [Fact]
    public void When_IsUtcOrNever()
    {
        Assert.Equal("never", ApiKeyDisplay.When(null));
        Assert.Equal("2026-12-05 17:04 UTC", ApiKeyDisplay.When(new DateTimeOffset(2026, 12, 5, 18, 4, 0, TimeSpan.FromHours(1))));
    }

    private static ApiKeyRow Row(int? perMinute) =>
        new(1, "abcdefghijkl", "Partner", ["read"], perMinute, DateTimeOffset.UnixEpoch, "a@example.com", null, null);
}
