using PeakShop.Web.Hosting;

namespace PeakShop.Unit.Tests.Web.Hosting;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("/products/tent?colour=red", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("evil", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("/a\r\nLocation: x", false)]
    public void IsLocal_AcceptsOnlyPathsOnThisSite(string? url, bool expected) =>
        Assert.Equal(expected, LocalUrl.IsLocal(url));

    [Theory]
    [InlineData("/p", "/p?cart_error=stock&cart_max=3")]
    [InlineData("/p?x=1", "/p?x=1&cart_error=stock&cart_max=3")]
    [InlineData("/p#reviews", "/p?cart_error=stock&cart_max=3")]
    public void WithQuery_AppendsToAnExistingQuery(string path, string expected) =>
        Assert.Equal(expected, LocalUrl.WithQuery(path, ("cart_error", "stock"), ("cart_max", "3")));
}
