using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Pages.Admin.Catalog;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin.Catalog;

public sealed class ProductFormEditorTests : BunitContext
{
    private static readonly IReadOnlyList<Choice> Categories = [new(7, "Outdoor › Tents")];
    private static readonly IReadOnlyList<Choice> Brands = [new(3, "Northwind Gear")];

    public ProductFormEditorTests()
    {
        Services.AddSingleton(new MediaUrls(Options.Create(new CdnOptions())));
        Services.AddSingleton(TimeProvider.System);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    [Fact]
    public void Submit_EmptyForm_ShowsAMessagePerField_AndDoesNotSave()
    {
        var saved = 0;
        var editor = Render<ProductFormEditor>(p => p
            .Add(x => x.Model, new ProductForm())
            .Add(x => x.Categories, Categories).Add(x => x.Brands, Brands)
            .Add(x => x.OnValidSubmit, () => saved++));

        editor.Find("form").Submit();

        var messages = editor.FindAll(".validation-message").Select(m => m.TextContent).ToList();
        Assert.Contains("Enter a name.", messages);
        Assert.Contains("Enter a SKU.", messages);
        Assert.Contains("Choose a category.", messages);
        Assert.Contains("Choose a brand.", messages);
        Assert.Equal(0, saved);
    }

    [Theory]
    [InlineData("-1", "The price must be between 0 and 1,000,000.")]
    [InlineData("2000000", "The price must be between 0 and 1,000,000.")]
    public void Submit_PriceOutOfRange_IsRefused(string price, string message)
    {
        var saved = 0;
        var editor = Render<ProductFormEditor>(p => p
            .Add(x => x.Model, Valid())
            .Add(x => x.Categories, Categories).Add(x => x.Brands, Brands)
            .Add(x => x.OnValidSubmit, () => saved++));

        editor.Find("input[name$='Price']").Change(price);
        editor.Find("form").Submit();

        Assert.Contains(message, editor.FindAll(".validation-message").Select(m => m.TextContent));
        Assert.Equal(0, saved);
    }

    [Fact]
    public void Submit_ImageWithoutAltText_IsRefusedBesideTheRow()
    {
        var model = Valid();
        model.Images.Add(new ProductImageForm { Path = "img/products/p1.svg", AltText = "" });
        var saved = 0;
        var editor = Render<ProductFormEditor>(p => p
            .Add(x => x.Model, model)
            .Add(x => x.Categories, Categories).Add(x => x.Brands, Brands)
            .Add(x => x.OnValidSubmit, () => saved++));

        editor.Find("form").Submit();

        Assert.Equal("Describe the image for people who cannot see it.", editor.Find(".image-row .validation-message").TextContent);
        Assert.Equal(0, saved);
    }

    [Fact]
    public void Submit_ValidForm_Saves_AndServerErrorsShowBesideTheirField()
    {
        var saved = 0;
        var editor = Render<ProductFormEditor>(p => p
            .Add(x => x.Model, Valid())
            .Add(x => x.Categories, Categories).Add(x => x.Brands, Brands)
            .Add(x => x.OnValidSubmit, () => saved++));

        editor.Find("form").Submit();
        editor.InvokeAsync(() => editor.Instance.ShowErrors(new Dictionary<string, string> { ["Sku"] = "Another product already has SKU T-1." }));

        Assert.Equal(1, saved);
        Assert.Equal("Another product already has SKU T-1.", editor.Find(".validation-message").TextContent);
    }

    [Fact]
    public void BeforeTheCircuitConnects_SaveIsDisabled()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var editor = Render<ProductFormEditor>(p => p.Add(x => x.Model, Valid()));

        Assert.True(editor.Find("button[type=submit]").HasAttribute("disabled"));
        Assert.Equal("false", editor.Find("form").GetAttribute("data-interactive"));
    }

    [Fact]
    public void Stock_IsReadOnly_WithALinkToTheStockPage()
    {
        var editor = Render<ProductFormEditor>(p => p.Add(x => x.Model, Valid()).Add(x => x.ProductId, 42));

        Assert.Empty(editor.FindAll("input[name$='Stock']"));
        Assert.Equal("3", editor.Find("[data-testid=stock]").TextContent);
        Assert.Equal("/admin/products/42/stock", editor.Find("[data-testid=stock-readout] a").GetAttribute("href"));
        Assert.Equal("Change stock", editor.Find("[data-testid=stock-readout] a").TextContent);
    }

    [Fact]
    public void NewProduct_SaysStockStartsAtZero_AndHasNoStockField()
    {
        var editor = Render<ProductFormEditor>(p => p.Add(x => x.Model, new ProductForm()));

        Assert.Empty(editor.FindAll("input[name$='Stock']"));
        Assert.Contains("Starts at 0", editor.Find("[data-testid=stock-readout]").TextContent, StringComparison.Ordinal);
        Assert.Empty(editor.FindAll("[data-testid=stock-readout] a"));
    }

    private static ProductForm Valid() => new()
    {
        Name = "Ridge lantern", Sku = "RL-1", Price = 34.9m, Stock = 3, CategoryId = 7, BrandId = 3, Description = "Bright.",
    };
}
