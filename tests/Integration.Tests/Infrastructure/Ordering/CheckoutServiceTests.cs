using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;
using PeakShop.Integration.Tests.Web.Storefront;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Infrastructure.Ordering;

public sealed class CheckoutServiceTests : IClassFixture<ShopFactory>
{
    private static readonly Address Berlin = new() { FullName = "Ada Lovelace", Line1 = "Hauptstraße 1", City = "Berlin", PostalCode = "10115", Country = "DE" };
    private static readonly CardDetails GoodCard = new("4242 4242 4242 4242", "12/39", "123", "Ada Lovelace");
    private readonly ShopFactory _factory;
    private readonly ITestOutputHelper _output;

    public CheckoutServiceTests(ShopFactory factory, ITestOutputHelper output)
    {
        _factory = factory;
        _output = output;
    }

    [Fact]
    public async Task PlaceOrder_FiftyConcurrentBuyersForTenUnits_SellsExactlyTen()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 10, price: 15m, name: "Last-units stove");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        var store = _factory.Services.GetRequiredService<CartStore>();
        var carts = Enumerable.Range(0, 50).Select(i => $"test:{Guid.NewGuid():N}").ToList();
        foreach (var cart in carts)
        {
            await store.SetLineAsync(cart, new StoredCartLine(product.Id, 1, 15m));
        }

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(carts.Select(cart => Task.Run(() => PlaceAsync(cart, Guid.NewGuid()))));
        clock.Stop();
        _output.WriteLine($"50 concurrent checkouts for 10 units: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(10, results.Count(r => r.Outcome == CheckoutOutcome.Placed));
        var losers = results.Where(r => r.Outcome != CheckoutOutcome.Placed).ToList();
        Assert.Equal(40, losers.Count);
        Assert.All(losers, r =>
        {
            Assert.Equal(CheckoutOutcome.OutOfStock, r.Outcome);
            Assert.Contains("Last-units stove", r.Message, StringComparison.Ordinal);
        });
        Assert.Equal(0, await TestProducts.StockAsync(_factory.Services, product.Id));
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal(10, await db.OrderLines.CountAsync(l => l.ProductId == product.Id));
        Assert.Equal(10, results.Where(r => r.HasOrder).Select(r => r.OrderNumber).Distinct().Count());
        // Winners' carts are emptied; every loser keeps theirs.
        var kept = 0;
        foreach (var cart in carts)
        {
            kept += (await store.GetLinesAsync(cart)).Count;
        }
        Assert.Equal(40, kept);
    }

    [Fact]
    public async Task PlaceOrder_LosingTheLastUnits_SaysHowManyAreLeft()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 3, name: "Three-left rope");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        var store = _factory.Services.GetRequiredService<CartStore>();
        var first = $"test:{Guid.NewGuid():N}";
        var second = $"test:{Guid.NewGuid():N}";
        await store.SetLineAsync(first, new StoredCartLine(product.Id, 2, 20m));
        await store.SetLineAsync(second, new StoredCartLine(product.Id, 2, 20m));

        var won = await PlaceAsync(first, Guid.NewGuid());
        var lost = await PlaceAsync(second, Guid.NewGuid());

        Assert.Equal(CheckoutOutcome.Placed, won.Outcome);
        Assert.Equal(CheckoutOutcome.OutOfStock, lost.Outcome);
        Assert.Contains("only 1 of “Three-left rope” left", lost.Message, StringComparison.Ordinal);
        Assert.Single(await store.GetLinesAsync(second));
        Assert.Equal(1, await TestProducts.StockAsync(_factory.Services, product.Id));
    }

    [Fact]
    public async Task PlaceOrder_SameKeyTwiceAtOnce_MakesOneOrder()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 10);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        var store = _factory.Services.GetRequiredService<CartStore>();
        var cart = $"test:{Guid.NewGuid():N}";
        await store.SetLineAsync(cart, new StoredCartLine(product.Id, 2, 20m));
        var key = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PlaceAsync(cart, key))));

        Assert.All(results, r => Assert.True(r.HasOrder, r.Outcome + " " + r.Message));
        Assert.Single(results.Select(r => r.OrderNumber).Distinct());
        Assert.Equal(1, results.Count(r => r.Outcome == CheckoutOutcome.Placed));
        Assert.Equal(8, await TestProducts.StockAsync(_factory.Services, product.Id));
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Orders.CountAsync(o => o.IdempotencyKey == CheckoutKeys.Bind(cart, key)));
    }

    [Fact]
    public async Task PlaceOrder_DeclinedCard_WritesNothingAndKeepsTheCart()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        var store = _factory.Services.GetRequiredService<CartStore>();
        var cart = $"test:{Guid.NewGuid():N}";
        await store.SetLineAsync(cart, new StoredCartLine(product.Id, 2, 20m));
        var key = Guid.NewGuid();

        var result = await PlaceAsync(cart, key, new CardDetails("4000 0000 0000 0002", "12/39", "123", "Ada"));

        Assert.Equal(CheckoutOutcome.PaymentFailed, result.Outcome);
        Assert.Contains("declined", result.Message, StringComparison.Ordinal);
        Assert.Equal(5, await TestProducts.StockAsync(_factory.Services, product.Id));
        Assert.Single(await store.GetLinesAsync(cart));
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Orders.AnyAsync(o => o.IdempotencyKey == CheckoutKeys.Bind(cart, key)));
    }

    [Fact]
    public async Task PlaceOrder_SnapshotsCurrentDatabasePrices_AndNumbersFromTheSequence()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5, price: 30m);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        var store = _factory.Services.GetRequiredService<CartStore>();
        var cart = $"test:{Guid.NewGuid():N}";
        // The price in the cart is stale: the order must use today's 30.00, and standard shipping is free from 50.
        await store.SetLineAsync(cart, new StoredCartLine(product.Id, 2, 1m));

        var result = await PlaceAsync(cart, Guid.NewGuid());

        Assert.Equal(CheckoutOutcome.Placed, result.Outcome);
        Assert.Matches(@"^PS-\d{4}-\d{6}$", result.OrderNumber);
        await using var scope = _factory.Services.CreateAsyncScope();
        var order = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Orders.Include(o => o.Lines).SingleAsync(o => o.Number == result.OrderNumber);
        Assert.Equal(60m, order.Subtotal);
        Assert.Equal(0m, order.ShippingTotal);
        Assert.Equal(60m, order.Total);
        Assert.Equal(10m, order.TaxTotal);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(30m, Assert.Single(order.Lines).UnitPrice);
    }

    [Fact]
    public async Task PlaceOrder_InvalidatesTheCachedProductsWhoseStockChanged()
    {
        var recorder = new RecordingInvalidator();
        await using var replica = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IShopCacheInvalidator>(recorder)));
        var bought = await TestProducts.CreateAsync(replica.Services, stock: 5);
        var alsoBought = await TestProducts.CreateAsync(replica.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(replica.Services, alsoBought.Id);
        var store = replica.Services.GetRequiredService<CartStore>();
        var cart = $"test:{Guid.NewGuid():N}";
        await store.SetLineAsync(cart, new StoredCartLine(bought.Id, 1, 20m));
        await store.SetLineAsync(cart, new StoredCartLine(alsoBought.Id, 2, 20m));

        var declined = await PlaceAsync(replica.Services, cart, Guid.NewGuid(), new CardDetails("4000000000000002", "12/39", "123", "Ada"));
        Assert.Empty(recorder.Tags);
        var placed = await PlaceAsync(replica.Services, cart, Guid.NewGuid());

        Assert.Equal(CheckoutOutcome.PaymentFailed, declined.Outcome);
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
        Assert.Equal(
            new[] { CatalogTags.Product(bought.Id), CatalogTags.Product(alsoBought.Id) }.Order(),
            recorder.Tags.Order());
    }

    [Fact]
    public async Task PlaceOrder_ThatSellsOut_AlsoInvalidatesListings()
    {
        var recorder = new RecordingInvalidator();
        await using var replica = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IShopCacheInvalidator>(recorder)));
        var lastTwo = await TestProducts.CreateAsync(replica.Services, stock: 2);
        await TestProducts.WaitVisibleOnStandbyAsync(replica.Services, lastTwo.Id);
        var cart = $"test:{Guid.NewGuid():N}";
        await replica.Services.GetRequiredService<CartStore>().SetLineAsync(cart, new StoredCartLine(lastTwo.Id, 2, 20m));

        var placed = await PlaceAsync(replica.Services, cart, Guid.NewGuid());

        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
        Assert.Equal([lastTwo.Id], placed.SoldOut);
        // In-stock listings lose the product, so the listing entries go too, not only the product's own.
        Assert.Equal(new[] { CatalogTags.Catalog, CatalogTags.Product(lastTwo.Id) }.Order(), recorder.Tags.Order());
    }

    private sealed class RecordingInvalidator : IShopCacheInvalidator
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Tags { get; } = [];

        public Task InvalidateAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
        {
            foreach (var tag in tags)
            {
                Tags.Add(tag);
            }
            return Task.CompletedTask;
        }
    }

    private Task<CheckoutResult> PlaceAsync(string cartId, Guid key, CardDetails? card = null) =>
        PlaceAsync(_factory.Services, cartId, key, card);

    private static async Task<CheckoutResult> PlaceAsync(IServiceProvider services, string cartId, Guid key, CardDetails? card = null)
    {
        await using var scope = services.CreateAsyncScope();
        var checkout = scope.ServiceProvider.GetRequiredService<CheckoutService>();
        return await checkout.PlaceOrderAsync(new CheckoutRequest(cartId, key, "buyer@example.com", null, Berlin, "standard", card ?? GoodCard));
    }
}
