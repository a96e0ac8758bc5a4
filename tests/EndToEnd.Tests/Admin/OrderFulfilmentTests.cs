using System.Text.RegularExpressions;
using Microsoft.Playwright;
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
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("admin-dashboard"), FullPage = true });
        await AxeAssertions.AssertNoSeriousViolationsAsync(admin);
    }

    private Task<IBrowserContext> NewContextAsync() =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });


}
