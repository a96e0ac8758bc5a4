using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Storefront;

namespace PeakShop.Unit.Tests.Web.Components.Storefront;

public sealed class ProductCardTests : BunitContext
{
    private static readonly string Hash = new('c', 64);

    public ProductCardTests() =>
        Services.AddSingleton(new MediaUrls(Options.Create(new CdnOptions { BaseUrl = "https://cdn.example.com" })));

    private static ProductSummary Summary(string name = "Aero Tent 2.0, Plum", decimal price = 106.99m, int stock = 12) =>
        new(7, "everstone-aero-tent-20-plum", name, "Everstone", "Tents", price, "EUR", stock, "img/products/placeholder-03.svg");

    [Fact]
    public void Render_LinksToProductWithPriceStockAndImage()
    {
        var card = Render<ProductCard>(p => p.Add(c => c.Product, Summary()));

        Assert.Equal("/p/everstone-aero-tent-20-plum", card.Find("a.product-link").GetAttribute("href"));
        Assert.Equal("€106.99", card.Find(".product-price").TextContent);
        Assert.Equal("In stock", card.Find(".stock").TextContent);
        Assert.Equal("Everstone", card.Find(".product-brand").TextContent);
        Assert.Equal("lazy", card.Find("img").GetAttribute("loading"));
        // The link text names the product; the image is decorative beside it.
        Assert.Equal("", card.Find("img").GetAttribute("alt"));
    }

    [Theory]
    [InlineData(0, "Out of stock")]
    [InlineData(3, "Low stock")]
    public void Render_ShowsStockState(int stock, string expected)
    {
        var card = Render<ProductCard>(p => p.Add(c => c.Product, Summary(stock: stock)));

        Assert.Equal(expected, card.Find(".stock").TextContent);
    }

    [Fact]
    public void Render_MarksSearchMatches()
    {
        var card = Render<ProductCard>(p => p
            .Add(c => c.Product, Summary())
            .Add(c => c.Highlight, new[] { "tents" }));

        var marks = card.FindAll("mark");
        Assert.Single(marks);
        Assert.Equal("Tent", marks[0].TextContent);
        Assert.Equal("Aero Tent 2.0, Plum", card.Find(".product-name").TextContent.Trim());
    }

    [Fact]
    public void Render_EncodesMarkupInNames()
    {
        var card = Render<ProductCard>(p => p
            .Add(c => c.Product, Summary(name: "<script>alert(1)</script> Tent"))
            .Add(c => c.Highlight, new[] { "script", "tent" }));

        Assert.Empty(card.FindAll("script"));
        Assert.Contains("&lt;", card.Markup, StringComparison.Ordinal);
        Assert.Equal(3, card.FindAll("mark").Count); // script, script, Tent
    }

    [Fact]
    public void Render_GivesAMediaImageAPicture_WithWebPAndJpegSrcsets_OnTheCdn()
    {
        var card = Render<ProductCard>(p => p.Add(c => c.Product, Summary() with { ImagePath = $"media/{Hash}/1280.jpg" }));

        var source = card.Find("picture > source");
        Assert.Equal("image/webp", source.GetAttribute("type"));
        Assert.Equal($"https://cdn.example.com/media/{Hash}/320.webp 320w, https://cdn.example.com/media/{Hash}/640.webp 640w, https://cdn.example.com/media/{Hash}/1280.webp 1280w",
            source.GetAttribute("srcset"));
        var img = card.Find("picture > img");
        Assert.Equal($"https://cdn.example.com/media/{Hash}/1280.jpg", img.GetAttribute("src"));
        Assert.StartsWith($"https://cdn.example.com/media/{Hash}/320.jpg 320w", img.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.Equal(("200", "200", "200px"), (img.GetAttribute("width"), img.GetAttribute("height"), img.GetAttribute("sizes")));
    }

    [Fact]
    public void Render_KeepsAPlainImg_ForAStaticSvg()
    {
        var card = Render<ProductCard>(p => p.Add(c => c.Product, Summary()));

        Assert.Empty(card.FindAll("picture"));
        Assert.EndsWith("placeholder-03.svg", card.Find("img").GetAttribute("src"), StringComparison.Ordinal);
    }
}
