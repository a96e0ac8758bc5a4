using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Web.Storefront;

/// <summary>A shopper's browser against one replica: keeps cookies, never follows redirects, posts forms with the antiforgery token.</summary>
internal sealed partial class ShopSession(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public static ShopSession Open(ShopFactory factory) =>
        new(factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<string> GetHtmlAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<string> TokenAsync(string path = "/account/login") => Token(await GetHtmlAsync(path));

    public static string Token(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token"));

    public static string? Field(string html, string name) =>
        Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? token = null)
    {
        var all = fields.ToList();
        all.Add(new("__RequestVerificationToken", token ?? await TokenAsync()));
        using var content = new FormUrlEncodedContent(all);
        return await Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    public async Task<HttpResponseMessage> AddToCartAsync(int productId, string quantity, string returnUrl = "/products/test") =>
        await PostAsync("/cart/items", [new("productId", productId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", quantity), new("returnUrl", returnUrl)]);

    /// <summary>Registers <paramref name="email"/> (a new account), then signs in with it.</summary>
    public async Task RegisterAsync(string email, string password = "Peak-Shop-2026!")
    {
        var html = await GetHtmlAsync("/account/register");
        using var response = await PostAsync("/account/register",
            [new("_handler", "register"), new("Input.Email", email), new("Input.Password", password), new("Input.ConfirmPassword", password)],
            Token(html));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"register: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.EndsWith("/account/check-email", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        // Registering signs nobody in (a known address must get the same answer): sign in as the shopper would.
        await SignInAsync(email, password);
    }

    /// <summary>Posts the sign-in form; asserts the redirect that means it worked.</summary>
    public async Task SignInAsync(string email, string password = "Peak-Shop-2026!")
    {
        var html = await GetHtmlAsync("/account/login");
        using var response = await PostAsync("/account/login",
            [new("_handler", "login"), new("Input.Email", email), new("Input.Password", password)], Token(html));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign in: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Fills and posts the checkout form as rendered; returns the response (302 to the confirmation on success).</summary>
    public async Task<HttpResponseMessage> CheckoutAsync(string card = "4242 4242 4242 4242", string? html = null, string email = "guest@example.com")
    {
        html ??= await GetHtmlAsync("/checkout");
        return await PostAsync("/checkout", CheckoutFields(html, card, email), Token(html));
    }

    public static List<KeyValuePair<string, string>> CheckoutFields(string html, string card, string email = "guest@example.com") =>
    [
        new("_handler", "checkout"),
        new("Form.IdempotencyKey", Field(html, "Form.IdempotencyKey") ?? throw new InvalidOperationException("no idempotency key")),
        new("Form.Email", email),
        new("Form.FullName", "Ada Lovelace"),
        new("Form.Line1", "Hauptstraße 1"),
        new("Form.PostalCode", "10115"),
        new("Form.City", "Berlin"),
        new("Form.Country", "DE"),
        new("Form.ShippingMethod", "standard"),
        new("Form.CardNumber", card),
        new("Form.CardExpiry", "12/39"),
        new("Form.CardCvc", "123"),
    ];

    /// <summary>The path (and query) a redirect points to, whether the Location is absolute or relative.</summary>
    public static string PathOf(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery;

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>Products made for one test, so stock and price are known and no other test shares them.</summary>
internal static class TestProducts
{
    // Old enough that test products never push the seeded catalog off the home page's "new arrivals".
    private static readonly DateTimeOffset TestCreatedAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<Product> CreateAsync(IServiceProvider services, int stock, decimal price = 20m, string? name = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var template = await db.Products.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var product = new Product
        {
            Sku = "T-" + suffix,
            Slug = "test-" + suffix,
            Name = name ?? "Test product " + suffix,
            Description = "Made by a test.",
            Price = price,
            Currency = "EUR",
            Stock = stock,
            BrandId = template.BrandId,
            CategoryId = template.CategoryId,
            CreatedAt = TestCreatedAt,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product;
    }

    public static async Task<int> StockAsync(IServiceProvider services, int productId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        return await db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync();
    }

    /// <summary>Waits until the standby serves the product (the cart reads the catalog there).</summary>
    public static async Task WaitVisibleOnStandbyAsync(IServiceProvider services, int productId, Func<Product, bool>? condition = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var read = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
                var product = await read.Products.SingleOrDefaultAsync(p => p.Id == productId);
                if (product is not null && (condition?.Invoke(product) ?? true))
                {
                    return;
                }
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"product {productId} not visible on the read context");
            }
            await Task.Delay(50);
        }
    }
}
