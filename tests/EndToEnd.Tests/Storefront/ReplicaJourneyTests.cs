using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PeakShop.Testing;
using Xunit.Abstractions;

namespace PeakShop.EndToEnd.Tests.Storefront;

/// <summary>
/// A shopper in Chromium against N real Web processes behind the nginx that ./run.sh generates (round-robin for
/// every request but <c>/_blazor</c>): browse, add to the cart, sign up, check out. Every response names its replica
/// (<c>X-Replica</c>); the cart, the sign-in and the order hold whichever replica answers.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReplicaJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Shopper_BrowsesSignsUpAndChecksOut_AcrossReplicasBehindNginx(int replicas)
    {
        var basePort = NginxBalancer.ConsecutiveFreePorts(replicas);
        var web = await Task.WhenAll(Enumerable.Range(1, replicas).Select(n =>
            WebProcess.StartAsync(null, new Dictionary<string, string> { ["Replica:Name"] = $"web-{n}" }, basePort + n - 1)));
        try
        {
            await using var balancer = await NginxBalancer.StartAsync(basePort, replicas);
            await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = balancer.BaseAddress.ToString() });
            var page = await context.NewPageAsync();
            var answered = new ConcurrentQueue<string>();
            page.Response += (_, response) => answered.Enqueue(response.Headers.TryGetValue("x-replica", out var name) ? name : "(none)");

            // Home → category → product → two in the cart.
            await page.GotoAsync("/");
            await page.Locator(".category-list a", new() { HasText = "Kitchen" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/c/kitchen$"));
            // With JavaScript, enhanced navigation patches the page after the URL changes: wait for the content.
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Kitchen");
            var card = page.Locator(".product-card", new() { Has = page.Locator(".stock-in-stock") }).First;
            var name = (await card.Locator(".product-name").TextContentAsync())!.Trim();
            await card.Locator("a.product-link").ClickAsync();
            await page.WaitForURLAsync(new Regex("/p/"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
            await page.GetByLabel("Quantity").FillAsync("2");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            // With JavaScript the cart comes in a toast; its link leads on to the cart.
            await page.Locator(".toast-cart").GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/cart$"));
            await Assertions.Expect(page.Locator(".cart-lines")).ToContainTextAsync(name);
            await Assertions.Expect(page.Locator(".cart-count")).ToHaveTextAsync("2");

            // Sign up and in: the guest cart comes along into the account.
            var email = $"replicas-{replicas}-{Guid.NewGuid():N}@example.com";
            // Registering signs nobody in (the page is the same for a known address): sign in with the new account.
            await CheckoutSteps.RegisterAsync(page, email);
            await CheckoutSteps.SignInAsync(page, email);

            // Every replica renders the same signed-in shopper with the same cart.
            var checkedOn = new HashSet<string>();
            for (var load = 0; load < 6 * replicas && checkedOn.Count < replicas; load++)
            {
                var document = await page.GotoAsync("/cart");
                var replica = await document!.HeaderValueAsync("x-replica");
                Assert.NotNull(replica);
                Assert.Equal("2", await page.Locator(".cart-count").InnerTextAsync());
                await Assertions.Expect(page.Locator(".cart-lines")).ToContainTextAsync(name);
                await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
                if (!checkedOn.Add(replica!))
                {
                    // Each page load makes the same number of requests: one more moves round-robin's turn along.
                    var nudge = await context.APIRequest.GetAsync("/healthz/live");
                    await nudge.DisposeAsync();
                }
            }
            Assert.Equal(replicas, checkedOn.Count);

            // Check out as the signed-in shopper.
            await page.GotoAsync("/checkout");
            Assert.Equal(email, await page.Locator("input[name='Form.Email']").InputValueAsync());
            await CheckoutSteps.FillAsync(page, "4242 4242 4242 4242", email: null);
            await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
            await CheckoutSteps.WaitForConfirmationAsync(page);
            Assert.Equal("Thank you for your order", await page.Locator("h1").InnerTextAsync());
            Assert.Contains(name, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal("0", await page.Locator(".cart-count").InnerTextAsync());
            var number = await page.Locator(".order-number").InnerTextAsync();
            await page.GotoAsync("/account/orders");
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = number })).ToBeVisibleAsync();

            var seen = answered.ToArray();
            output.WriteLine($"{replicas} replicas, {seen.Length} responses: {string.Join(' ', seen.GroupBy(r => r).Select(g => $"{g.Key}×{g.Count()}"))}");
            Assert.DoesNotContain("(none)", seen);
            Assert.Equal(Enumerable.Range(1, replicas).Select(n => $"web-{n}"), seen.Distinct().Order());
        }
        finally
        {
            foreach (var replica in web)
            {
                await replica.DisposeAsync();
            }
        }
    }
}
