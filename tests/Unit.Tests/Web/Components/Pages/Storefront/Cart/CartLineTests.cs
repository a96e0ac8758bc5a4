using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Pages.Storefront.Cart;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Storefront.Cart;

public sealed class CartLineTests : BunitContext
{
    public CartLineTests() =>
        Services.AddSingleton(new MediaUrls(Options.Create(new CdnOptions { BaseUrl = "https://cdn.example.com" })));

    private static CartLineView Line(bool available = true, decimal whenAdded = 24.50m, string? image = "img/products/placeholder-03.svg") =>
        new(7, "SKU-7", "aero-tent-plum", "Aero Tent, Plum", 2, 24.50m, whenAdded, "EUR", 10, available, image);

    [Fact]
    public void Render_ShowsThumbnailNameLinkPricesQuantityAndRemove()
    {
        var line = Render<CartLine>(p => p.Add(l => l.Line, Line()));

        Assert.Equal("/p/aero-tent-plum", line.Find("a.line-name").GetAttribute("href"));
        Assert.Equal("Aero Tent, Plum", line.Find("a.line-name").TextContent);
        Assert.Contains("placeholder-03", line.Find(".line-image img").GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("€24.50 each", line.Find(".line-price").TextContent);
        Assert.Equal("€49.00", line.Find(".line-total").TextContent);
        var quantity = line.Find("input[name=quantity]");
        Assert.Equal("2", quantity.GetAttribute("value"));
        Assert.Equal("Quantity of Aero Tent, Plum", line.Find($"label[for={quantity.Id}]").TextContent);
        Assert.Equal("update", line.Find(".line-quantity button").GetAttribute("value"));
        Assert.Equal("remove", line.Find(".line-remove button").GetAttribute("value"));
        Assert.Empty(line.FindAll(".line-error"));
    }

    [Fact]
    public void Message_ShowsBesideTheQuantity_AndDescribesIt()
    {
        var line = Render<CartLine>(p => p.Add(l => l.Line, Line()).Add(l => l.Message, "Only 4 in stock."));

        var quantity = line.Find("input[name=quantity]");
        Assert.Equal("true", quantity.GetAttribute("aria-invalid"));
        var error = line.Find("#" + quantity.GetAttribute("aria-describedby"));
        Assert.Equal("Only 4 in stock.", error.TextContent);
    }

    [Fact]
    public void Unavailable_OffersOnlyRemove_AndCountsNothing()
    {
        var line = Render<CartLine>(p => p.Add(l => l.Line, Line(available: false)));

        Assert.Equal("No longer available", line.Find(".line-unavailable").TextContent);
        Assert.Empty(line.FindAll("input[name=quantity]"));
        Assert.NotEmpty(line.FindAll(".line-remove button"));
        Assert.Equal("–", line.Find(".line-total").TextContent);
    }

    [Fact]
    public void PriceChanged_IsBadged_AndNoImage_RendersNoImg()
    {
        var line = Render<CartLine>(p => p.Add(l => l.Line, Line(whenAdded: 20m, image: null)));

        Assert.Equal("Price changed", line.Find(".line-price-changed").TextContent);
        Assert.Empty(line.FindAll("img"));
    }
}
