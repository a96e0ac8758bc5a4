using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Pages.Admin.Marketing;
using PeakShop.Web.Hosting;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin.Marketing;

public sealed class MediaCardTests : BunitContext
{
    private static readonly string Hash = new('a', 64);

    public MediaCardTests()
    {
        Services.AddSingleton(new MediaUrls(Options.Create(new CdnOptions { BaseUrl = "https://cdn.example.com" })));
        Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());
        Services.AddSingleton(new PublicUrls(Options.Create(new PublicSiteOptions { PublicBaseUrl = "https://shop.example.com/" })));
    }

    [Fact]
    public void ReadyImage_OffersACopyButtonPerVariantThatExists_AndNoOther()
    {
        // A 700 px wide upload: variants at 320, 640 and its own 700, never 1280 or 1920.
        var card = Render<MediaCard>(p => p.Add(c => c.Asset, Image(700, MediaStatus.Ready, "webp", "jpg")));

        var rows = card.FindAll("li.media-variant");
        Assert.Equal(["320 px", "640 px", "700 px"], rows.Select(r => r.GetAttribute("data-width")));
        var buttons = card.FindAll("button[data-copy]");
        Assert.Equal(6, buttons.Count);
        Assert.Equal(["WebP", "JPG"], rows[0].QuerySelectorAll("button[data-copy]").Select(b => b.TextContent));
        // Each button names the read-only field that holds its URL (shown and selected when the clipboard is refused).
        foreach (var button in buttons)
        {
            var field = card.Find($"input#{button.GetAttribute("data-copy")}");
            Assert.True(field.HasAttribute("readonly"));
            Assert.True(field.HasAttribute("hidden"));
            Assert.StartsWith($"https://cdn.example.com/media/{Hash}/", field.GetAttribute("value"), StringComparison.Ordinal);
        }
        Assert.Equal($"https://cdn.example.com/media/{Hash}/700.jpg", card.Find($"input#media-7-700-jpg").GetAttribute("value"));
        Assert.Equal("Copy the 320 px WebP URL of a-rather-long-file-name-from-a-camera-IMG_20260101_123456.jpg",
            buttons[0].GetAttribute("aria-label"));
        Assert.Single(card.FindAll("[data-copy-status][role=status]"), s => s.ParentElement == rows[0].QuerySelector(".cluster"));
    }

    [Fact]
    public void Thumbnail_IsAVariantThatExists_SharpAtTheCardsWidth()
    {
        var wide = Render<MediaCard>(p => p.Add(c => c.Asset, Image(1600, MediaStatus.Ready, "webp", "jpg")));
        var small = Render<MediaCard>(p => p.Add(c => c.Asset, Image(200, MediaStatus.Ready, "webp", "png")));

        Assert.Equal($"https://cdn.example.com/media/{Hash}/640.webp", wide.Find(".media-thumb img").GetAttribute("src"));
        // Narrower than every standard width: its only variant is its own width.
        Assert.Equal($"https://cdn.example.com/media/{Hash}/200.webp", small.Find(".media-thumb img").GetAttribute("src"));
        Assert.Equal(["200 px"], small.FindAll("li.media-variant").Select(r => r.GetAttribute("data-width")));
    }

    [Theory]
    [InlineData(MediaStatus.Processing, "Processing", "badge-info", "Unpublish")]
    [InlineData(MediaStatus.Unpublished, "Unpublished", "badge-warn", "Publish")]
    [InlineData(MediaStatus.Failed, "Failed", "badge-bad", "Unpublish")]
    public void NotPublished_ShowsItsStateAndNoUrls(MediaStatus status, string text, string badge, string action)
    {
        var card = Render<MediaCard>(p => p.Add(c => c.Asset, Image(1600, status, "webp", "jpg")));

        var state = card.Find("[data-testid=status]");
        Assert.Equal(text, state.TextContent);
        Assert.Contains(badge, state.ClassList);
        Assert.Empty(card.FindAll("button[data-copy]"));
        Assert.Empty(card.FindAll(".media-thumb img"));
        Assert.StartsWith(action, card.Find("form.media-actions button[type=submit]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Published_SaysSo_AndTheNameIsShownWhole()
    {
        var card = Render<MediaCard>(p => p.Add(c => c.Asset, Image(1600, MediaStatus.Ready, "webp", "jpg")));

        Assert.Equal("Published", card.Find("[data-testid=status]").TextContent);
        Assert.Equal("a-rather-long-file-name-from-a-camera-IMG_20260101_123456.jpg", card.Find(".media-name").TextContent);
        Assert.Equal("Ready", card.Find("li.media-card").GetAttribute("data-status"));
        Assert.Equal("/admin/marketing/media/7/unpublish", card.Find("form.media-actions").GetAttribute("action"));
        Assert.Contains("1600 × 900 px", card.Find(".media-facts").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutACdn_TheCopiedUrlIsOnThePublicSite_NeverRelative()
    {
        var withoutCdn = new BunitContext();
        withoutCdn.Services.AddSingleton(new MediaUrls(Options.Create(new CdnOptions())));
        withoutCdn.Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());
        withoutCdn.Services.AddSingleton(new PublicUrls(Options.Create(new PublicSiteOptions { PublicBaseUrl = "https://shop.example.com/" })));

        var card = withoutCdn.Render<MediaCard>(p => p.Add(c => c.Asset, Image(700, MediaStatus.Ready, "webp", "jpg")));

        Assert.Equal($"https://shop.example.com/media/{Hash}/640.webp", card.Find("input#media-7-640-webp").GetAttribute("value"));
        withoutCdn.Dispose();
    }

    [Fact]
    public void Document_OffersItsOriginalOnly()
    {
        var pdf = new MediaAsset
        {
            Id = 9, Hash = Hash, Kind = MediaKind.Document, ContentType = "application/pdf", Extension = "pdf", FileName = "size-guide.pdf",
            Length = 2_500_000, Status = MediaStatus.Ready, UploadedBy = "m@example.com", UploadedAt = DateTimeOffset.UnixEpoch,
        };

        var card = Render<MediaCard>(p => p.Add(c => c.Asset, pdf));

        Assert.Equal($"https://cdn.example.com/media/{Hash}/original.pdf", card.Find("input.copy-field").GetAttribute("value"));
        Assert.Single(card.FindAll("button[data-copy]"));
        Assert.Contains("2.4 MB", card.Find(".media-facts").TextContent, StringComparison.Ordinal);
    }

    private static MediaAsset Image(int width, MediaStatus status, params string[] formats) => new()
    {
        Id = 7, Hash = Hash, Kind = MediaKind.Image, ContentType = "image/jpeg", Extension = "jpg",
        FileName = "a-rather-long-file-name-from-a-camera-IMG_20260101_123456.jpg", Length = 61_000, Width = width, Height = width * 9 / 16,
        Status = status, UploadedBy = "m@example.com", UploadedAt = DateTimeOffset.UnixEpoch,
        Error = status == MediaStatus.Failed ? "The file could not be decoded." : null,
        Variants = status is MediaStatus.Ready or MediaStatus.Unpublished
            ? [.. MediaImages.WidthsFor(width).SelectMany(w => formats.Select(f => new MediaVariant { Width = w, Height = w * 9 / 16, Format = f, BlobHash = Hash }))]
            : [],
    };

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
