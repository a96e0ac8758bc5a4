using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Api.V1;

/// <summary>
/// A signed-in customer's cart and orders over the API, with the customer's bearer token from <c>/api/v1/auth/token</c>
/// (WP2's endpoint: these tests need it merged).
/// </summary>
public sealed class CustomerOrderApiTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task CustomerCheckout_TheOrderIsTheirs_ListedInMyOrders_AndA404ForAnyoneElse()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 5, price: 25m); // 25 + 4.95 standard shipping
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        var (bearer, _) = await SignInAsync(client);
        var (strangerBearer, _) = await SignInAsync(client);
        var token = await ApiJson.CreateCartAsync(client);
        using var added = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity = 1 });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using var checkout = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{token}/checkout")
        {
            Content = JsonContent.Create(new
            {
                email = "customer@example.com",
                shippingAddress = new { fullName = "Ada Lovelace", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "DE" },
                card = new { number = CheckoutApiTests.GoodCard, expiry = "12/39", cvc = "123" },
            }),
        };
        checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        checkout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);

        using var placed = await client.SendAsync(checkout);

        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var order = await ApiJson.ReadAsync(placed);
        var number = order.GetProperty("number").GetString()!;
        // A customer's order is read with the customer's own token: no order token is handed out.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, order.GetProperty("orderToken").ValueKind);
        var consistency = placed.Headers.GetValues("Consistency-Token").Single();

        using var own = await client.SendAsync(Get($"/api/v1/orders/{number}", bearer, consistency));
        using var mine = await client.SendAsync(Get("/api/v1/me/orders", bearer, consistency));
        using var stranger = await client.SendAsync(Get($"/api/v1/orders/{number}/status", strangerBearer, consistency));
        using var anonymous = await client.SendAsync(Get($"/api/v1/orders/{number}", null, consistency));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(number, (await ApiJson.ReadAsync(own)).GetProperty("number").GetString());
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        var summary = Assert.Single((await ApiJson.ReadAsync(mine)).EnumerateArray());
        Assert.Equal((number, 29.95m), (summary.GetProperty("number").GetString(), summary.GetProperty("total").GetDecimal()));
        await ApiJson.ProblemAsync(stranger, HttpStatusCode.NotFound, "not-found");
        await ApiJson.ProblemAsync(anonymous, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task MyCart_IsTheAccountsCart_TheSiteShows()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        using var client = factory.CreateCookielessClient();
        var (bearer, userId) = await SignInAsync(client);

        using var add = Get("/api/v1/me/cart/lines", bearer, null);
        add.Method = HttpMethod.Post;
        add.Content = JsonContent.Create(new { productId = product.Id, quantity = 2 });
        using var added = await client.SendAsync(add);
        using var update = Get($"/api/v1/me/cart/lines/{product.Id}", bearer, null);
        update.Method = HttpMethod.Put;
        update.Content = JsonContent.Create(new { quantity = 3 });
        using var updated = await client.SendAsync(update);
        using var cart = await client.SendAsync(Get("/api/v1/me/cart", bearer, null));

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
        var body = await ApiJson.ReadAsync(cart);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("token").ValueKind);
        Assert.Equal(3, Assert.Single(body.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32());
        var stored = await factory.Services.GetRequiredService<CartStore>().GetLinesAsync("u:" + userId);
        Assert.Equal((product.Id, 3), (Assert.Single(stored).ProductId, stored[0].Quantity));
    }

    /// <summary>A new confirmed account signed in through the API: its access token and user id.</summary>
    private async Task<(string Bearer, string UserId)> SignInAsync(HttpClient client)
    {
        var email = $"api-c-{Guid.NewGuid():N}@example.com";
        string userId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, StaffAccounts.Password)).Succeeded);
            userId = user.Id;
        }
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = StaffAccounts.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ((await ApiJson.ReadAsync(response)).GetProperty("accessToken").GetString()!, userId);
    }

    private static HttpRequestMessage Get(string path, string? bearer, string? consistency)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (consistency is not null)
        {
            request.Headers.Add("Consistency-Token", consistency);
        }
        return request;
    }
}
