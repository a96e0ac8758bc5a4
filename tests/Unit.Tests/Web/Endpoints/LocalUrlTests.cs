using PeakShop.Web.Endpoints;

namespace PeakShop.Unit.Tests.Web.Endpoints;

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
    [InlineData("/p/tent?colour=red", "/p/tent?colour=red")]
    [InlineData("/p/zelt-für-zwei", "/p/zelt-f%C3%BCr-zwei")]
    [InlineData("/search?q=日本", "/search?q=%E6%97%A5%E6%9C%AC")]
    [InlineData("/a b", "/a%20b")]
    [InlineData("/\u202Eevil", "/%E2%80%AEevil")]
    [InlineData("/x\u0000", "/")]
    [InlineData("/x\u0085", "/")]
    [InlineData("//evil.example", "/")]
    public void OrDefault_GivesAnAsciiLocationOrTheFallback(string url, string expected)
    {
        var target = LocalUrl.OrDefault(System.Text.RegularExpressions.Regex.Unescape(url), "/");

        Assert.Equal(expected, target);
        Assert.All(target, c => Assert.InRange(c, '!', '~'));
    }

    [Fact]
    public void OrDefault_FallsBackGivenALoneSurrogate() =>
        Assert.Equal("/", LocalUrl.OrDefault("/x" + (char)0xD800 + "y", "/"));

    [Theory]
    [InlineData(LocalUrl.MaxLength, true)]
    [InlineData(LocalUrl.MaxLength + 1, false)]
    [InlineData(10_000, false)]
    [InlineData(1_000_000, false)]
    public void OrDefault_KeepsOnlyTargetsUpToTheMaximumLength(int length, bool kept)
    {
        var url = "/" + new string('a', length - 1);

        var target = LocalUrl.OrDefault(url, "/fallback");

        Assert.Equal(kept ? url : "/fallback", target);
    }

    [Fact]
    public void OrDefault_CountsTheEncodedLength()
    {
        // 700 non-ASCII characters are 700 in the field but 4,200 once percent-encoded.
        var url = "/" + new string('ü', 700);

        Assert.Equal("/fallback", LocalUrl.OrDefault(url, "/fallback"));
    }

    [Theory]
    [InlineData("/p", "/p?cart_error=stock&cart_max=3")]
    [InlineData("/p?x=1", "/p?x=1&cart_error=stock&cart_max=3")]
    [InlineData("/p#reviews", "/p?cart_error=stock&cart_max=3")]
    public void WithQuery_AppendsToAnExistingQuery(string path, string expected) =>
        Assert.Equal(expected, LocalUrl.WithQuery(path, ("cart_error", "stock"), ("cart_max", "3")));
}
