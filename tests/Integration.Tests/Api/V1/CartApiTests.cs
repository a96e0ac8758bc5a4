using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Cart;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Api.V1;

/// <summary>Carts over the API as a guest app would use them (no cookies), on the real Redis and standby.</summary>
public sealed class CartApiTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task CreateCart_Returns201WithLocationOfTheNewToken()
    {
        using var client = factory.CreateCookielessClient();

        using var response = await client.PostAsync(new Uri("/api/v1/carts", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var cart = await ApiJson.ReadAsync(response);
        var token = cart.GetProperty("token").GetString()!;
        Assert.Equal($"/api/v1/carts/{token}", response.Headers.Location?.OriginalString);
        Assert.Equal(0, cart.GetProperty("lines").GetArrayLength());
        Assert.Equal(0, cart.GetProperty("itemCount").GetInt32());
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie");
        using var get = await client.GetAsync(new Uri(response.Headers.Location!.OriginalString, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(get.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Cart_UnknownToken_Is404Problem(string token)
    {
        using var client = factory.CreateCookielessClient();

        using var get = await client.GetAsync(new Uri($"/api/v1/carts/{token}", UriKind.Relative));
        using var add = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = 1, quantity = 1 });
        using var put = await client.PutAsJsonAsync($"/api/v1/carts/{token}/lines/1", new { quantity = 1 });
        using var delete = await client.DeleteAsync(new Uri($"/api/v1/carts/{token}/lines/1", UriKind.Relative));

        foreach (var response in new[] { get, add, put, delete })
        {
            await ApiJson.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        }
    }

    [Fact]
    public async Task AddLine_TwiceAndUnknownFieldsIgnored_AddsUpAndPricesTheCart()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 10, price: 12.50m);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);

        using var first = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 2, colour = "red", extra = new { nested = true } });
        using var second = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var cart = await ApiJson.ReadAsync(second);
        Assert.Equal(token, cart.GetProperty("token").GetString());
        var line = Assert.Single(cart.GetProperty("lines").EnumerateArray());
        Assert.Equal(product.Id, line.GetProperty("productId").GetInt32());
        Assert.Equal(3, line.GetProperty("quantity").GetInt32());
        Assert.Equal(37.50m, line.GetProperty("lineTotal").GetDecimal());
        Assert.Equal(37.50m, cart.GetProperty("subtotal").GetDecimal());
        Assert.Equal(3, cart.GetProperty("itemCount").GetInt32());
        Assert.Equal("EUR", cart.GetProperty("currency").GetString());
        // The same Redis cart the pages use.
        var stored = await factory.Services.GetRequiredService<CartStore>().GetLinesAsync(ApiJson.CartId(factory, token));
        Assert.Equal(3, Assert.Single(stored).Quantity);
    }

    [Fact]
    public async Task AddLine_MissingOrOutOfRangeFields_Is400WithFieldErrors()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 200);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);

        using var empty = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { });
        using var zero = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 0 });
        using var tooMany = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 100 });

        var problem = await ApiJson.ProblemAsync(empty, HttpStatusCode.BadRequest, "validation");
        Assert.True(problem.GetProperty("errors").TryGetProperty("productId", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("quantity", out _));
        foreach (var response in new[] { zero, tooMany })
        {
            var errors = (await ApiJson.ProblemAsync(response, HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
            Assert.Equal(["quantity"], errors.EnumerateObject().Select(p => p.Name));
        }
        Assert.Empty(await factory.Services.GetRequiredService<CartStore>().GetLinesAsync(ApiJson.CartId(factory, token)));
    }

    [Fact]
    public async Task AddLine_BodyNotJson_IsAClientErrorNotAServerError()
    {
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);

        using var broken = await client.PostAsync(new Uri($"/api/v1/carts/{token}/lines", UriKind.Relative),
            new StringContent("{\"productId\": \"many\"", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    [Fact]
    public async Task AddLine_OnlyTwoLeft_Is422InsufficientStockWithAvailable()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 2);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);

        using var response = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 3 });

        var problem = await ApiJson.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "insufficient-stock");
        Assert.Equal(2, problem.GetProperty("available").GetInt32());
        Assert.Equal(product.Id, problem.GetProperty("productId").GetInt32());
    }

    [Fact]
    public async Task AddLine_UnknownProduct_Is422ProductUnavailable()
    {
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);

        using var response = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = int.MaxValue, quantity = 1 });

        var problem = await ApiJson.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "product-unavailable");
        Assert.Equal(int.MaxValue, problem.GetProperty("productId").GetInt32());
    }

    [Fact]
    public async Task UpdateLine_SetsQuantity_RefusesAboveStock_And404sForALineNotInTheCart()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 5, price: 10m);
        var other = await TestProducts.CreateAsync(factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, other.Id);
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);
        using var added = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 1 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        using var set = await client.PutAsJsonAsync($"/api/v1/carts/{token}/lines/{product.Id}", new { quantity = 4 });
        using var above = await client.PutAsJsonAsync($"/api/v1/carts/{token}/lines/{product.Id}", new { quantity = 6 });
        using var missingQuantity = await client.PutAsJsonAsync($"/api/v1/carts/{token}/lines/{product.Id}", new { });
        using var notInCart = await client.PutAsJsonAsync($"/api/v1/carts/{token}/lines/{other.Id}", new { quantity = 1 });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var line = Assert.Single((await ApiJson.ReadAsync(set)).GetProperty("lines").EnumerateArray());
        Assert.Equal(4, line.GetProperty("quantity").GetInt32());
        Assert.Equal(5, (await ApiJson.ProblemAsync(above, HttpStatusCode.UnprocessableEntity, "insufficient-stock")).GetProperty("available").GetInt32());
        await ApiJson.ProblemAsync(missingQuantity, HttpStatusCode.BadRequest, "validation");
        await ApiJson.ProblemAsync(notInCart, HttpStatusCode.NotFound, "not-found");
        var stored = await factory.Services.GetRequiredService<CartStore>().GetLinesAsync(ApiJson.CartId(factory, token));
        Assert.Equal(4, Assert.Single(stored).Quantity);
    }

    [Fact]
    public async Task RemoveLine_Is204_AndTheCartNoLongerHasIt()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);
        using var added = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 1 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        using var removed = await client.DeleteAsync(new Uri($"/api/v1/carts/{token}/lines/{product.Id}", UriKind.Relative));
        using var again = await client.DeleteAsync(new Uri($"/api/v1/carts/{token}/lines/{product.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var get = await client.GetAsync(new Uri($"/api/v1/carts/{token}", UriKind.Relative));
        Assert.Equal(0, (await ApiJson.ReadAsync(get)).GetProperty("lines").GetArrayLength());
    }
}
