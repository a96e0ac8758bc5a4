using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using PeakShop.Api.Client;
using PeakShop.Api.Client.Models;

namespace PeakShop.Integration.Tests.Api.Client;

/// <summary>
/// An app built on the client kiota generates from the published document (<c>Generated/</c>) shops as a guest:
/// categories → a category's products → one product → a cart → a line → checkout with the test card → the order's
/// status. If the document and the endpoints ever disagree, this journey breaks.
/// </summary>
public sealed class GeneratedClientJourneyTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task GuestApp_BrowsesFillsACartChecksOutAndFollowsTheOrder_ThroughTheGeneratedClient()
    {
        using var http = factory.CreateCookielessClient();
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = http.BaseAddress!.ToString().TrimEnd('/') };
        var shop = new PeakShopApiClient(adapter);

        var categories = await shop.Api.V1.Categories.GetAsync();
        // The first product with two in stock, in the first category that has one: other tests fill categories with
        // cheap one-of-a-kind products, so the first page of the first category alone may have none.
        ProductTile? tile = null;
        foreach (var leaf in categories!.SelectMany(c => c.Children!.Count > 0 ? c.Children : [c]))
        {
            var page = await shop.Api.V1.Products.GetAsync(request =>
            {
                request.QueryParameters.Category = leaf.Slug;
                request.QueryParameters.Stock = "true";
                request.QueryParameters.Sort = "price-asc";
            });
            tile = page!.Items!.FirstOrDefault(item => item.Stock >= 2);
            if (tile is not null)
            {
                break;
            }
        }
        Assert.NotNull(tile);
        var product = await shop.Api.V1.Products[tile.Id!.Value].GetAsync();

        var cart = await shop.Api.V1.Carts.PostAsync();
        await shop.Api.V1.Carts[cart!.Token].Lines.PostAsync(new AddCartLine { ProductId = product!.Id, Quantity = 2 });
        cart = await shop.Api.V1.Carts[cart.Token].GetAsync();
        var order = await shop.Api.V1.Carts[cart!.Token].Checkout.PostAsync(new CheckoutBody
        {
            Email = $"kiota-{Guid.NewGuid():N}@example.com",
            ShippingAddress = new ShippingAddress { FullName = "Ada Lovelace", Line1 = "Hauptstraße 1", City = "Berlin", PostalCode = "10115", Country = "DE" },
            ShippingMethod = "standard",
            Card = new PaymentCard { Number = "4242 4242 4242 4242", Expiry = "12/39", Cvc = "123" },
        }, request => request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()));
        var status = await shop.Api.V1.Orders[order!.Number].Status.GetAsync(request => request.Headers.Add("Order-Token", order.OrderToken!));

        Assert.Equal(tile.Name, product.Name);
        Assert.Equal(tile.Price, product.Price);
        var line = Assert.Single(cart.Lines!);
        Assert.Equal(product.Id, line.ProductId);
        Assert.Equal(2, line.Quantity);
        Assert.Equal(product.Price * 2, cart.Subtotal);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(product.Price * 2, order.Subtotal);
        Assert.False(string.IsNullOrEmpty(order.OrderToken));
        Assert.Equal(order.Number, status!.Number);
        Assert.Equal(OrderStatus.Paid, status.Status);
    }
}
