using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Cdn;

/// <summary><c>Cdn:BaseUrl</c>: every asset URL a page writes starts with it; links and forms stay on the origin.</summary>
public sealed class CdnBaseUrlTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string BaseUrl = "https://cdn.peakshop.test/";

    [Fact]
    public async Task Pages_WriteEveryAssetUrlFromTheCdnGivenABaseUrl()
    {
        await using var withCdn = factory.WithWebHostBuilder(web => web.UseSetting("Cdn:BaseUrl", BaseUrl));
        using var client = withCdn.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        foreach (var page in await PagesAsync())
        {
            var document = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(page, UriKind.Relative)));
            var assets = AssetUrls(document);

            Assert.Contains(assets, a => a.Contains("/css/site.", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.Contains(".styles.css", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.Contains("/_framework/blazor.web.", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.Contains("/img/logo.", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.Contains("/media/", StringComparison.Ordinal));
            Assert.All(assets, a => Assert.StartsWith(BaseUrl, a, StringComparison.Ordinal));
            var importMap = ImportMap(document);
            Assert.NotEmpty(importMap);
            Assert.All(importMap, a => Assert.StartsWith(BaseUrl, a, StringComparison.Ordinal));
            var navigation = Navigation(document);
            Assert.NotEmpty(navigation);
            Assert.All(navigation, n => Assert.DoesNotContain("cdn.peakshop.test", n, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Pages_WriteSameOriginAssetUrlsGivenNoBaseUrl()
    {
        using var client = factory.CreateCookielessClient();

        foreach (var page in await PagesAsync())
        {
            var document = await new HtmlParser().ParseDocumentAsync(await client.GetStringAsync(new Uri(page, UriKind.Relative)));
            var assets = AssetUrls(document).Concat(ImportMap(document)).ToList();

            Assert.Contains(assets, a => a.Contains("css/site.", StringComparison.Ordinal));
            Assert.All(assets, a => Assert.False(Uri.IsWellFormedUriString(a, UriKind.Absolute), $"{page}: {a} is not same-origin"));
        }
    }

    /// <summary>The home page and a product page (the one with images, srcset and structured data).</summary>
    private async Task<string[]> PagesAsync()
    {
        using var scope = factory.Services.CreateScope();
        var slug = await scope.ServiceProvider.GetRequiredService<ShopReadDbContext>().Products.Listed()
            .Where(p => p.Stock > 0).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        return ["/", $"/p/{slug}"];
    }

    /// <summary>Stylesheets, icons, preloads, scripts and images (src and every srcset candidate).</summary>
    private static List<string> AssetUrls(IDocument document)
    {
        var urls = new List<string>();
        foreach (var link in document.QuerySelectorAll("link[href]"))
        {
            var rel = link.GetAttribute("rel") ?? "";
            if (rel.Split(' ').Any(r => r is "stylesheet" or "icon" or "preload" or "modulepreload" or "manifest"))
            {
                urls.Add(link.GetAttribute("href")!);
            }
        }
        urls.AddRange(document.QuerySelectorAll("script[src], img[src], source[src]").Select(e => e.GetAttribute("src")!));
        foreach (var element in document.QuerySelectorAll("img[srcset], source[srcset]"))
        {
            urls.AddRange(element.GetAttribute("srcset")!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(candidate => candidate.Split(' ')[0]));
        }
        return urls;
    }

    /// <summary>Targets of the import map and the URLs its integrity entries name.</summary>
    private static List<string> ImportMap(IDocument document)
    {
        var urls = new List<string>();
        foreach (var script in document.QuerySelectorAll("script[type=importmap]"))
        {
            using var json = JsonDocument.Parse(script.TextContent);
            if (json.RootElement.TryGetProperty("imports", out var imports))
            {
                urls.AddRange(imports.EnumerateObject().Select(i => i.Value.GetString()!));
            }
            if (json.RootElement.TryGetProperty("integrity", out var integrity))
            {
                urls.AddRange(integrity.EnumerateObject().Select(i => i.Name));
            }
        }
        return urls;
    }

    private static List<string> Navigation(IDocument document) =>
    [
        .. document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!),
        .. document.QuerySelectorAll("form[action]").Select(f => f.GetAttribute("action")!),
    ];
}
