using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Pages.Admin.Catalog;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin.Catalog;

public sealed class ProductImagesEditorTests : BunitContext
{
    private static readonly MediaImageChoice Tent = new(1, new string('1', 64), "tent-green.jpg", "A green tent", [320, 640, 1280, 1600], 1600, 1200, "jpg");
    private static readonly MediaImageChoice Stove = new(2, new string('2', 64), "camp-stove.png", null, [320, 500], 500, 500, "png");

    /// <summary>A search's answer renders after an await: on a loaded machine that can take longer than bUnit's one second.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly List<string?> _searches = [];
    // The pause in typing is the component's clock: the test decides when it has passed, whatever the machine's load.
    private readonly FakeTimeProvider _time = new();

    public ProductImagesEditorTests()
    {
        Services.AddSingleton(new MediaUrls(Options.Create(new CdnOptions { BaseUrl = "https://cdn.example.com" })));
        Services.AddSingleton<TimeProvider>(_time);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private Task<IReadOnlyList<MediaImageChoice>> Search(string? term)
    {
        _searches.Add(term);
        IReadOnlyList<MediaImageChoice> found = term is null ? [Tent, Stove] : [.. new[] { Tent, Stove }.Where(c => c.FileName.Contains(term, StringComparison.OrdinalIgnoreCase))];
        return Task.FromResult(found);
    }

    private IRenderedComponent<ProductImagesEditor> RenderEditor(List<ProductImageForm> images) => Render<ProductImagesEditor>(p => p
        .AddCascadingValue(new EditContext(new ProductForm()))
        .Add(c => c.Images, images).Add(c => c.Search, Search));

    [Fact]
    public void Pick_AddsThePublishedImageWithItsLargestFallbackAndAltText_AndShowsAPreview()
    {
        var images = new List<ProductImageForm>();
        var editor = RenderEditor(images);

        editor.Find("button:contains('Add from the media library')").Click();
        editor.Find("button.media-pick[data-media='1']").Click();

        var added = Assert.Single(images);
        Assert.Equal($"media/{Tent.Hash}/1600.jpg", added.Path);
        Assert.Equal(("A green tent", 1600, 1200), (added.AltText, added.Width, added.Height));
        // The preview is a small variant that exists, not the 1600 px original.
        Assert.Equal($"https://cdn.example.com/media/{Tent.Hash}/320.webp", editor.Find(".image-row img").GetAttribute("src"));
        Assert.Equal("A green tent", editor.Find(".image-row input").GetAttribute("value"));
        // Picked once: the picker says so instead of adding it twice.
        Assert.True(editor.Find("button.media-pick[data-media='1']").HasAttribute("disabled"));
        Assert.Empty(editor.FindAll("input[name$='Path']"));
    }

    [Fact]
    public void Search_AsksForTheTerm_AndShowsOnlyWhatMatches()
    {
        var editor = RenderEditor([]);

        editor.Find("button:contains('Add from the media library')").Click();
        // Typed quickly: one search for the pause after the last key, none for the keys before it.
        editor.Find("input[type=search]").Input("st");
        _time.Advance(ProductImagesEditor.TypingPause / 2);
        editor.Find("input[type=search]").Input("stove");
        _time.Advance(ProductImagesEditor.TypingPause / 2);
        Assert.Equal([null], _searches);
        _time.Advance(ProductImagesEditor.TypingPause / 2);

        editor.WaitForAssertion(() => Assert.Equal([null, "stove"], _searches), Patience);
        editor.WaitForAssertion(() => Assert.Equal(["camp-stove.png"], editor.FindAll(".media-pick-name").Select(n => n.TextContent)), Patience);
        editor.Find("input[type=search]").Input("kayak");
        _time.Advance(ProductImagesEditor.TypingPause);
        editor.WaitForAssertion(() => Assert.Contains("No published image matches “kayak”.", editor.Find("[role=status]").TextContent, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public void MoveAndRemove_ReorderTheList_TheFirstIsTheMainImage()
    {
        var images = new List<ProductImageForm>
        {
            new() { Path = $"media/{Tent.Hash}/1600.jpg", AltText = "Tent" },
            new() { Path = $"media/{Stove.Hash}/500.png", AltText = "Stove" },
            new() { Path = "img/products/placeholder-01.svg", AltText = "Drawing" },
        };
        var editor = RenderEditor(images);

        Assert.True(editor.Find("button[aria-label='Move image 1 up']").HasAttribute("disabled"));
        Assert.True(editor.Find("button[aria-label='Move image 3 down']").HasAttribute("disabled"));
        editor.Find("button[aria-label='Move image 2 up']").Click();
        Assert.Equal(["Stove", "Tent", "Drawing"], images.Select(i => i.AltText));
        Assert.StartsWith("Main image", editor.Find(".image-row-title").TextContent, StringComparison.Ordinal);
        editor.Find("button[aria-label='Move image 2 down']").Click();
        Assert.Equal(["Stove", "Drawing", "Tent"], images.Select(i => i.AltText));
        editor.Find("button[aria-label='Remove image 1']").Click();
        Assert.Equal(["Drawing", "Tent"], images.Select(i => i.AltText));
        Assert.Equal(2, editor.FindAll(".image-row").Count);
    }

    [Fact]
    public void NoImages_SaysTheShopShowsAPlaceholder()
    {
        var editor = RenderEditor([]);

        Assert.Contains("the shop shows a placeholder", editor.Find("[data-testid=no-images]").TextContent, StringComparison.Ordinal);
    }
}
