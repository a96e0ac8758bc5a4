using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Storefront;

[Collection(BrowserCollection.Name)]
public sealed class CheckoutTests(BrowserFixture fixture)
{
    // Old enough that test products never push the seeded catalog off the home page's "new arrivals".

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GuestCheckout_WithTestCard_ShowsConfirmation(bool javaScript)
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E guest tent", 24.50m);
        await using var context = await NewContextAsync(javaScript);
        var page = await context.NewPageAsync();
        await AddToCartAsync(page, product.Id, 2);

        await page.GotoAsync("/cart");
        Assert.Contains("E2E guest tent", await page.Locator(".cart-lines").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("2", await page.Locator(".cart-count").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath($"cart-js-{javaScript}"), FullPage = true });
        await page.GetByRole(AriaRole.Link, new() { Name = "Check out" }).ClickAsync();
        Assert.Contains("TEST MODE", await page.Locator(".test-mode").InnerTextAsync(), StringComparison.Ordinal);
        await CheckoutSteps.FillAsync(page, "4242 4242 4242 4242", "guest@example.com");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath($"checkout-js-{javaScript}"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await CheckoutSteps.WaitForConfirmationAsync(page);
        Assert.Equal("Thank you for your order", await page.Locator("h1").InnerTextAsync());
        Assert.Matches(@"^PS-\d{4}-\d{6}$", await page.Locator(".order-number").InnerTextAsync());
        Assert.Equal("0", await page.Locator(".cart-count").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath($"confirmation-js-{javaScript}"), FullPage = true });
    }

    [Fact]
    public async Task GuestCheckout_DeclinedCard_ShowsAClearMessage()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E declined stove", 24.50m);
        await using var context = await NewContextAsync(javaScript: true);
        var page = await context.NewPageAsync();
        await AddToCartAsync(page, product.Id, 1);

        await page.GotoAsync("/checkout");
        await CheckoutSteps.FillAsync(page, "4000 0000 0000 0002", "guest@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        // Right under the card number, which is marked and described by it, and in the summary at the top.
        var error = page.Locator("#checkout-cardnumber-error");
        await error.WaitForAsync();
        Assert.Contains("Your card was declined", await error.InnerTextAsync(), StringComparison.Ordinal);
        var card = page.Locator("#checkout-cardnumber");
        Assert.Equal("true", await card.GetAttributeAsync("aria-invalid"));
        Assert.Equal("checkout-cardnumber-error", await card.GetAttributeAsync("aria-describedby"));
        var summaryLink = page.Locator(".error-summary a[href='#checkout-cardnumber']");
        Assert.Contains("Your card was declined", await summaryLink.InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith("/checkout", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/cart");
        Assert.Contains("E2E declined stove", await page.Locator(".cart-lines").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("declined"), FullPage = true });
    }

    [Fact]
    public async Task SignUp_ThenCheckout_OrderAppearsInHistory()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E account rope", 24.50m);
        await using var context = await NewContextAsync(javaScript: true);
        var page = await context.NewPageAsync();
        var email = $"e2e-{Guid.NewGuid():N}@example.com";

        await CheckoutSteps.RegisterAsync(page, email);
        Assert.Equal(email, await page.Locator(".check-email-address").InnerTextAsync());
        await CheckoutSteps.SignInAsync(page, email);
        Assert.Contains("not placed an order", await page.Locator(".no-orders").InnerTextAsync(), StringComparison.Ordinal);

        await AddToCartAsync(page, product.Id, 1);
        await page.GotoAsync("/checkout");
        Assert.Equal(email, await page.Locator("input[name='Form.Email']").InputValueAsync());
        await CheckoutSteps.FillAsync(page, "4242 4242 4242 4242", email: null);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await CheckoutSteps.WaitForConfirmationAsync(page);
        var number = await page.Locator(".order-number").InnerTextAsync();

        Assert.Contains(email, await page.Locator(".confirmation-mail").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator(".confirmation-card").GetByRole(AriaRole.Link, new() { Name = "Your orders" }).ClickAsync();
        await page.WaitForURLAsync("**/account/orders");
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await page.WaitForURLAsync($"**/account/orders/{number}");
        await page.Locator("h1", new() { HasText = number }).WaitForAsync();
        Assert.Equal($"Order {number}", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("E2E account rope", await page.Locator(".order-lines").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("signed-out"), FullPage = false });
    }

    [Fact]
    public async Task Register_WithAnAddressThatHasAnAccount_ShowsTheSameCheckYourEmailPage()
    {
        var email = $"e2e-twice-{Guid.NewGuid():N}@example.com";
        var pages = new List<(string Url, string Heading, string Text)>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // The second visitor is someone else trying the same address.
            await using var context = await NewContextAsync(javaScript: true);
            var page = await context.NewPageAsync();
            await CheckoutSteps.RegisterAsync(page, email);
            pages.Add((new Uri(page.Url).AbsolutePath, await page.Locator("h1").InnerTextAsync(), await page.Locator("main").InnerTextAsync()));
            // Nobody is signed in by registering: the header still offers to sign in.
            Assert.Equal(0, await page.Locator("button", new() { HasText = "Sign out" }).CountAsync());
        }

        Assert.Equal(pages[0], pages[1]);
        Assert.Equal("Check your e-mail", pages[0].Heading);
        Assert.Contains(email, pages[0].Text, StringComparison.Ordinal);
    }

    private Task<IBrowserContext> NewContextAsync(bool javaScript) =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString(), JavaScriptEnabled = javaScript });

    private static async Task AddToCartAsync(IPage page, int productId, int quantity) =>
        Assert.Equal("/cart", await CheckoutSteps.AddToCartAsync(page, productId, quantity));
}
