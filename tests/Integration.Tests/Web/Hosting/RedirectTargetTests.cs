using System.Net;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>A real Web process (Kestrel refuses non-ASCII header values), shared by the redirect tests.</summary>
public sealed class RedirectReplica : IAsyncLifetime
{
    public WebProcess Web { get; private set; } = null!;

    public async Task InitializeAsync() => Web = await WebProcess.StartAsync(null);

    public async Task DisposeAsync() => await Web.DisposeAsync();

    /// <summary>A browser on the replica: cookies kept, redirects not followed.</summary>
    internal ShopSession Session() => new(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = Web.BaseAddress,
        Timeout = TimeSpan.FromSeconds(20),
    });
}

/// <summary>
/// Every redirect target that comes from a request is a short, ASCII, local path: a 10 KB returnUrl (cart, sign-in,
/// sign-out, the sign-in redirect's ReturnUrl) gives a short Location, a non-ASCII one an encoded Location, never a 5xx.
/// </summary>
public sealed class RedirectTargetTests(RedirectReplica replica) : IClassFixture<RedirectReplica>
{
    private const string Password = "Peak-Shop-2026!";
    private static readonly string Long = "/p/" + new string('a', 10_000);

    public static TheoryData<string> HostileReturnUrls => [Long, "/p/zelt-für-zwei?farbe=grün", "/p/\u202Eevil", "/" + new string('ü', 3_000)];

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task AddToCart_GivenAHostileReturnUrl_RedirectsToAShortAsciiLocalPath(string returnUrl)
    {
        using var shopper = replica.Session();

        // An unknown product: the answer goes back to returnUrl with the error code.
        using var response = await shopper.AddToCartAsync(-1, "1", returnUrl);

        AssertShortLocalRedirect(response, HttpStatusCode.SeeOther);
    }

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task SignIn_GivenAHostileReturnUrl_RedirectsToAShortAsciiLocalPath(string returnUrl)
    {
        using var shopper = replica.Session();
        var email = $"redirect-{Guid.NewGuid():N}@example.com";
        await shopper.RegisterAsync(email, Password);
        using var other = replica.Session();
        // Kestrel's request line holds 8 KB: the query carries as many whole characters as fit (a cut escape
        // sequence would be invalid UTF-8, which the input guard refuses before the page).
        var fitting = returnUrl;
        while (Uri.EscapeDataString(fitting).Length > 6_000)
        {
            fitting = fitting[..(fitting.Length - 1)];
        }
        var path = "/account/login?returnUrl=" + Uri.EscapeDataString(fitting);
        var form = await other.GetHtmlAsync(path);

        using var response = await other.PostAsync(path, [new("_handler", "login"), new("Input.Email", email), new("Input.Password", Password)], ShopSession.Token(form));

        AssertShortLocalRedirect(response, HttpStatusCode.Redirect);
    }

    [Theory]
    [MemberData(nameof(HostileReturnUrls))]
    public async Task SignOut_GivenAHostileReturnUrl_RedirectsToAShortAsciiLocalPath(string returnUrl)
    {
        using var shopper = replica.Session();
        await shopper.RegisterAsync($"signout-{Guid.NewGuid():N}@example.com", Password);
        // The header's sign-out form carries no token (it is on shared cached pages, ADR 20).
        using var response = await shopper.Client.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([new("returnUrl", returnUrl)]));

        AssertShortLocalRedirect(response, HttpStatusCode.SeeOther);
    }

    [Theory]
    [InlineData("/admin/products?q=")]
    [InlineData("/admin/products?q=ü")]
    public async Task SignInRedirect_GivenALongOrNonAsciiRequestUrl_HasAShortAsciiLocation(string prefix)
    {
        using var anonymous = replica.Session();
        var url = prefix + new string('x', 7_000);

        using var response = await anonymous.Client.GetAsync(new Uri(url, UriKind.Relative));

        AssertShortLocalRedirect(response, HttpStatusCode.Redirect);
        Assert.StartsWith("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInRedirect_GivenAShortRequestUrl_ComesBackToIt()
    {
        using var anonymous = replica.Session();

        using var response = await anonymous.Client.GetAsync(new Uri("/admin/products?q=tent", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Fadmin%2Fproducts%3Fq%3Dtent", response.Headers.Location!.OriginalString);
    }

    private static void AssertShortLocalRedirect(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        var target = response.Headers.Location!;
        // Blazor's own redirects are absolute on the request's host; everything else is a path.
        var location = target.IsAbsoluteUri ? target.PathAndQuery : target.OriginalString;
        Assert.True(!target.IsAbsoluteUri || target.Host == "127.0.0.1", target.OriginalString);
        Assert.True(location.Length <= 2_100, $"Location of {location.Length} characters");
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.DoesNotContain("//", location, StringComparison.Ordinal);
        Assert.All(location, c => Assert.InRange(c, '!', '~'));
    }
}
