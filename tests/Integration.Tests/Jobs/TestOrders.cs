using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>Orders placed through the real <see cref="CheckoutService"/>.</summary>
internal static class TestOrders
{
    public static readonly Address Berlin = new() { FullName = "Ada Lovelace", Line1 = "Hauptstraße 1", City = "Berlin", PostalCode = "10115", Country = "DE" };

    public static string NewRecipient(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    /// <summary>A new product, in a cart, checked out by <paramref name="email"/>.</summary>
    public static async Task<CheckoutResult> PlaceAsync(IServiceProvider services, string email, decimal price = 20m, int quantity = 2)
    {
        var product = await TestProducts.CreateAsync(services, stock: 50, price: price);
        var cart = $"test:{Guid.NewGuid():N}";
        await services.GetRequiredService<CartStore>().SetLineAsync(cart, new StoredCartLine(product.Id, quantity, price));
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckoutService>().PlaceOrderAsync(new CheckoutRequest(
            cart, Guid.NewGuid(), email, null, Berlin, "standard", new CardDetails("4242 4242 4242 4242", "12/39", "123", "Ada Lovelace")));
    }
}
