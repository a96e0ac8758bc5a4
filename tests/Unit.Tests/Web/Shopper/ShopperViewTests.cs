using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Web.Hosting;
using PeakShop.Web.Shopper;

namespace PeakShop.Unit.Tests.Web.Shopper;

public sealed class ShopperViewTests : IDisposable
{
    private readonly ShopperViewCookie _cookie = new(new EphemeralDataProtectionProvider(), Options.Create(new PageCacheOptions()));

    public void Dispose() => _cookie.Dispose();

    [Theory]
    [InlineData("g0", false, 0)]
    [InlineData("s3", true, 3)]
    [InlineData("g99", false, 99)]
    public void Parse_ReadsTheViewItWrote(string value, bool signedIn, int count)
    {
        Assert.Equal(new ShopperView(signedIn, count), ShopperViewCookie.Parse(value));
        Assert.Equal(value, new ShopperView(signedIn, count).CacheKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("x3")]
    [InlineData("s-1")]
    [InlineData("s+1")]
    [InlineData("s 1")]
    [InlineData("g100")]
    [InlineData("g99999999999999999999")]
    public void Parse_RefusesAnythingElse(string value) => Assert.Null(ShopperViewCookie.Parse(value));

    [Fact]
    public void Cookie_RoundTrips_AndAForgedOrForeignOneIsIgnored()
    {
        var written = Write(_cookie, new ShopperView(true, 4));

        Assert.Equal(new ShopperView(true, 4), _cookie.Read(Request(written)));
        // A value typed by hand, or protected by another key ring, vouches for nothing.
        Assert.Null(_cookie.Read(Request("s4")));
        using var foreign = new ShopperViewCookie(new EphemeralDataProtectionProvider(), Options.Create(new PageCacheOptions()));
        Assert.Null(foreign.Read(Request(written)));
    }

    [Fact]
    public void Cookie_ReadAgain_GivesItsOwnView_AndAForgeryStaysRefused()
    {
        // The second read of a cookie is answered from the verified ones, not by the key ring.
        var four = Write(_cookie, new ShopperView(true, 4));
        var one = Write(_cookie, new ShopperView(false, 1));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(new ShopperView(true, 4), _cookie.Read(Request(four)));
            Assert.Equal(new ShopperView(false, 1), _cookie.Read(Request(one)));
            Assert.Null(_cookie.Read(Request(four[..^2] + "AA")));
        }
    }

    [Fact]
    public async Task Response_ThatReportsAView_SetsTheCookie_OnlyWhenItChanged()
    {
        var changed = await RunAsync(cookie: Write(_cookie, new ShopperView(false, 1)), report: new ShopperView(false, 2));
        var same = await RunAsync(cookie: Write(_cookie, new ShopperView(false, 2)), report: new ShopperView(false, 2), cart: true);

        Assert.Equal(new ShopperView(false, 2), _cookie.Read(Request(ValueOf(changed))));
        // Unchanged: no Set-Cookie, so the page can be stored for every shopper with this header.
        Assert.Equal(0, same.Headers.SetCookie.Count);
    }

    [Fact]
    public async Task Visitor_WithoutCartOrSignIn_GetsNoCookie()
    {
        var response = await RunAsync(cookie: null, report: ShopperView.Visitor, cart: false);

        Assert.Equal(0, response.Headers.SetCookie.Count);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("GET", false)]
    public async Task UnsafeRequest_ThatReportsNothing_DropsTheCookie(string method, bool dropped)
    {
        // A cart change, sign-in or sign-out may change the header: the next page is rendered and sets it again.
        var response = await RunAsync(cookie: Write(_cookie, new ShopperView(false, 1)), report: null, method: method);

        Assert.Equal(dropped, response.Headers.SetCookie.ToString().StartsWith("ps_view=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgedCookie_IsDropped_EvenOnAGet()
    {
        var response = await RunAsync(cookie: "g1", report: null);

        Assert.StartsWith("ps_view=;", response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
    }

    private async Task<HttpResponse> RunAsync(string? cookie, ShopperView? report, string method = "GET", bool cart = true)
    {
        var http = Context(cookie, cart);
        http.Request.Method = method;
        await ShopperViewCookie.InvokeAsync(http, context =>
        {
            if (report is { } view)
            {
                ShopperViewCookie.Report(context, view);
            }
            return Task.CompletedTask;
        });
        await ((StartableResponse)http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!).StartAsync();
        return http.Response;
    }

    private static string Write(ShopperViewCookie cookie, ShopperView view)
    {
        var http = new DefaultHttpContext();
        cookie.Write(http.Response, view);
        return ValueOf(http.Response);
    }

    private static string ValueOf(HttpResponse response) =>
        response.Headers.SetCookie.ToString().Split(';')[0]["ps_view=".Length..];

    private DefaultHttpContext Context(string? cookie, bool cart)
    {
        var services = new ServiceCollection().AddSingleton(_cookie).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(new StartableResponse());
        var cookies = new List<string>();
        if (cookie is not null)
        {
            cookies.Add($"{ShopperViewCookie.Name}={cookie}");
        }
        if (cart)
        {
            cookies.Add("ps_cart=x");
        }
        http.Request.Headers.Cookie = string.Join("; ", cookies);
        return http;
    }

    private static HttpRequest Request(string cookie)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = $"{ShopperViewCookie.Name}={cookie}";
        return http.Request;
    }

    /// <summary>DefaultHttpContext's response never starts on its own: this one runs its OnStarting callbacks on StartAsync.</summary>
    private sealed class StartableResponse : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            for (var i = _starting.Count - 1; i >= 0; i--)
            {
                await _starting[i].Callback(_starting[i].State);
            }
        }
    }
}
