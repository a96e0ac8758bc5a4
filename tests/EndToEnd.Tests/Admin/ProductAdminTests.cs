using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;

namespace PeakShop.EndToEnd.Tests.Admin;

[Collection(BrowserCollection.Name)]
public sealed class ProductAdminTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Staff_CreatesAProductWithALibraryImage_AddsStockWithAReason_AndItAppearsInTheShop()
    {
        var (context, page, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Staff);
        await using var _ = context;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = $"Ridge lantern {suffix}";
        var image = await MediaFixtures.InsertImageAsync(fixture, $"lantern-{suffix}.jpg", 1600, 1200);

        try
        {
            await StaffBrowser.OpenInteractiveAsync(page, "/admin/products/new");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
            await page.GetByLabel("SKU").FillAsync("RL-" + suffix.ToUpperInvariant());
            await page.GetByLabel("Price (EUR)").FillAsync("34.90");
            // Stock is not a field of the product form: it changes on the stock page, with a reason.
            await Assertions.Expect(page.GetByLabel("Stock", new() { Exact = true })).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=stock-readout]")).ToContainTextAsync("Starts at 0");
            await page.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 2 });
            await page.GetByLabel("Brand").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await page.GetByLabel("Description").FillAsync("A lantern made by an end-to-end test.");

            // The image comes from the media library: search by name, pick it, see its preview, describe it.
            await page.GetByRole(AriaRole.Button, new() { Name = "Add from the media library" }).ClickAsync();
            await page.GetByLabel("Search published images by name or description").FillAsync($"lantern-{suffix}");
            var pick = page.Locator($"button.media-pick[data-media='{image.Id}']");
            await Assertions.Expect(page.Locator("button.media-pick")).ToHaveCountAsync(1);
            await pick.ClickAsync();
            await Assertions.Expect(pick).ToBeDisabledAsync();
            var row = page.Locator(".image-row");
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row.Locator("img")).ToHaveAttributeAsync("src", new Regex($"/media/{image.Hash}/320\\.webp$"));
            await row.GetByLabel("Alt text of image 1").FillAsync("A brass lantern glowing on a rock");
            await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-product-images"), FullPage = true });
            await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
            await page.WaitForURLAsync(new Regex(@"/admin/products/\d+$"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
            await Assertions.Expect(page.Locator("[data-testid=stock]")).ToHaveTextAsync("0");
            await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-product-created"), FullPage = true });

            await page.GetByRole(AriaRole.Link, new() { Name = "Change stock" }).ClickAsync();
            await page.WaitForURLAsync(new Regex(@"/admin/products/\d+/stock$"));
            await page.GetByLabel("Change (e.g. 10 to add, -3 to remove)").FillAsync("12");
            await page.GetByRole(AriaRole.Button, new() { Name = "Adjust stock" }).ClickAsync();
            // The reason is required.
            await Assertions.Expect(page.GetByText("Give a reason (e.g. delivery, stock count, damaged).")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=stock]")).ToHaveTextAsync("0");
            await page.GetByLabel("Reason").FillAsync("First delivery");
            await page.GetByRole(AriaRole.Button, new() { Name = "Adjust stock" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=stock]")).ToHaveTextAsync("12");
            await Assertions.Expect(page.Locator(".admin-table")).ToContainTextAsync("First delivery");

            // A shopper (another context, no cookies) sees it in the shop at once, with the library image.
            await using var shopper = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
            var shop = await shopper.NewPageAsync();
            var response = await shop.GotoAsync($"/p/ridge-lantern-{suffix}");
            Assert.Equal(200, response!.Status);
            await Assertions.Expect(shop.Locator("h1")).ToHaveTextAsync(name);
            await Assertions.Expect(shop.Locator(".price")).ToHaveTextAsync("€34.90");
            await Assertions.Expect(shop.Locator($"img[alt='A brass lantern glowing on a rock']")).ToHaveAttributeAsync("src", new Regex($"/media/{image.Hash}/1600\\.jpg$"));
        }
        finally
        {
            // The product is the newest in the shop, and its image's files are not served: archived, it leaves the
            // home page's new arrivals to the seeded catalog for the tests that run after this one.
            await using var scope = fixture.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products.Where(p => p.Name == name)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.IsArchived, true));
            await fixture.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Catalog]);
        }
    }

    [Fact]
    public async Task Product_ValidationMessages_ShowBesideTheFields_AndNothingIsSaved()
    {
        var (context, page, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Staff);
        await using var _ = context;

        await StaffBrowser.OpenInteractiveAsync(page, "/admin/products/new");
        await page.GetByLabel("SKU").FillAsync("lower case!");
        await page.GetByLabel("Price (EUR)").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();

        await Assertions.Expect(page.GetByText("Enter a name.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("A SKU is 1–32 capital letters, digits and hyphens.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("The price must be between 0 and 1,000,000.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Choose a category.")).ToBeVisibleAsync();
        Assert.EndsWith("/admin/products/new", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoStaff_EditTheSameProduct_TheSecondSeesAConflict_AndNothingIsOverwritten()
    {
        int id;
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var template = await db.Products.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
            var suffix = Guid.NewGuid().ToString("N")[..8];
            var product = new PeakShop.Infrastructure.Catalog.Product
            {
                Sku = "CF-" + suffix.ToUpperInvariant(), Slug = "conflict-" + suffix, Name = "Conflict tent " + suffix, Description = "Edited twice.",
                Price = 100m, Currency = "EUR", Stock = 5, BrandId = template.BrandId, CategoryId = template.CategoryId,
                CreatedAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), UpdatedAt = DateTimeOffset.UtcNow,
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            id = product.Id;
        }
        var (aliceContext, alice, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Staff);
        await using var _a = aliceContext;
        var (bobContext, bob, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Admin);
        await using var _b = bobContext;
        await StaffBrowser.OpenInteractiveAsync(alice, $"/admin/products/{id}");
        await StaffBrowser.OpenInteractiveAsync(bob, $"/admin/products/{id}");

        await alice.GetByLabel("Price (EUR)").FillAsync("111.00");
        await alice.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(alice.Locator(".notice-ok")).ToContainTextAsync("Saved.");

        await bob.GetByLabel("Name", new() { Exact = true }).FillAsync("Bob's tent");
        await bob.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        var conflict = bob.Locator(".conflict");
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        await Assertions.Expect(conflict).ToContainTextAsync("Someone else saved this product while you were editing");
        await Assertions.Expect(conflict.Locator("tr", new() { HasText = "Price" })).ToContainTextAsync("111.00");
        await Assertions.Expect(conflict.Locator("tr", new() { HasText = "Name" })).ToContainTextAsync("Bob's tent");
        await bob.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-product-conflict"), FullPage = true });
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products.AsNoTracking().SingleAsync(p => p.Id == id);
            Assert.Equal(111m, saved.Price);
            Assert.StartsWith("Conflict tent", saved.Name, StringComparison.Ordinal);
        }

        // Bob decides to keep his name on top of Alice's price: an explicit overwrite of the version now saved.
        await bob.GetByRole(AriaRole.Button, new() { Name = "Save mine over it" }).ClickAsync();
        await Assertions.Expect(bob.Locator(".notice-ok")).ToContainTextAsync("Saved.");
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var saved = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products.AsNoTracking().SingleAsync(p => p.Id == id);
            Assert.Equal("Bob's tent", saved.Name);
        }
    }
}
