using System.ComponentModel.DataAnnotations;
using PeakShop.Infrastructure.Cdn;

namespace PeakShop.Unit.Tests.Infrastructure.Cdn;

public sealed class CdnOptionsTests
{
    [Theory]
    [InlineData(null, null, true)]
    [InlineData("", "", true)]
    [InlineData("http://127.0.0.1:8081/", null, true)]
    [InlineData("https://cdn.example.test", "http://127.0.0.1:8081", true)]
    [InlineData("cdn.example.test", null, false)]
    [InlineData(null, "ftp://edge/", false)]
    public void Validate_AcceptsEmptyOrAbsoluteHttpUrls(string? baseUrl, string? purgeUrl, bool valid)
    {
        var options = new CdnOptions { BaseUrl = baseUrl, PurgeUrl = purgeUrl };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Fact]
    public void PurgeEndpoint_IsPurgeUrlElseBaseUrlElseNone()
    {
        Assert.Null(new CdnOptions { BaseUrl = "" }.PurgeEndpoint);
        Assert.Equal(new Uri("https://cdn.example.test/"), new CdnOptions { BaseUrl = "https://cdn.example.test" }.PurgeEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:8081/"), new CdnOptions { BaseUrl = "https://cdn.example.test/", PurgeUrl = "http://127.0.0.1:8081" }.PurgeEndpoint);
    }

    [Theory]
    [InlineData(null, "/media/a/640.webp")]
    [InlineData("", "/media/a/640.webp")]
    [InlineData("http://127.0.0.1:8081/", "http://127.0.0.1:8081/media/a/640.webp")]
    public void Url_PrefixesOnlyWithABaseUrl(string? baseUrl, string expected)
    {
        Assert.Equal(expected, new CdnOptions { BaseUrl = baseUrl }.Url("/media/a/640.webp"));
    }
}
