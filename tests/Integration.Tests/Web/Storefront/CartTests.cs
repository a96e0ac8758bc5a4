using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Web.Shopper;

namespace PeakShop.Integration.Tests.Web.Storefront;

public sealed class CartTests : IClassFixture<ShopFactory>
{
    private readonly ShopFactory _factory;

    public CartTests(ShopFactory factory) => _factory = factory;

    [Fact]
    public async Task Cart_IsSharedByReplicas_ThroughTheSignedCookie()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5, name: "Replica test lantern");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var shopper = ShopSession.Open(_factory);

        using var added = await shopper.AddToCartAsync(product.Id, "2");
        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Equal("/cart", added.Headers.Location?.OriginalString);
        var cookie = added.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CartCookie.Name + "=", StringComparison.Ordinal)).Split(';')[0];

        // A second Web host (its own process state) reads the same cart from Redis with the same cookie.
        await using var otherReplica = new ShopFactory();
        using var other = otherReplica.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cart");
        request.Headers.Add("Cookie", cookie);
        using var response = await other.SendAsync(request);
        var html = (await response.Content.ReadAsStringAsync()).Replace("&#x20AC;", "€", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Replica test lantern", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"2 items\"", html, StringComparison.Ordinal);
        Assert.Contains("€40.00", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddItem_AskedForJson_AnswersWithTheCount_InsteadOfARedirect()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5, name: "Json test lantern");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var shopper = ShopSession.Open(_factory);
        using (var first = await shopper.AddToCartAsync(product.Id, "1"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        }

        using var added = await PostJsonAsync(shopper, product.Id, "2");
        using var refused = await PostJsonAsync(shopper, product.Id, "9");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("application/json", added.Content.Headers.ContentType?.MediaType);
        using (var json = System.Text.Json.JsonDocument.Parse(await added.Content.ReadAsStringAsync()))
        {
            Assert.Equal(3, json.RootElement.GetProperty("count").GetInt32());
        }
        // Too many: the product page that explains it (only 2 more fit), for the script to open.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        using (var json = System.Text.Json.JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("stock", json.RootElement.GetProperty("error").GetString());
            Assert.Equal("/products/test?cart_error=stock&cart_max=2", json.RootElement.GetProperty("location").GetString());
        }
        Assert.Contains("aria-label=\"3 items\"", await shopper.GetHtmlAsync("/cart"), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(ShopSession shopper, int productId, string quantity)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/cart/items")
        {
            Content = new FormUrlEncodedContent([
                new("productId", productId.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("quantity", quantity),
                new("returnUrl", "/products/test")]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return await shopper.Client.SendAsync(request);
    }

    [Fact]
    public async Task Cart_TamperedCookie_GivesAnEmptyCart()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var shopper = ShopSession.Open(_factory);
        using var added = await shopper.AddToCartAsync(product.Id, "1");
        var cookie = added.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CartCookie.Name + "=", StringComparison.Ordinal)).Split(';')[0];
        var tampered = cookie[..^4] + (cookie[^4..] == "AAAA" ? "BBBB" : "AAAA");

        using var client = _factory.CreateCookielessClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cart");
        request.Headers.Add("Cookie", tampered);
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your cart is empty", html, StringComparison.Ordinal);
        Assert.DoesNotContain(product.Name, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "/products/test?cart_error=quantity")]
    [InlineData("100", "/products/test?cart_error=quantity")]
    [InlineData("-3", "/products/test?cart_error=quantity")]
    [InlineData("lots", "/products/test?cart_error=quantity")]
    [InlineData("4", "/products/test?cart_error=stock&cart_max=3")]
    public async Task AddItem_InvalidQuantity_RedirectsBackWithACode(string quantity, string expected)
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 3);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var shopper = ShopSession.Open(_factory);

        using var response = await shopper.AddToCartAsync(product.Id, quantity);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AddItem_AboveStockCountingTheCart_ReportsWhatIsLeft()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 3);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var shopper = ShopSession.Open(_factory);
        using var first = await shopper.AddToCartAsync(product.Id, "2");

        using var second = await shopper.AddToCartAsync(product.Id, "2", "/products/x?colour=red");

        Assert.Equal("/cart", first.Headers.Location?.OriginalString);
        Assert.Equal("/products/x?colour=red&cart_error=stock&cart_max=1", second.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AddItem_UnknownOrArchivedProduct_IsUnavailable()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 3);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products
                .Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsArchived, true));
        }
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id, p => p.IsArchived);
        using var shopper = ShopSession.Open(_factory);

        using var archived = await shopper.AddToCartAsync(product.Id, "1");
        using var unknown = await shopper.AddToCartAsync(int.MaxValue, "1");

        Assert.Equal("/products/test?cart_error=unavailable", archived.Headers.Location?.OriginalString);
        Assert.Equal("/products/test?cart_error=unavailable", unknown.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("//evil.example/phish")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task AddItem_NonLocalReturnUrl_RedirectsHome(string returnUrl)
    {
        using var shopper = ShopSession.Open(_factory);

        using var response = await shopper.AddToCartAsync(int.MaxValue, "1", returnUrl);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/?cart_error=unavailable", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task UpdateLine_WithoutAntiforgeryToken_IsRejected()
    {
        // The cart page is personal and keeps its tokens (adding from the shared product page is guarded by origin instead).
        using var client = _factory.CreateCookielessClient();
        using var content = new FormUrlEncodedContent([new("productId", "1"), new("quantity", "1"), new("action", "update")]);

        using var response = await client.PostAsync(new Uri("/cart/lines", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(CartCookie.Name, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CartPage_ChangeQuantity_ValidatesInPage_AndRemoves()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 4, price: 12.50m);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var shopper = ShopSession.Open(_factory);
        using var added = await shopper.AddToCartAsync(product.Id, "1");
        var id = product.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var tooMany = await shopper.PostAsync("/cart/lines", [new("productId", id), new("quantity", "5"), new("action", "update")]);
        var withError = await shopper.GetHtmlAsync(tooMany.Headers.Location!.OriginalString);
        using var three = await shopper.PostAsync("/cart/lines", [new("productId", id), new("quantity", "3"), new("action", "update")]);
        var updated = await shopper.GetHtmlAsync("/cart");
        using var removed = await shopper.PostAsync("/cart/lines", [new("productId", id), new("action", "remove")]);
        var empty = await shopper.GetHtmlAsync("/cart");

        Assert.Equal($"/cart?line={id}&cart_error=stock&cart_max=4", tooMany.Headers.Location!.OriginalString);
        Assert.Contains("Only 4 in stock.", withError, StringComparison.Ordinal);
        Assert.Equal("/cart", three.Headers.Location!.OriginalString);
        Assert.Matches("class=\"subtotal\"[^>]*>€37.50<", updated.Replace("&#x20AC;", "€", StringComparison.Ordinal));
        Assert.Contains("Your cart is empty", empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CartPage_PriceChangedSinceAdded_ShowsNoticeAndCurrentPrice()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 4, price: 10m, name: "Price watch tent");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var shopper = ShopSession.Open(_factory);
        using var added = await shopper.AddToCartAsync(product.Id, "2");
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products
                .Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Price, 12m));
        }
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id, p => p.Price == 12m);

        var html = (await shopper.GetHtmlAsync("/cart")).Replace("&#x20AC;", "€", StringComparison.Ordinal);

        Assert.Contains("Price watch tent: was €10.00, now €12.00", html, StringComparison.Ordinal);
        Assert.Matches("class=\"subtotal\"[^>]*>€24.00<", html);
    }
}
