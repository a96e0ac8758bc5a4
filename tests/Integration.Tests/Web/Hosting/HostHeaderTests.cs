using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// Host-header poisoning as a class: every absolute URL the pages write (canonical, Open Graph, JSON-LD, sitemap)
/// starts with Shop:PublicBaseUrl whatever Host or X-Forwarded-Host a request names, also for the next visitor
/// served from the page cache; AllowedHosts refuses unknown hosts on the public port, never on the management port.
/// </summary>
public sealed partial class HostHeaderTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task ProductPage_WithAForgedHost_WritesEveryAbsoluteUrlOnThePublicBaseUrl_AlsoForTheNextVisitor()
    {
        var slug = await InStockSlugAsync();
        using var attacker = ForgedHostClient();
        using var visitor = factory.CreateCookielessClient();

        var poisoned = await attacker.GetStringAsync(new Uri($"/p/{slug}", UriKind.Relative));
        // The next visitor may get the attacker's rendering from the page cache.
        var cached = await visitor.GetStringAsync(new Uri($"/p/{slug}", UriKind.Relative));

        foreach (var html in new[] { poisoned, cached })
        {
            var expected = $"{ShopFactory.PublicBaseUrl}/p/{slug}";
            Assert.Contains($"<link rel=\"canonical\" href=\"{expected}\"", html, StringComparison.Ordinal);
            Assert.Contains($"<meta property=\"og:url\" content=\"{expected}\"", html, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(JsonLd().Match(html).Groups[1].Value);
            Assert.Equal(expected, json.RootElement.GetProperty("offers").GetProperty("url").GetString());
            foreach (var image in json.RootElement.GetProperty("image").EnumerateArray())
            {
                Assert.DoesNotContain("evil", image.GetString(), StringComparison.Ordinal);
            }
            Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task CategoryPageAndSitemap_WithAForgedHost_UseThePublicBaseUrl()
    {
        using var attacker = ForgedHostClient();

        var category = await attacker.GetStringAsync(new Uri("/c/tents?sort=price-asc", UriKind.Relative));
        var sitemap = await attacker.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative));

        Assert.Contains($"<link rel=\"canonical\" href=\"{ShopFactory.PublicBaseUrl}/c/tents\"", category, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", category, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", sitemap, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shop.peakshop.test", HttpStatusCode.OK)]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("10.1.2.3", HttpStatusCode.BadRequest)]
    public async Task AllowedHosts_RefusesUnknownHostsOnThePublicPort(string host, HttpStatusCode expected)
    {
        await using var replica = factory.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "shop.peakshop.test;localhost"));
        using var client = replica.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri($"http://{host}/") });

        using var response = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task AllowedHosts_DoesNotApplyOnTheManagementPort_WhereProbesUseThePodAddress()
    {
        await using var replica = factory.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "shop.peakshop.test"));
        using var management = ShopFactory.ManagementClientOf(replica);
        management.BaseAddress = new Uri("http://10.1.2.3:9090/");

        using var response = await management.GetAsync(new Uri("/healthz/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PublicReadiness_SaysOnlyTheStatus_DetailAndMetricsAreOnTheManagementPort()
    {
        await factory.WaitForStandbyAsync();
        using var client = factory.CreateCookielessClient();
        using var management = factory.CreateManagementClient();

        using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        using var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var detail = await management.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        using var managementMetrics = await management.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var word = await ready.Content.ReadAsStringAsync();
        Assert.Contains(word, new[] { "ok", "degraded" });
        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        var json = await detail.Content.ReadAsStringAsync();
        // The detail names hosts and ports (what the public answer must never show).
        Assert.Matches(@"127\.0\.0\.1:\d+", json);
        Assert.Contains("\"primary\"", json, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, managementMetrics.StatusCode);
    }

    private HttpClient ForgedHostClient()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("http://evil.example/") });
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        return client;
    }

    private async Task<string> InStockSlugAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var read = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
        return await read.Products.AsNoTracking().Where(p => p.Stock > 0 && !p.IsArchived && p.Images.Any()).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
    }

    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();
}
