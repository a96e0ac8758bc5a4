using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PeakShop.Integration.Tests.Web.Storefront;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Resilience;

/// <summary>Redis crashes under a running Web process, then comes back with every cart from its AOF (ADR 19).</summary>
[Collection(OutageCollection.Name)]
public sealed class RedisOutageTests(OutagePlatform platform, ITestOutputHelper output)
{
    private const string CartUnavailable = "Your cart is temporarily unavailable";

    /// <summary>Far below the 5 s a Redis command waited in the client's backlog before it failed fast.</summary>
    private static readonly TimeSpan Fast = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task RedisCrashed_CatalogStaysFast_CartAndCheckoutAnswerTheUnavailablePage_AndCartsComeBack()
    {
        var products = await platform.ProductsAsync(3);
        using var shopper = platform.OpenBrowser();
        using var signedIn = await platform.SignInAdminAsync();
        await PrimaryOutageTests.AddAsync(shopper, products[0].Id);
        await PrimaryOutageTests.AddAsync(shopper, products[1].Id);

        // appendfsync everysec: a crash loses at most the last second of writes, so give the AOF that second.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var clock = Stopwatch.StartNew();
        await platform.CrashRedisAsync();
        try
        {
            // The catalog, with a cart cookie (the header's cart count reads Redis), answers at once.
            foreach (var path in new[] { "/", $"/p/{products[2].Slug}", "/search?q=a", "/", $"/p/{products[2].Slug}" })
            {
                var timer = Stopwatch.StartNew();
                using var page = await shopper.Client.GetAsync(new Uri(path, UriKind.Relative));
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {(int)page.StatusCode}");
                Assert.True(timer.Elapsed < Fast, $"{path} took {timer.Elapsed.TotalMilliseconds:0} ms");
            }
            // Cart, checkout and add-to-cart: 503 with the message, as a page or as ProblemDetails for the script.
            foreach (var path in new[] { "/cart", "/checkout" })
            {
                using var page = await shopper.Client.GetAsync(new Uri(path, UriKind.Relative));
                await AssertCartUnavailableAsync(page, path);
            }
            using (var add = await shopper.AddToCartAsync(products[2].Id, "1", "/"))
            {
                await AssertCartUnavailableAsync(add, "add to cart");
            }
            using (var script = await AddWithScriptAsync(shopper, products[2].Id))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, script.StatusCode);
                Assert.Equal("application/problem+json", script.Content.Headers.ContentType?.MediaType);
                using var problem = JsonDocument.Parse(await script.Content.ReadAsStringAsync());
                Assert.Equal(CartUnavailable, problem.RootElement.GetProperty("title").GetString());
            }
            // Sessions are in Redis too (ADR 14): a signed-in shopper browses as a guest, never a 500.
            using (var home = await signedIn.Client.GetAsync(new Uri("/", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
                Assert.Contains("/account/login", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            // A sign-in that cannot be recorded: the page says so (503, Retry-After), no cookie that works nowhere.
            using (var stranger = platform.OpenBrowser())
            {
                var form = await stranger.GetHtmlAsync("/account/login");
                using var signIn = await stranger.PostAsync("/account/login",
                    [new("_handler", "login"), new("Input.Email", OutagePlatform.AdminEmail), new("Input.Password", OutagePlatform.Password)],
                    ShopSession.Token(form));
                var html = WebUtility.HtmlDecode(await signIn.Content.ReadAsStringAsync());
                Assert.True(signIn.StatusCode == HttpStatusCode.ServiceUnavailable, $"sign in: {(int)signIn.StatusCode}");
                Assert.Equal(TimeSpan.FromSeconds(30), signIn.Headers.RetryAfter?.Delta);
                Assert.Contains("Signing in is temporarily unavailable", html, StringComparison.Ordinal);
                Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
                    cookie => cookie.StartsWith("ps_auth=", StringComparison.Ordinal));
            }
            var (status, overall, checks) = await platform.ReadinessAsync();
            Assert.Equal((HttpStatusCode.OK, "Degraded", "Degraded", "Healthy"), (status, overall, checks["redis"], checks["primary"]));
            output.WriteLine($"redis down: every assertion in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await platform.StartRedisAsync();
        }

        // Back by itself: the cart written before the outage is all there (AOF), and can be bought.
        await platform.WaitForCheckAsync("redis", "Healthy");
        var cart = await shopper.GetHtmlAsync("/cart");
        Assert.Contains(WebUtility.HtmlEncode(products[0].Name), cart, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(products[1].Name), cart, StringComparison.Ordinal);
        var order = await PrimaryOutageTests.CheckoutAsync(shopper);
        Assert.Equal(
            new[] { products[0].Name, products[1].Name }.Order(StringComparer.Ordinal),
            (await platform.OrderLinesAsync(order)).Order(StringComparer.Ordinal));
        // The session too: the signed-in browser is signed in again.
        using var account = await signedIn.Client.GetAsync(new Uri("/account/orders", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        output.WriteLine($"outage and recovery in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task AssertCartUnavailableAsync(HttpResponseMessage response, string what)
    {
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)response.StatusCode}");
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Contains(CartUnavailable, html, StringComparison.Ordinal);
        Assert.Contains("Your cart is saved", html, StringComparison.Ordinal);
        Assert.Contains("role=\"search\"", html, StringComparison.Ordinal);
    }

    /// <summary>The product page's add-to-cart script: the same form, asking for JSON.</summary>
    private static async Task<HttpResponseMessage> AddWithScriptAsync(ShopSession shopper, int productId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/cart/items", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("productId", productId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", "1"), new("returnUrl", "/")]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return await shopper.Client.SendAsync(request);
    }
}
