using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PeakShop.Integration.Tests.Web.Storefront;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Resilience;

/// <summary>The primary stops under a running Web process, then comes back (ADR 19).</summary>
[Collection(OutageCollection.Name)]
public sealed class PrimaryOutageTests(OutagePlatform platform, ITestOutputHelper output)
{
    public const string WritesRefused = "Checkout, accounts and changes are temporarily unavailable — your cart is saved.";

    [Fact]
    public async Task PrimaryDown_BrowsingAndCartWork_WritesAnswerTheUnavailablePage_AndCheckoutResumesWithTheCart()
    {
        output.WriteLine($"set-up: {platform.StartUpTimes}");
        var products = await platform.ProductsAsync(4);
        using var shopper = platform.OpenBrowser();
        // Signed in: the stamp check (on every request here) must not turn browsing into 503s.
        await shopper.RegisterAsync($"shopper-{Guid.NewGuid():N}@example.com");
        using var admin = await platform.SignInAdminAsync();
        // A recent writer: after an order, the shopper's reads are pinned to the primary by the ps_lsn cookie.
        await AddAsync(shopper, products[0].Id);
        var first = await CheckoutAsync(shopper);
        await AddAsync(shopper, products[1].Id);
        var staffPage = await admin.GetHtmlAsync("/admin/staff");
        using var visitor = platform.OpenBrowser();
        var registerHtml = await visitor.GetHtmlAsync("/account/register");

        var clock = Stopwatch.StartNew();
        await platform.StopPrimaryAsync();
        try
        {
            await OutageAsync();
        }
        catch
        {
            output.WriteLine(string.Join('\n', platform.Web.Output.TakeLast(80)));
            throw;
        }
        finally
        {
            await platform.StartPrimaryAsync();
        }

        async Task OutageAsync()
        {
            // Browsing: the standby (or a cache) answers, for the recent writer too.
            var roles = new Dictionary<string, string?>();
            foreach (var path in new[] { "/", $"/p/{products[3].Slug}", "/search?q=a", "/cart", "/checkout" })
            {
                using var page = await shopper.Client.GetAsync(new Uri(path, UriKind.Relative));
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {(int)page.StatusCode}");
                roles[path] = page.Headers.TryGetValues("X-Db-Role", out var role) ? role.Single() : null;
            }
            Assert.DoesNotContain("primary", roles.Values);
            Assert.Contains("Sign out", await shopper.GetHtmlAsync("/account/orders"), StringComparison.Ordinal);
            // A product no test has shown (no cache holds it) is read from the database: the standby.
            Assert.Equal("standby", roles[$"/p/{products[3].Slug}"]);
            // The cart (Redis) takes new items; the product is read on the standby.
            await AddAsync(shopper, products[2].Id);
            var cart = await shopper.GetHtmlAsync("/cart");
            Assert.Contains(WebUtility.HtmlEncode(products[1].Name), cart, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(products[2].Name), cart, StringComparison.Ordinal);

            // Writes: the friendly 503 page in the shop's layout, never the error page.
            using (var checkout = await shopper.CheckoutAsync())
            {
                await AssertUnavailablePageAsync(checkout, "checkout");
            }
            using (var register = await RegisterAsync(visitor, registerHtml))
            {
                await AssertUnavailablePageAsync(register, "sign-up");
            }
            using (var signIn = await visitor.PostAsync("/account/login",
                [new("_handler", "login"), new("Input.Email", OutagePlatform.AdminEmail), new("Input.Password", OutagePlatform.Password)],
                ShopSession.Token(registerHtml)))
            {
                await AssertUnavailablePageAsync(signIn, "sign-in");
            }
            // Staff pages check the security stamp on the primary: the 503 page (the jobs dashboard included).
            using (var dashboard = await admin.Client.GetAsync(new Uri("/admin/jobs", UriKind.Relative)))
            {
                await AssertUnavailablePageAsync(dashboard, "jobs dashboard");
            }
            using (var staffWrite = await admin.PostAsync("/admin/staff",
                [new("_handler", "create-staff"), new("Input.Email", $"new-{Guid.NewGuid():N}@example.com"), new("Input.Role", "Staff"),
                 new("Input.Password", "Strong-Enough-2026")], ShopSession.Token(staffPage)))
            {
                await AssertUnavailablePageAsync(staffWrite, "staff write");
            }
            // A JSON client (the staff reports API) gets ProblemDetails.
            using (var report = await PostJsonAsync(admin, "/admin/reports", new { from = "2026-01-01", to = "2026-01-31" }))
            {
                await AssertUnavailableProblemAsync(report);
            }

            // Degraded, still in rotation: 200 with "degraded" on the public port.
            var (status, overall, checks) = await platform.ReadinessAsync();
            Assert.Equal((HttpStatusCode.OK, "Degraded", "Degraded"), (status, overall, checks["primary"]));
            using (var publicReady = await platform.Web.Client.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
            {
                Assert.Equal((HttpStatusCode.OK, "degraded"), (publicReady.StatusCode, await publicReady.Content.ReadAsStringAsync()));
            }
            Assert.False(platform.Web.HasExited);
            output.WriteLine($"primary down: every assertion in {clock.Elapsed.TotalSeconds:0.0} s");

            // No database at all: the one case that takes the replica out of rotation.
            await platform.StopStandbyAsync();
            try
            {
                var (noDatabase, _, noDatabaseChecks) = await platform.ReadinessAsync();
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (noDatabase, noDatabaseChecks["primary"]));
                using var publicUnready = await platform.Web.Client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "unavailable"), (publicUnready.StatusCode, await publicUnready.Content.ReadAsStringAsync()));
            }
            finally
            {
                await platform.StartStandbyAsync();
            }
        }

        // Back by itself: no restart, the pools recover, the cart written during the outage is intact.
        await platform.WaitForCheckAsync("primary", "Healthy");
        var resumed = await CheckoutAsync(shopper);
        Assert.Equal(
            new[] { products[1].Name, products[2].Name }.Order(StringComparer.Ordinal),
            (await platform.OrderLinesAsync(resumed)).Order(StringComparer.Ordinal));
        Assert.NotEqual(first, resumed);
        Assert.Equal(HttpStatusCode.OK, (await platform.ReadinessAsync()).Status);
        output.WriteLine($"outage and recovery in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    internal static async Task AssertUnavailablePageAsync(HttpResponseMessage response, string what)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{what}: {(int)response.StatusCode}");
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(WritesRefused, WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        // The shop's layout (search box), not the error page.
        Assert.Contains("role=\"search\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Something went wrong", html, StringComparison.Ordinal);
    }

    private static async Task AssertUnavailableProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.StartsWith(WritesRefused, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> RegisterAsync(ShopSession browser, string html) =>
        browser.PostAsync("/account/register",
            [new("_handler", "register"), new("Input.Email", $"new-{Guid.NewGuid():N}@example.com"),
             new("Input.Password", OutagePlatform.Password), new("Input.ConfirmPassword", OutagePlatform.Password)],
            ShopSession.Token(html));

    private static async Task<HttpResponseMessage> PostJsonAsync(ShopSession browser, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Accept.ParseAdd("application/json");
        return await browser.Client.SendAsync(request);
    }

    internal static async Task AddAsync(ShopSession shopper, int productId)
    {
        using var added = await shopper.AddToCartAsync(productId, "1", "/");
        Assert.True(added.StatusCode == HttpStatusCode.SeeOther && ShopSession.PathOf(added) == "/cart",
            $"add to cart: {(int)added.StatusCode} {added.Headers.Location}");
    }

    /// <summary>Places the order in the cart; returns its number.</summary>
    internal static async Task<string> CheckoutAsync(ShopSession shopper)
    {
        using var placed = await shopper.CheckoutAsync();
        Assert.True(placed.StatusCode == HttpStatusCode.Redirect, $"checkout: {(int)placed.StatusCode}");
        var path = ShopSession.PathOf(placed);
        Assert.StartsWith("/checkout/confirmation/", path, StringComparison.Ordinal);
        return path["/checkout/confirmation/".Length..];
    }
}
