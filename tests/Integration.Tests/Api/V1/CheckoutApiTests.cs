using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Api.V1;

/// <summary>Checkout and the buyer's order over the API, as a guest app without cookies: real PostgreSQL, standby and Redis.</summary>
public sealed class CheckoutApiTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    public const string GoodCard = "4242 4242 4242 4242";
    public const string DeclineCard = "4000000000000002";

    [Fact]
    public async Task Checkout_PlacesTheOrder_201WithLocationAndOrderToken_TheTokenReadsTheOrderAndItsStatus()
    {
        var (client, token, product) = await CartWithAsync(stock: 5, quantity: 2, price: 30m);

        using var response = await CheckoutAsync(client, token, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await ApiJson.ReadAsync(response);
        var number = order.GetProperty("number").GetString()!;
        Assert.Equal($"/api/v1/orders/{number}", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("paid", order.GetProperty("status").GetString());
        Assert.Equal(60m, order.GetProperty("subtotal").GetDecimal());
        Assert.Equal(60m, order.GetProperty("total").GetDecimal()); // free standard shipping from 50
        Assert.Equal("api-buyer@example.com", order.GetProperty("email").GetString());
        Assert.Equal("DE", order.GetProperty("shippingAddress").GetProperty("country").GetString());
        var line = Assert.Single(order.GetProperty("lines").EnumerateArray());
        Assert.Equal((product.Id, 2), (line.GetProperty("productId").GetInt32(), line.GetProperty("quantity").GetInt32()));
        var orderToken = order.GetProperty("orderToken").GetString()!;
        Assert.Equal(3, await TestProducts.StockAsync(factory.Services, product.Id));

        using var get = Request(HttpMethod.Get, $"/api/v1/orders/{number}", orderToken, Consistency(response));
        using var read = await client.SendAsync(get);
        using var statusRequest = Request(HttpMethod.Get, $"/api/v1/orders/{number}/status", orderToken, Consistency(response));
        using var status = await client.SendAsync(statusRequest);
        using var cart = await client.GetAsync(new Uri($"/api/v1/carts/{token}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(read.Headers.CacheControl?.NoStore);
        var again = await ApiJson.ReadAsync(read);
        Assert.Equal(number, again.GetProperty("number").GetString());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("orderToken").ValueKind);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var state = await ApiJson.ReadAsync(status);
        Assert.Equal((number, "paid"), (state.GetProperty("number").GetString(), state.GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, state.GetProperty("trackingNumber").ValueKind);
        Assert.Equal(0, (await ApiJson.ReadAsync(cart)).GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task Checkout_SameKeyAgain_Is200WithTheSameOrderAndReplayedHeader()
    {
        var (client, token, product) = await CartWithAsync(stock: 5, quantity: 1);
        var key = Guid.NewGuid();

        using var first = await CheckoutAsync(client, token, key);
        using var second = await CheckoutAsync(client, token, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        var placed = await ApiJson.ReadAsync(first);
        var replayed = await ApiJson.ReadAsync(second);
        Assert.Equal(placed.GetProperty("number").GetString(), replayed.GetProperty("number").GetString());
        Assert.False(string.IsNullOrEmpty(replayed.GetProperty("orderToken").GetString()));
        Assert.Equal(4, await TestProducts.StockAsync(factory.Services, product.Id));
        Assert.Equal(1, await OrdersOfAsync(product.Id));
    }

    [Fact]
    public async Task Checkout_ConcurrentDuplicatesWithOneKey_MakeOneOrder()
    {
        var (client, token, product) = await CartWithAsync(stock: 20, quantity: 1);
        var key = Guid.NewGuid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => CheckoutAsync(client, token, key))));

        try
        {
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)r.StatusCode}"));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            var numbers = new HashSet<string>();
            foreach (var response in responses)
            {
                numbers.Add((await ApiJson.ReadAsync(response)).GetProperty("number").GetString()!);
            }
            Assert.Single(numbers);
            Assert.Equal(1, await OrdersOfAsync(product.Id));
            Assert.Equal(19, await TestProducts.StockAsync(factory.Services, product.Id));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Checkout_MissingOrInvalidIdempotencyKey_Is400FieldError(string? key)
    {
        var (client, token, product) = await CartWithAsync(stock: 5, quantity: 1);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{token}/checkout") { Content = JsonContent.Create(Body()) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request);

        var errors = (await ApiJson.ProblemAsync(response, HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        Assert.Equal(["Idempotency-Key"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, await TestProducts.StockAsync(factory.Services, product.Id));
    }

    [Fact]
    public async Task Checkout_InvalidFields_Is400WithEachFieldByItsJsonPath()
    {
        var (client, token, product) = await CartWithAsync(stock: 5, quantity: 1);
        var body = new
        {
            email = "not an address",
            shippingAddress = new { fullName = "", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "US" },
            shippingMethod = "teleport",
            card = new { number = GoodCard, expiry = "12/39" },
        };

        using var response = await client.SendAsync(Checkout(token, Guid.NewGuid(), body));

        var errors = (await ApiJson.ProblemAsync(response, HttpStatusCode.BadRequest, "validation")).GetProperty("errors");
        Assert.Equal(
            new[] { "card.cvc", "email", "shippingAddress.country", "shippingAddress.fullName", "shippingMethod" },
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(5, await TestProducts.StockAsync(factory.Services, product.Id));
    }

    [Fact]
    public async Task Checkout_EmptyCart_Is422CartEmpty()
    {
        using var client = factory.CreateCookielessClient();
        var token = await ApiJson.CreateCartAsync(client);

        using var response = await CheckoutAsync(client, token, Guid.NewGuid());

        await ApiJson.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "cart-empty");
    }

    [Fact]
    public async Task Checkout_OnlyTwoLeftSinceAdding_Is422InsufficientStockWithAvailableTwo()
    {
        var (client, token, product) = await CartWithAsync(stock: 3, quantity: 3);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            // Someone else bought one meanwhile.
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products
                .Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, 2));
        }

        using var response = await CheckoutAsync(client, token, Guid.NewGuid());

        var problem = await ApiJson.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "insufficient-stock");
        Assert.Equal(product.Id, problem.GetProperty("productId").GetInt32());
        Assert.Equal(2, problem.GetProperty("available").GetInt32());
        Assert.Contains("only 2", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await OrdersOfAsync(product.Id));
    }

    [Fact]
    public async Task Checkout_DeclinedCard_Is422PaymentDeclined_AndNothingIsWritten()
    {
        var (client, token, product) = await CartWithAsync(stock: 5, quantity: 1);

        using var response = await client.SendAsync(Checkout(token, Guid.NewGuid(), Body(DeclineCard)));

        await ApiJson.ProblemAsync(response, HttpStatusCode.UnprocessableEntity, "payment-declined");
        Assert.Equal(5, await TestProducts.StockAsync(factory.Services, product.Id));
        Assert.Equal(0, await OrdersOfAsync(product.Id));
        using var cart = await client.GetAsync(new Uri($"/api/v1/carts/{token}", UriKind.Relative));
        Assert.Single((await ApiJson.ReadAsync(cart)).GetProperty("lines").EnumerateArray());
    }

    [Fact]
    public async Task Checkout_PastThePerCartLimit_Is429RateLimited_ButAReplayStillAnswers()
    {
        await using var limited = factory.WithWebHostBuilder(b => b.UseSetting("RateLimits:CheckoutPerCart:PermitLimit", "2"));
        var (client, token, _) = await CartWithAsync(stock: 5, quantity: 1, limited);
        using var declined1 = await client.SendAsync(Checkout(token, Guid.NewGuid(), Body(DeclineCard)));
        var key = Guid.NewGuid();
        using var placed = await client.SendAsync(Checkout(token, key, Body()));

        using var refused = await client.SendAsync(Checkout(token, Guid.NewGuid(), Body()));
        using var replay = await client.SendAsync(Checkout(token, key, Body()));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, declined1.StatusCode);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var problem = await ApiJson.ProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(problem.GetProperty("retryAfterSeconds").GetInt32() > 0);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
    }

    [Fact]
    public async Task GetOrder_WithoutTheRightToken_Is404LikeAnUnknownNumber()
    {
        var (client, token, _) = await CartWithAsync(stock: 5, quantity: 1);
        using var placedResponse = await CheckoutAsync(client, token, Guid.NewGuid());
        var placed = await ApiJson.ReadAsync(placedResponse);
        var number = placed.GetProperty("number").GetString()!;
        var (otherClient, otherCart, _) = await CartWithAsync(stock: 5, quantity: 1);
        using var otherResponse = await CheckoutAsync(otherClient, otherCart, Guid.NewGuid());
        var otherToken = (await ApiJson.ReadAsync(otherResponse)).GetProperty("orderToken").GetString()!;

        foreach (var (path, orderToken) in new (string, string?)[]
        {
            ($"/api/v1/orders/{number}", null),
            ($"/api/v1/orders/{number}", "forged"),
            ($"/api/v1/orders/{number}", otherToken),
            ($"/api/v1/orders/{number}/status", otherToken),
            ("/api/v1/orders/PS-1999-999999", placed.GetProperty("orderToken").GetString()),
        })
        {
            using var request = Request(HttpMethod.Get, path, orderToken, Consistency(placedResponse));
            using var response = await client.SendAsync(request);
            await ApiJson.ProblemAsync(response, HttpStatusCode.NotFound, "not-found");
        }
    }

    [Fact]
    public async Task GetOrder_RightAfterCheckoutWhileTheStandbyLags_FoundWithTheConsistencyToken()
    {
        var (client, token, _) = await CartWithAsync(stock: 5, quantity: 1);
        await factory.WaitForStandbyAsync();
        await using var standby = Platform.Admin("standby");
        await standby.CreateCommand("select pg_wal_replay_pause()").ExecuteNonQueryAsync();
        try
        {
            using var placed = await CheckoutAsync(client, token, Guid.NewGuid());
            Assert.True(placed.StatusCode == HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
            var order = await ApiJson.ReadAsync(placed);
            var number = order.GetProperty("number").GetString()!;
            var orderToken = order.GetProperty("orderToken").GetString();
            var consistency = Consistency(placed);
            Assert.False(string.IsNullOrEmpty(consistency), "a write hands out a Consistency-Token");
            Assert.DoesNotContain(placed.Headers, h => h.Key == "Set-Cookie");

            using var withoutRequest = Request(HttpMethod.Get, $"/api/v1/orders/{number}", orderToken, null);
            using var without = await client.SendAsync(withoutRequest);
            using var withRequest = Request(HttpMethod.Get, $"/api/v1/orders/{number}", orderToken, consistency);
            using var with = await client.SendAsync(withRequest);

            // The standby has not replayed the order yet: only the token's reader goes to the primary.
            Assert.Equal((HttpStatusCode.NotFound, "standby"), (without.StatusCode, RoleOf(without)));
            Assert.Equal((HttpStatusCode.OK, "primary"), (with.StatusCode, RoleOf(with)));
            Assert.Equal(consistency, Consistency(with)); // still needed: handed back so a client may keep the last one
        }
        finally
        {
            await standby.CreateCommand("select pg_wal_replay_resume()").ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task MyOrders_Anonymous_Is401Problem()
    {
        using var client = factory.CreateCookielessClient();

        using var orders = await client.GetAsync(new Uri("/api/v1/me/orders", UriKind.Relative));
        using var cart = await client.GetAsync(new Uri("/api/v1/me/cart", UriKind.Relative));

        await ApiJson.ProblemAsync(orders, HttpStatusCode.Unauthorized, "unauthorized");
        await ApiJson.ProblemAsync(cart, HttpStatusCode.Unauthorized, "unauthorized");
    }

    private async Task<(HttpClient Client, string Token, PeakShop.Infrastructure.Catalog.Product Product)> CartWithAsync(
        int stock, int quantity, decimal price = 20m, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>? host = null)
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock, price);
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);
        var client = (host ?? factory).CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        var token = await ApiJson.CreateCartAsync(client);
        using var added = await client.PostAsJsonAsync($"/api/v1/carts/{token}/lines", new { productId = product.Id, quantity });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        return (client, token, product);
    }

    private Task<(HttpClient Client, string Token, PeakShop.Infrastructure.Catalog.Product Product)> CartWithAsync(
        int stock, int quantity, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> host) =>
        CartWithAsync(stock, quantity, 20m, host);

    private static object Body(string card = GoodCard) => new
    {
        email = "api-buyer@example.com",
        shippingAddress = new { fullName = "Ada Lovelace", line1 = "Hauptstraße 1", city = "Berlin", postalCode = "10115", country = "DE" },
        shippingMethod = "standard",
        card = new { number = card, expiry = "12/39", cvc = "123" },
    };

    private static HttpRequestMessage Checkout(string token, Guid key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carts/{token}/checkout") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key.ToString());
        return request;
    }

    private static async Task<HttpResponseMessage> CheckoutAsync(HttpClient client, string token, Guid key)
    {
        using var request = Checkout(token, key, Body());
        return await client.SendAsync(request);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? orderToken, string? consistency)
    {
        var request = new HttpRequestMessage(method, path);
        if (orderToken is not null)
        {
            request.Headers.Add("Order-Token", orderToken);
        }
        if (consistency is not null)
        {
            request.Headers.Add("Consistency-Token", consistency);
        }
        return request;
    }

    private static string? Consistency(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Consistency-Token", out var values) ? values.Single() : null;

    private static string? RoleOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Db-Role", out var values) ? values.Single() : null;

    private async Task<int> OrdersOfAsync(int productId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ShopDbContext>().OrderLines.CountAsync(l => l.ProductId == productId);
    }
}
