using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.EndToEnd.Tests.Storefront;
using PeakShop.Infrastructure.Data;

namespace PeakShop.EndToEnd.Tests.Responsive;

/// <summary>Who looks at a shopper page: the state of the browser that opens it.</summary>
public enum Visitor
{
    /// <summary>No cookies: an empty cart, signed out.</summary>
    Guest,

    /// <summary>Signed out, with two lines in the cart.</summary>
    ShopperWithCart,

    /// <summary>A signed-in customer with one placed order.</summary>
    Customer,
}

/// <summary>What the arranged pages point at: seeded products and the customer's order.</summary>
internal sealed record ShopperPageData(string ProductSlug, string LeafCategorySlug, string BrandSlug, string OrderNumber);

/// <summary>One shopper page: who opens it, where, the status it answers with, and what to do once it is open.</summary>
internal sealed record ShopperPage(string Name, Visitor Visitor, Func<ShopperPageData, string> Path, int Status = 200, Func<IPage, Task>? Then = null)
{
    /// <summary>Every page a shopper sees, by the name its screenshots get (<c>product-390.png</c>).</summary>
    public static readonly IReadOnlyList<ShopperPage> All =
    [
        new("home", Visitor.Guest, _ => "/"),
        new("department", Visitor.Guest, _ => "/c/outdoor"),
        new("category-filtered", Visitor.Guest, d => $"/c/{d.LeafCategorySlug}?brand={d.BrandSlug}&stock=1&sort=price-desc"),
        new("search", Visitor.Guest, _ => "/search?q=tent"),
        new("search-empty", Visitor.Guest, _ => "/search?q=zzzzqqq"),
        new("product", Visitor.Guest, d => $"/p/{d.ProductSlug}"),
        new("cart-empty", Visitor.Guest, _ => "/cart"),
        new("cart", Visitor.ShopperWithCart, _ => "/cart"),
        new("checkout", Visitor.ShopperWithCart, _ => "/checkout"),
        new("checkout-errors", Visitor.ShopperWithCart, _ => "/checkout", Then: SubmitEmptyCheckoutAsync),
        new("confirmation", Visitor.Customer, d => $"/checkout/confirmation/{d.OrderNumber}"),
        new("sign-in", Visitor.Guest, _ => "/account/login"),
        new("register", Visitor.Guest, _ => "/account/register"),
        new("forgot-password", Visitor.Guest, _ => "/account/forgot-password"),
        new("orders", Visitor.Customer, _ => "/account/orders"),
        new("order", Visitor.Customer, d => $"/account/orders/{d.OrderNumber}"),
        new("sessions", Visitor.Customer, _ => "/account/sessions"),
        new("not-found", Visitor.Guest, _ => "/no-such-page", Status: 404),
    ];

    public static ShopperPage Named(string name) => All.Single(p => p.Name == name);

    private static async Task SubmitEmptyCheckoutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await page.Locator(".field-error").First.WaitForAsync();
    }
}

/// <summary>
/// The browsers the responsive tests look through, shared by the whole test class: one context (and one tab) per
/// viewport width and <see cref="Visitor"/>, made from cookies arranged once (a signed-in customer who has ordered, a
/// cart with two lines). Tests of one class run one after another, so they can share a tab.
/// </summary>
public sealed partial class ShopperPageVisits : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(Visitor, int), IPage> _pages = [];
    private readonly List<IBrowserContext> _contexts = [];
    private Dictionary<Visitor, string?>? _cookies;

    internal ShopperPageData Data { get; private set; } = null!;

    /// <summary>The tab of <paramref name="visitor"/> at <paramref name="width"/>, arranging the data on first use.</summary>
    internal async Task<IPage> PageAsync(BrowserFixture browser, Visitor visitor, int width)
    {
        await _gate.WaitAsync();
        try
        {
            _cookies ??= await ArrangeAsync(browser);
            if (!_pages.TryGetValue((visitor, width), out var page))
            {
                var context = await browser.Browser.NewContextAsync(Options(browser, width, _cookies[visitor]));
                _contexts.Add(context);
                page = await context.NewPageAsync();
                _pages[(visitor, width)] = page;
            }
            return page;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A phone (touch, mobile viewport rules) below 800 px, a desktop above.</summary>
    internal static BrowserNewContextOptions Options(BrowserFixture browser, int width, string? storageState = null)
    {
        var phone = width < 800;
        return new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = phone ? 844 : 900 },
            IsMobile = phone,
            HasTouch = phone,
            StorageState = storageState,
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
        _gate.Dispose();
    }

    private async Task<Dictionary<Visitor, string?>> ArrangeAsync(BrowserFixture browser)
    {
        await using var scope = browser.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        // Seeded products (they have pictures), plenty in stock, from one leaf category: not the tents, where the
        // integration tests' products (copies of the first seeded product) gather and would fill the screenshots.
        var products = await db.Products.AsNoTracking()
            .Where(p => p.Category!.Slug == "sleeping-bags" && !p.IsArchived && p.Stock > 10 && !p.Slug.StartsWith("e2e-"))
            .OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.Slug, Brand = p.Brand!.Slug, Category = p.Category!.Slug })
            .Take(2)
            .ToListAsync();
        Assert.True(products.Count == 2, "the seeded catalog has two sleeping bags in stock");

        await using var setup = await browser.Browser.NewContextAsync(Options(browser, 1366));
        var page = await setup.NewPageAsync();

        // A customer who has placed an order with the test card.
        var email = await TestData.CreateCustomerAsync(browser.Services, "e2e-responsive");
        await CheckoutSteps.SignInAsync(page, email);
        await CheckoutSteps.AddToCartAsync(page, products[0].Id, 1);
        await page.GotoAsync("/checkout");
        await CheckoutSteps.FillAsync(page, "4242 4242 4242 4242", email: null);
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await CheckoutSteps.WaitForConfirmationAsync(page);
        var number = OrderNumber().Match(page.Url).Value;
        var customer = await setup.StorageStateAsync();

        // A guest with two lines in the cart.
        await setup.ClearCookiesAsync();
        await CheckoutSteps.AddToCartAsync(page, products[0].Id, 1);
        await CheckoutSteps.AddToCartAsync(page, products[1].Id, 2);
        var shopper = await setup.StorageStateAsync();

        Data = new ShopperPageData(products[0].Slug, products[0].Category, products[0].Brand, number);
        return new() { [Visitor.Guest] = null, [Visitor.ShopperWithCart] = shopper, [Visitor.Customer] = customer };
    }

    [GeneratedRegex(@"PS-\d{4}-\d{6}$")]
    private static partial Regex OrderNumber();
}
