using Microsoft.AspNetCore.Components;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Web.Endpoints;

namespace PeakShop.Unit.Tests.Web.Endpoints;

public sealed class CdnAssetUrlsTests
{
    private const string Base = "https://cdn.example.test/shop/";

    [Theory]
    [InlineData("css/site.abc.css", Base + "css/site.abc.css")]
    [InlineData("./_framework/blazor.web.abc.js", Base + "_framework/blazor.web.abc.js")]
    [InlineData("/img/logo.abc.svg", Base + "img/logo.abc.svg")]
    [InlineData("https://elsewhere.test/a.js", "https://elsewhere.test/a.js")]
    [InlineData("//elsewhere.test/a.js", "//elsewhere.test/a.js")]
    public void Url_PrefixesRelativeUrlsOnly(string url, string expected)
    {
        Assert.Equal(expected, new CdnAssetUrls(new CdnOptions { BaseUrl = "https://cdn.example.test/shop" }).Url(url));
    }

    [Fact]
    public void Apply_PrefixesAssetsAndImportMapKeepingLabels()
    {
        var assets = new ResourceAssetCollection([
            new ResourceAsset("css/site.abc.css", [new ResourceAssetProperty("label", "css/site.css")]),
            new ResourceAsset("js/app.def.js", [new ResourceAssetProperty("label", "js/app.js"), new ResourceAssetProperty("integrity", "sha256-x")]),
        ]);
        var importMap = ImportMapDefinition.FromResourceCollection(assets);
        var otherMetadata = new object();
        List<object> metadata = [otherMetadata, assets, importMap];

        new CdnAssetUrls(new CdnOptions { BaseUrl = Base }).Apply(metadata);

        var prefixed = Assert.IsType<ResourceAssetCollection>(metadata[1]);
        Assert.Equal(Base + "css/site.abc.css", prefixed["css/site.css"]);
        Assert.Equal(Base + "js/app.def.js", prefixed["js/app.js"]);
        var map = Assert.IsType<ImportMapDefinition>(metadata[2]);
        Assert.Equal(Base + "js/app.def.js", map.Imports!["./js/app.js"]);
        Assert.Equal(Base + "js/app.def.js", map.Imports![Base + "js/app.js"]);
        Assert.Equal("sha256-x", map.Integrity![Base + "js/app.def.js"]);
        Assert.Same(otherMetadata, metadata[0]);
    }

    [Fact]
    public void Apply_SharesOneCopyBetweenEndpoints()
    {
        var assets = new ResourceAssetCollection([new ResourceAsset("css/site.abc.css", [new ResourceAssetProperty("label", "css/site.css")])]);
        var urls = new CdnAssetUrls(new CdnOptions { BaseUrl = Base });
        List<object> first = [assets];
        List<object> second = [assets];

        urls.Apply(first);
        urls.Apply(second);
        urls.Apply(second);

        Assert.Same(first[0], second[0]);
        Assert.Equal(Base + "css/site.abc.css", ((ResourceAssetCollection)second[0])["css/site.css"]);
    }
}
