using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Web.Shopper;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// TLS ends at the ingress (ADR 17): a replica sees plain http and believes <c>X-Forwarded-Proto: https</c> only from
/// the proxy networks in <c>ForwardedHeaders:KnownNetworks</c>. Then, and only then, cookies are Secure and HSTS is sent.
/// </summary>
public sealed class TlsTerminationTests(TlsTerminationTests.IngressFactory factory) : IClassFixture<TlsTerminationTests.IngressFactory>
{
    private static readonly IPAddress Ingress = IPAddress.Parse("10.20.3.4");
    private static readonly IPAddress Stranger = IPAddress.Parse("192.0.2.10");

    /// <summary>A replica as deployed (Production: <c>UseHsts</c> on) behind an ingress on 10.20.0.0/16.</summary>
    public sealed class IngressFactory : ShopFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("ForwardedHeaders:KnownNetworks", "10.20.0.0/16, fd00:20::/32");
            builder.UseSetting("AllowedHosts", "*");
        }
    }

    [Fact]
    public async Task HttpsFromTheTrustedIngress_MakesEveryCookieSecure_AndSendsHsts()
    {
        var login = await GetAsync("/account/login", Ingress, "https");
        var addToCart = await AddToCartAsync(Ingress, "https");

        Assert.Equal(StatusCodes.Status200OK, login.Response.StatusCode);
        Assert.Equal(StatusCodes.Status303SeeOther, addToCart.Response.StatusCode);
        var cookies = Cookies(login).Concat(Cookies(addToCart)).ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(CartCookie.Name + "=", StringComparison.Ordinal));
        Assert.All(cookies, cookie => Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=31536000", login.Response.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);
        Assert.Equal("https", login.Request.Scheme);
    }

    [Fact]
    public async Task HttpsClaimedByAnUntrustedClient_IsIgnored_NoSecureCookies_NoHsts()
    {
        var login = await GetAsync("/account/login", Stranger, "https");
        var addToCart = await AddToCartAsync(Stranger, "https");

        var cookies = Cookies(login).Concat(Cookies(addToCart)).ToList();
        Assert.Equal(2, cookies.Count);
        Assert.All(cookies, cookie => Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase));
        Assert.False(login.Response.Headers.ContainsKey("Strict-Transport-Security"));
        Assert.Equal("http", login.Request.Scheme);
    }

    [Fact]
    public async Task PlainHttpFromTheIngress_SetsNoSecureCookies_AndNoHsts()
    {
        var login = await GetAsync("/account/login", Ingress, forwardedProto: null);

        var cookie = Assert.Single(Cookies(login));
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(login.Response.Headers.ContainsKey("Strict-Transport-Security"));
        // The other headers do not depend on the scheme.
        Assert.Equal("nosniff", login.Response.Headers.XContentTypeOptions.ToString());
        Assert.StartsWith("default-src 'self'", login.Response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IPv4MappedAddressOfTheIngress_IsTrustedToo()
    {
        var login = await GetAsync("/account/login", Ingress.MapToIPv6(), "https");

        Assert.Contains("; secure", Assert.Single(Cookies(login)), StringComparison.OrdinalIgnoreCase);
    }

    private Task<HttpContext> GetAsync(string path, IPAddress from, string? forwardedProto) =>
        factory.Server.SendAsync(http => Arrange(http, HttpMethods.Get, path, from, forwardedProto));

    private async Task<HttpContext> AddToCartAsync(IPAddress from, string? forwardedProto)
    {
        int productId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            productId = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products
                .Where(p => p.Stock > 0 && !p.IsArchived).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        }
        var body = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"productId={productId}&quantity=1&returnUrl=%2F"));
        return await factory.Server.SendAsync(http =>
        {
            Arrange(http, HttpMethods.Post, "/cart/items", from, forwardedProto);
            http.Request.ContentType = "application/x-www-form-urlencoded";
            http.Request.ContentLength = body.Length;
            http.Request.Body = new MemoryStream(body);
            http.Request.Headers["Sec-Fetch-Site"] = "same-origin";
        });
    }

    private static void Arrange(HttpContext http, string method, string path, IPAddress from, string? forwardedProto)
    {
        http.Request.Method = method;
        http.Request.Scheme = "http";
        // Not localhost, which HSTS leaves out by default.
        http.Request.Host = new HostString("shop.example");
        http.Request.Path = path;
        http.Connection.RemoteIpAddress = from;
        if (forwardedProto is not null)
        {
            http.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
            http.Request.Headers["X-Forwarded-For"] = "203.0.113.5";
        }
    }

    private static IEnumerable<string> Cookies(HttpContext http) => http.Response.Headers.SetCookie.Select(c => c!);
}
