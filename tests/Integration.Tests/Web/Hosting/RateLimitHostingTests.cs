using System.Net;
using System.Text.Json;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// Each limit against two Web processes that share one Redis: requests alternate between the processes and the
/// refusal comes at the combined count (429, <c>Retry-After</c>, the friendly page or ProblemDetails).
/// </summary>
[Collection(LimitedReplicasCollection.Name)]
public sealed class RateLimitHostingTests(LimitedReplicas replicas)
{
    private static readonly string WindowMessage = $"Too many attempts — try again in {LimitedReplicas.Window.TotalMinutes} minutes.";

    [Fact]
    public async Task Search_RefusesAtTheCombinedCountOfBothReplicas_WithTheFriendlyPage()
    {
        using var client = replicas.Open(LimitedReplicas.NewAddress());
        var limit = LimitedReplicas.Limits["SearchPerIp"];
        for (var i = 0; i < limit; i++)
        {
            using var allowed = await client.GetAsync("/search?q=tent");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/search?q=tent");
        var html = await refused.Content.ReadAsStringAsync();

        AssertRefusedPage(refused, html);
        using var other = replicas.Open(LimitedReplicas.NewAddress());
        using var otherClient = await other.GetAsync("/search?q=tent");
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task Suggest_RefusesAtTheCombinedCount_WithProblemDetails()
    {
        using var client = replicas.Open(LimitedReplicas.NewAddress());
        for (var i = 0; i < LimitedReplicas.Limits["SuggestPerIp"]; i++)
        {
            using var allowed = await client.GetAsync("/search/suggest?q=te");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/search/suggest?q=te");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        AssertRetryAfter(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(WindowMessage, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ForwardedFor_FromTheClientItself_DoesNotEscapeTheLimit()
    {
        // Behind the balancer the client's own X-Forwarded-For comes first and the balancer appends the real
        // address; only the last entry (ForwardLimit = 1) is read, so a spoofed list still counts as one client.
        var real = LimitedReplicas.NewAddress();
        using var client = replicas.Open(real);
        for (var i = 0; i < LimitedReplicas.Limits["SearchPerIp"]; i++)
        {
            client.Address = $"{LimitedReplicas.NewAddress()}, {real}";
            using var allowed = await client.GetAsync("/search?q=lamp");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        client.Address = $"{LimitedReplicas.NewAddress()}, {real}";

        using var refused = await client.GetAsync("/search?q=lamp");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task CartCreation_RefusesNewCartsFromOneAddress_ButKeepsExistingCartsWorking()
    {
        var address = LimitedReplicas.NewAddress();
        using var first = replicas.Open(address);
        using (var created = await first.PostAsync("/cart/items", ("productId", "1"), ("quantity", "1"), ("returnUrl", "/")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        }
        for (var i = 1; i < LimitedReplicas.Limits["CartCreationPerIp"]; i++)
        {
            // A browser without a cart cookie: each post is a new cart.
            using var fresh = replicas.Open(address);
            using var created = await fresh.PostAsync("/cart/items", ("productId", "1"), ("quantity", "1"), ("returnUrl", "/"));
            Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        }

        using var another = replicas.Open(address);
        using var refused = await another.PostAsync("/cart/items", ("productId", "1"), ("quantity", "1"), ("returnUrl", "/"));
        var html = await refused.Content.ReadAsStringAsync();
        using var again = await first.PostAsync("/cart/items", ("productId", "1"), ("quantity", "1"), ("returnUrl", "/"));

        AssertRefusedPage(refused, html);
        Assert.DoesNotContain("ps_cart", string.Join(';', refused.Headers.TryGetValues("Set-Cookie", out var set) ? set : []), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
    }

    [Fact]
    public async Task Checkout_RefusesPaymentAttemptsOverTheLimitPerCart_OnTheFormPage()
    {
        var product = await TestProducts.CreateAsync(replicas.Shop.Services, stock: 50, name: "Rate limited rope");
        await TestProducts.WaitVisibleOnStandbyAsync(replicas.Shop.Services, product.Id);
        using var shopper = replicas.Open(LimitedReplicas.NewAddress());
        using (var added = await shopper.PostAsync("/cart/items", ("productId", product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("quantity", "1"), ("returnUrl", "/")))
        {
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        }
        for (var i = 0; i < LimitedReplicas.Limits["CheckoutPerCart"]; i++)
        {
            using var declined = await CheckoutAsync(shopper, "4000 0000 0000 0002");
            Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
            Assert.Contains("declined", await declined.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var refused = await CheckoutAsync(shopper, "4242 4242 4242 4242");
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        AssertRetryAfter(refused);
        Assert.Equal(WindowMessage, LimitedReplicas.Browser.Alert(html));
        Assert.Contains("Place order", html, StringComparison.Ordinal);
        Assert.Equal(50, await TestProducts.StockAsync(replicas.Shop.Services, product.Id));
    }

    [Fact]
    public async Task Registration_IsLimitedPerEmailAddress_AndPerClientAddress()
    {
        var email = $"rl-reg-{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < LimitedReplicas.Limits["RegisterPerEmail"]; i++)
        {
            using var browser = replicas.Open(LimitedReplicas.NewAddress());
            using var attempt = await RegisterAsync(browser, email);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }
        using var elsewhere = replicas.Open(LimitedReplicas.NewAddress());
        using var perEmail = await RegisterAsync(elsewhere, email);

        var address = LimitedReplicas.NewAddress();
        for (var i = 0; i < LimitedReplicas.Limits["RegisterPerIp"]; i++)
        {
            using var browser = replicas.Open(address);
            using var attempt = await RegisterAsync(browser, $"rl-reg-{Guid.NewGuid():N}@example.com");
            Assert.Equal(HttpStatusCode.Redirect, attempt.StatusCode);
        }
        using var sameAddress = replicas.Open(address);
        using var perAddress = await RegisterAsync(sameAddress, $"rl-reg-{Guid.NewGuid():N}@example.com");

        foreach (var refused in new[] { perEmail, perAddress })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            AssertRetryAfter(refused);
            Assert.Equal(WindowMessage, LimitedReplicas.Browser.Alert(await refused.Content.ReadAsStringAsync()));
        }
    }

    [Fact]
    public async Task ForgotPassword_IsLimitedPerEmailAndPerClient_WithTheSameAnswerForUnknownAddresses()
    {
        var existing = await replicas.CreateAccountAsync();
        var missing = $"rl-nobody-{Guid.NewGuid():N}@example.com";
        var answers = new List<(HttpStatusCode Status, string Alert)>();
        foreach (var email in new[] { existing, missing })
        {
            for (var i = 0; i < LimitedReplicas.Limits["ForgotPasswordPerEmail"]; i++)
            {
                using var browser = replicas.Open(LimitedReplicas.NewAddress());
                using var sent = await ForgotAsync(browser, email);
                Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
                Assert.Contains("If an account uses that address", await sent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            using var other = replicas.Open(LimitedReplicas.NewAddress());
            using var refused = await ForgotAsync(other, email);
            AssertRetryAfter(refused);
            answers.Add((refused.StatusCode, LimitedReplicas.Browser.Alert(await refused.Content.ReadAsStringAsync())));
        }
        var address = LimitedReplicas.NewAddress();
        for (var i = 0; i < LimitedReplicas.Limits["ForgotPasswordPerIp"]; i++)
        {
            using var browser = replicas.Open(address);
            using var sent = await ForgotAsync(browser, $"rl-nobody-{Guid.NewGuid():N}@example.com");
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }
        using var sameAddress = replicas.Open(address);
        using var perAddress = await ForgotAsync(sameAddress, $"rl-nobody-{Guid.NewGuid():N}@example.com");

        Assert.Equal((HttpStatusCode.TooManyRequests, WindowMessage), answers[0]);
        Assert.Equal(answers[0], answers[1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, perAddress.StatusCode);
    }

    private static async Task<HttpResponseMessage> CheckoutAsync(LimitedReplicas.Browser shopper, string card)
    {
        using var page = await shopper.GetAsync("/checkout");
        var html = await page.Content.ReadAsStringAsync();
        var fields = ShopSession.CheckoutFields(html, card);
        fields.Add(new("__RequestVerificationToken", ShopSession.Token(html)));
        return await shopper.PostAsync("/checkout", [.. fields.Select(f => (f.Key, f.Value))]);
    }

    private static Task<HttpResponseMessage> RegisterAsync(LimitedReplicas.Browser browser, string email) =>
        browser.PostFormAsync("/account/register", "register",
            ("Input.Email", email), ("Input.Password", StaffAccounts.Password), ("Input.ConfirmPassword", StaffAccounts.Password));

    private static Task<HttpResponseMessage> ForgotAsync(LimitedReplicas.Browser browser, string email) =>
        browser.PostFormAsync("/account/forgot-password", "forgot-password", ("Input.Email", email));

    private static void AssertRetryAfter(HttpResponseMessage response)
    {
        var seconds = response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0;
        Assert.InRange(seconds, 1, LimitedReplicas.Window.TotalSeconds);
    }

    private static void AssertRefusedPage(HttpResponseMessage response, string html)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        AssertRetryAfter(response);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WindowMessage, LimitedReplicas.Browser.Alert(html));
        // The shop's layout: its search box and navigation are on the page.
        Assert.Contains("role=\"search\"", html, StringComparison.Ordinal);
    }
}
