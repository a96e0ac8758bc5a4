using PeakShop.Testing;
using System.Net;
using PeakShop.Integration.Tests.Web.Storefront;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// The stateless proof: two real Web processes behind nginx with the config ./run.sh generates
/// (deploy/local/nginx.conf.template, round-robin). One shopper registers, fills a cart and checks out while
/// requests alternate between the replicas; session, sign-in, antiforgery tokens and cart hold on both.
/// </summary>
public sealed class LoadBalancedReplicasTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task OneShopper_RegistersFillsCartAndChecksOut_WhileBothReplicasAnswer()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 20, name: "Load balanced lantern");
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);

        var basePort = NginxBalancer.ConsecutiveFreePorts(2);
        await using var a = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-1" }, basePort);
        await using var b = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-2" }, basePort + 1);
        await using var balancer = await NginxBalancer.StartAsync(basePort, replicas: 2);

        var seen = new List<string>();
        using var shopper = new ShopSession(new HttpClient(new BrowserHeaders(balancer.BaseAddress, seen)
        {
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() },
        })
        { BaseAddress = balancer.BaseAddress });

        await shopper.RegisterAsync($"lb-{Guid.NewGuid():N}@example.com");
        using (var added = await shopper.AddToCartAsync(product.Id, "2", $"/p/{product.Slug}"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
            Assert.Equal("/cart", ShopSession.PathOf(added));
        }
        for (var i = 0; i < 4; i++)
        {
            Assert.Contains("Load balanced lantern", await shopper.GetHtmlAsync("/cart"), StringComparison.Ordinal);
            Assert.Contains("Sign out", await shopper.GetHtmlAsync("/account/orders"), StringComparison.OrdinalIgnoreCase);
        }
        using var placed = await shopper.CheckoutAsync(email: "lb-checkout@example.com");
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var confirmation = ShopSession.PathOf(placed);
        Assert.StartsWith("/checkout/confirmation/", confirmation, StringComparison.Ordinal);
        var number = confirmation.Split('/').Last();
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains(number, await shopper.GetHtmlAsync(confirmation), StringComparison.Ordinal);
            Assert.Contains(number, await shopper.GetHtmlAsync("/account/orders"), StringComparison.Ordinal);
        }

        output.WriteLine($"{seen.Count} responses: {string.Join(" ", seen)}");
        Assert.Equal(["web-1", "web-2"], seen.Distinct().Order());
        Assert.True(seen.Count(r => r == "web-1") >= 4 && seen.Count(r => r == "web-2") >= 4, string.Join(" ", seen));
    }

    /// <summary>What a browser adds to a form post (Origin), and which replica answered each request.</summary>
    private sealed class BrowserHeaders(Uri origin, List<string> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get)
            {
                request.Headers.Add("Origin", origin.GetLeftPart(UriPartial.Authority));
            }
            var response = await base.SendAsync(request, cancellationToken);
            lock (seen)
            {
                seen.Add(response.Headers.TryGetValues("X-Replica", out var values) ? values.Single() : "(none)");
            }
            return response;
        }
    }
}
