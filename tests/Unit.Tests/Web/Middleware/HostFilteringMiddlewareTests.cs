using PeakShop.Web.Middleware;

namespace PeakShop.Unit.Tests.Web.Middleware;

public sealed class HostFilteringMiddlewareTests
{
    [Theory]
    [InlineData("shop.example.com", true)]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("evil example", false)]
    public void IsHostName_AcceptsNamesAndAddresses(string host, bool expected) =>
        Assert.Equal(expected, HostFilteringMiddleware.IsHostName(host));

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    [InlineData(6_000, false)]
    public void IsHostName_RefusesOversizedLabels(int label, bool expected) =>
        Assert.Equal(expected, HostFilteringMiddleware.IsHostName(new string('a', label) + ".example"));

    [Fact]
    public void IsHostName_RefusesNamesOver253Characters() =>
        Assert.False(HostFilteringMiddleware.IsHostName(string.Join('.', Enumerable.Repeat(new string('a', 60), 5))));
}
