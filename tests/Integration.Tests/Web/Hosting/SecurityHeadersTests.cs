using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;
using PeakShop.Web.Endpoints;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>ADR 17: the security headers on every kind of answer, and a CSP that allows exactly the inline scripts the pages write.</summary>
public sealed class SecurityHeadersTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static readonly string[] RequiredHeaders =
        ["Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"];

    [Theory]
    [InlineData("/")]
    [InlineData("/search?q=tent")]
    [InlineData("/account/login")]
    [InlineData("/no-such-page")]
    [InlineData("/p/no-such-product")]
    [InlineData("/css/site.css")]
    [InlineData("/search/suggest?q=te")]
    [InlineData("/media/0123456789abcdef/640.webp")]
    [InlineData("/admin")]
    public async Task AnonymousResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = factory.CreateCookielessClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        AssertSecurityHeaders(response, path);
    }

    [Fact]
    public async Task ShopperPage_FromThePageCache_CarriesTheSameHeaders_AsWhenRendered()
    {
        using var client = factory.CreateCookielessClient();
        var path = new Uri("/p/" + await AnyProductSlugAsync(), UriKind.Relative);

        using var rendered = await client.GetAsync(path);
        using var cached = await client.GetAsync(path);

        Assert.True(cached.Headers.Contains("Age"), "the second visit comes from the page cache");
        AssertSecurityHeaders(rendered, "rendered");
        AssertSecurityHeaders(cached, "cached");
        Assert.Equal(Csp(rendered), Csp(cached));
        // The stored body's inline scripts are allowed by the header a later visitor gets.
        AssertInlineScriptsAllowed(await cached.Content.ReadAsStringAsync(), Csp(cached), "cached product page");
    }

    [Fact]
    public async Task StaffPages_PostRedirects_AndPublishedMedia_CarryTheSecurityHeaders()
    {
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        var productId = await AnyProductIdAsync();
        foreach (var path in new[] { "/admin", $"/admin/products/{productId}", "/admin/marketing/media", "/admin/categories" })
        {
            using var page = await admin.Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            AssertSecurityHeaders(page, path);
            Assert.Contains("'wasm-unsafe-eval'", Csp(page), StringComparison.Ordinal);
        }
        using (var missing = await admin.Client.GetAsync(new Uri("/admin/no-such-page", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            AssertSecurityHeaders(missing, "staff 404");
        }

        using var shopper = factory.CreateCookielessClient();
        using var addToCart = new HttpRequestMessage(HttpMethod.Post, "/cart/items")
        {
            Content = new FormUrlEncodedContent([new("productId", productId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", "1"), new("returnUrl", "/")]),
        };
        addToCart.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var redirect = await shopper.SendAsync(addToCart);
        Assert.Equal(HttpStatusCode.SeeOther, redirect.StatusCode);
        AssertSecurityHeaders(redirect, "POST /cart/items");
        Assert.DoesNotContain("'wasm-unsafe-eval'", Csp(redirect), StringComparison.Ordinal);

        // A published PDF keeps its own sandboxing policy and gets the other headers.
        var token = ShopSession.Token(await admin.GetHtmlAsync("/admin/marketing/media"));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Pdf(unique: true)), "file", "headers.pdf" } };
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/admin/marketing/media/api") { Content = form };
        upload.Headers.Add("RequestVerificationToken", token);
        using var uploaded = await admin.Client.SendAsync(upload);
        AssertSecurityHeaders(uploaded, "upload API (JSON)");
        var view = (await uploaded.Content.ReadFromJsonAsync<MediaAssetView>())!;
        using var pdf = await shopper.GetAsync(new Uri($"/media/{view.Hash}/original.pdf", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        AssertSecurityHeaders(pdf, "published PDF");
        Assert.StartsWith("sandbox;", Csp(pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InlineScriptsOfEveryKindOfPage_AreAllowedByTheirHash()
    {
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        using var shopper = factory.CreateCookielessClient();
        var slug = await AnyProductSlugAsync();
        var productId = await AnyProductIdAsync();
        var pages = new (HttpClient Client, string Path)[]
        {
            (shopper, "/"), (shopper, $"/p/{slug}"), (shopper, "/search?q=tent"), (shopper, "/cart"), (shopper, "/checkout"),
            (shopper, "/account/login"), (shopper, "/account/register"), (shopper, "/no-such-page"),
            (admin.Client, "/admin"), (admin.Client, $"/admin/products/{productId}"), (admin.Client, "/admin/marketing/media"),
            (admin.Client, "/admin/categories"), (admin.Client, "/admin/marketing/banners"), (admin.Client, "/account/orders"),
        };
        var checkedScripts = 0;
        foreach (var (client, path) in pages)
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.Content.Headers.ContentType?.MediaType == "text/html", $"{path}: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            checkedScripts += AssertInlineScriptsAllowed(await response.Content.ReadAsStringAsync(), Csp(response), path);
        }
        // Blazor's import map is on every page: the check above is not empty.
        Assert.True(checkedScripts >= pages.Length, $"{checkedScripts} inline scripts checked");
    }

    [Fact]
    public async Task ProductPage_JsonLd_IsADataBlock_NotAScript()
    {
        using var client = factory.CreateCookielessClient();
        var document = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri("/p/" + await AnyProductSlugAsync(), UriKind.Relative)));

        var jsonLd = Assert.Single(document.Scripts, s => s.Text.Contains("schema.org", StringComparison.Ordinal));

        // Not executed, so script-src does not govern it (its per-product hash would make every page's header different).
        Assert.Equal("application/ld+json", jsonLd.Type);
    }

    /// <summary>Every inline script the browser would run is allowed by a hash; no inline handler or style attribute needs 'unsafe-inline'.</summary>
    private static int AssertInlineScriptsAllowed(string html, string csp, string page)
    {
        var scriptSrc = Directive(csp, "script-src");
        Assert.DoesNotContain("'unsafe-inline'", csp, StringComparison.Ordinal);
        var document = new HtmlParser().ParseDocument(html);
        var count = 0;
        foreach (var script in document.Scripts.Where(s => s.Source is null && IsExecuted(s.Type)))
        {
            var hash = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Text)))}'";
            Assert.True(scriptSrc.Contains(hash), $"{page}: the inline <script type=\"{script.Type}\"> ({hash}) is not allowed by script-src {string.Join(' ', scriptSrc)}");
            count++;
        }
        var inlineAttributes = document.All
            .SelectMany(e => e.Attributes.Select(a => (Element: e.LocalName, Attribute: a.Name)))
            .Where(x => x.Attribute == "style" || x.Attribute.StartsWith("on", StringComparison.Ordinal))
            .ToList();
        Assert.True(inlineAttributes.Count == 0, $"{page}: inline {string.Join(", ", inlineAttributes.Select(x => $"<{x.Element} {x.Attribute}>"))} would be blocked by the CSP");
        return count;
    }

    /// <summary>Classic and module scripts and import maps run (and fall under script-src); other types are data blocks.</summary>
    private static bool IsExecuted(string? type) =>
        string.IsNullOrWhiteSpace(type) || type.Trim().ToLowerInvariant() is "text/javascript" or "application/javascript" or "module" or "importmap";

    private static HashSet<string> Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length > 0 && parts[0] == name)
            .SelectMany(parts => parts.Skip(1))
            .ToHashSet(StringComparer.Ordinal);

    internal static string Csp(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : "";

    internal static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        foreach (var header in RequiredHeaders)
        {
            Assert.True(response.Headers.Contains(header), $"{what} ({(int)response.StatusCode}): no {header}");
        }
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        var permissions = response.Headers.GetValues("Permissions-Policy").Single();
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()" })
        {
            Assert.Contains(feature, permissions, StringComparison.Ordinal);
        }
        var csp = Csp(response);
        if (!csp.StartsWith("sandbox;", StringComparison.Ordinal))
        {
            foreach (var directive in new[] { "default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'" })
            {
                Assert.Contains(directive, csp, StringComparison.Ordinal);
            }
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        }
        // Plain http here: no HSTS (a browser would ignore it, and a proxy might cache it for the https site).
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what}: HSTS over http");
    }

    private async Task<string> AnyProductSlugAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        return await db.Products.Where(p => p.Stock > 0 && !p.IsArchived).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
    }

    private async Task<int> AnyProductIdAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        return await db.Products.Where(p => p.Stock > 0 && !p.IsArchived).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
    }
}
