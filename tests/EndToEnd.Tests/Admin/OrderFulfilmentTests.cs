using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;
using PeakShop.Infrastructure.Customers;
using PeakShop.EndToEnd.Tests.Accessibility;
using PeakShop.EndToEnd.Tests.Storefront;
using PeakShop.Testing;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>A shopper orders through the real checkout; a staff member signs in and fulfils the order in /admin.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OrderFulfilmentTests(BrowserFixture fixture)
{

    private static readonly Dictionary<string, string> FastJobs = new()
    {
        ["Jobs__QueuePollInterval"] = "00:00:00.200",
        ["Jobs__OutboxPollInterval"] = "00:00:00.100",
    };

    [Fact]
    public async Task Staff_PacksAndShipsAnOrderPlacedThroughCheckout_AndTheDetailShowsShipped()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E fulfilment lantern", 18.00m);
        var buyer = $"e2e-buyer-{Guid.NewGuid():N}@example.com";
        string number;
        await using (var shopper = await NewContextAsync())
        {
            var page = await shopper.NewPageAsync();
            await page.GotoAsync($"/p/{product.Slug}");
            await page.GetByLabel("Quantity").FillAsync("2");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            // With JavaScript the cart comes in a toast; its link leads on to the cart.
            await page.Locator(".toast-cart").GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/cart$"));
            await page.GotoAsync("/checkout");
            await CheckoutSteps.FillAsync(page, "4242 4242 4242 4242", buyer);
            await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
            await CheckoutSteps.WaitForConfirmationAsync(page);
            number = (await page.Locator(".order-number").InnerTextAsync()).Trim();
        }

        var staffEmail = await TestData.CreateStaffAsync(fixture.Services, ShopRoles.Staff);
        await using var staff = await NewContextAsync();
        var admin = await staff.NewPageAsync();
        await admin.GotoAsync("/account/login");
        await admin.Locator("input[name='Input.Email']").FillAsync(staffEmail);
        await admin.Locator("input[name='Input.Password']").FillAsync(TestData.Password);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await admin.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));

        await admin.GotoAsync("/admin");
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Admin sections" }).GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("/admin/orders$"));
        await admin.GetByLabel("Customer e-mail contains").FillAsync(buyer);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await admin.WaitForURLAsync(new Regex($"/admin/orders/{number}$"));
        var status = admin.Locator("[data-testid=order-status]");
        await Assertions.Expect(status).ToHaveTextAsync("Paid");
        await Assertions.Expect(admin.Locator(".order-lines")).ToContainTextAsync("E2E fulfilment lantern");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Mark packed" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Packed");
        await admin.GetByLabel("Tracking number").FillAsync("E2E-TRACK-123");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Mark shipped" }).ClickAsync();

        await Assertions.Expect(status).ToHaveTextAsync("Shipped");
        // The real Jobs process sends what the outbox holds: the shopper's shipping e-mail, with the tracking number.
        await using (var worker = await JobsProcess.StartAsync(FastJobs, output: null))
        {
            using var inbox = new MailInbox();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            MailInbox.Summary? shipped = null;
            while (shipped is null)
            {
                Assert.True(DateTime.UtcNow < deadline, $"no shipping e-mail to {buyer}");
                shipped = (await inbox.ToAsync(buyer)).FirstOrDefault(m => m.Subject == $"Your PeakShop order {number} has shipped");
                await Task.Delay(shipped is null ? 200 : 0);
            }
            Assert.Contains("E2E-TRACK-123", await inbox.PlainTextAsync(shipped.Id), StringComparison.Ordinal);
            Assert.Single(await inbox.ToAsync(buyer), m => m.Subject.Contains("has shipped", StringComparison.Ordinal));
        }
        await Assertions.Expect(admin.Locator("[data-testid=order-done]")).ToContainTextAsync("shipping e-mail is on its way");
        await Assertions.Expect(admin.Locator("[data-testid=tracking-number]")).ToHaveTextAsync("E2E-TRACK-123");
        await Assertions.Expect(admin.Locator(".order-history")).ToContainTextAsync("Packed → Shipped");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("admin-order-shipped"), FullPage = true });
        await AxeAssertions.AssertNoSeriousViolationsAsync(admin);

        // The dashboard's charts and tables pass the same accessibility check.
        await admin.GotoAsync("/admin", new PageGotoOptions { WaitUntil = WaitUntilState.NetworkIdle });
        await Assertions.Expect(admin.Locator("svg[role=img]")).ToHaveCountAsync(2);
        // Summary figures at the top: this order counts (shipped), so there is revenue and an average order.
        await Assertions.Expect(admin.Locator("[data-testid=figure-revenue] .figure-value")).ToHaveTextAsync(new Regex(@"^€[\d,]+\.\d\d$"));
        Assert.NotEqual("0", await admin.Locator("[data-testid=figure-orders] .figure-value").InnerTextAsync());
        await Assertions.Expect(admin.Locator("[data-testid=figure-average] .figure-value")).ToHaveTextAsync(new Regex(@"^€[\d,]+\.\d\d$"));
        await Assertions.Expect(admin.Locator("[data-testid=figure-low-stock] .figure-value")).ToHaveTextAsync(new Regex(@"^[\d,]+$"));
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("admin-dashboard"), FullPage = true });
        await AxeAssertions.AssertNoSeriousViolationsAsync(admin);
    }

    [Fact]
    public async Task Staff_OnAPhone_CancelsAnOrderOnlyAfterConfirming_AndTheStockComesBack()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "E2E cancel lantern", 12.00m);
        var number = await PlaceAsync(product.Id, product.Price, quantity: 3);
        var (context, admin, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Staff);
        await using var _ = context;
        await admin.SetViewportSizeAsync(390, 844);

        await admin.GotoAsync($"/admin/orders/{number}");
        var status = admin.Locator("[data-testid=order-status]");
        await Assertions.Expect(status).ToHaveTextAsync("Paid");
        // Nothing on the page is wider than the phone: the tables scroll in their own boxes.
        Assert.Equal(390, await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Cancel order and restock" })).ToHaveClassAsync(new Regex(@"\bbutton-danger\b"));

        // The first click asks; nothing has changed yet.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Cancel order and restock" }).ClickAsync();
        var confirm = admin.Locator("[data-testid=confirm-step]");
        await Assertions.Expect(confirm).ToContainTextAsync($"Cancel order {number} and restock its items?");
        await Assertions.Expect(status).ToHaveTextAsync("Paid");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("admin-order-cancel-confirm-390"), FullPage = true });
        await AxeAssertions.AssertNoSeriousViolationsAsync(admin);

        // Changing one's mind keeps the order.
        await confirm.GetByRole(AriaRole.Link, new() { Name = "No, keep the order" }).ClickAsync();
        await Assertions.Expect(confirm).ToHaveCountAsync(0);
        await Assertions.Expect(status).ToHaveTextAsync("Paid");
        Assert.Equal(17, await StockAsync(product.Id));

        await admin.GetByRole(AriaRole.Button, new() { Name = "Cancel order and restock" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel and restock" }).ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Cancelled");
        await Assertions.Expect(admin.Locator("[data-testid=order-done]")).ToContainTextAsync("back in stock");
        Assert.Equal(20, await StockAsync(product.Id));
    }

    /// <summary>An order for <paramref name="quantity"/> of the product through the real checkout service.</summary>
    private async Task<string> PlaceAsync(int productId, decimal price, int quantity)
    {
        var cart = $"e2e:{Guid.NewGuid():N}";
        await fixture.Services.GetRequiredService<CartStore>().SetLineAsync(cart, new StoredCartLine(productId, quantity, price));
        await using var scope = fixture.Services.CreateAsyncScope();
        var placed = await scope.ServiceProvider.GetRequiredService<CheckoutService>().PlaceOrderAsync(new CheckoutRequest(
            cart, Guid.NewGuid(), $"e2e-cancel-{Guid.NewGuid():N}@example.com", null,
            new Address { FullName = "Ada Lovelace", Line1 = "Hauptstraße 1", City = "Berlin", PostalCode = "10115", Country = "DE" },
            "standard", new CardDetails("4242 4242 4242 4242", "12/39", "123", "Ada Lovelace")));
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
        return placed.OrderNumber!;
    }

    private async Task<int> StockAsync(int productId)
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products.AsNoTracking()
            .Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync();
    }

    private Task<IBrowserContext> NewContextAsync() =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });


}
