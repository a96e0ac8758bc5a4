using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Marketing;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Storefront.Banners;

namespace PeakShop.Unit.Tests.Web.Components.Storefront.Banners;

public sealed class BannerPictureTests : BunitContext
{
    private const string Hash = "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12";

    [Fact]
    public void Render_WebpSourceAndJpegFallback_FromTheCdn_WithAltText()
    {
        Services.AddSingleton(Options.Create(new CdnOptions { BaseUrl = "https://cdn.example/" }));
        Services.AddSingleton<MediaUrls>();
        var image = new BannerImage(Hash, 1280, 720, "A skier on a ridge",
            [new(320, "webp"), new(640, "webp"), new(320, "jpg"), new(640, "jpg")]);

        var picture = Render<BannerPicture>(p => p.Add(c => c.Image, image).Add(c => c.Priority, true));

        var source = picture.Find("picture > source");
        Assert.Equal("image/webp", source.GetAttribute("type"));
        Assert.Equal($"https://cdn.example/media/{Hash}/320.webp 320w, https://cdn.example/media/{Hash}/640.webp 640w", source.GetAttribute("srcset"));
        var img = picture.Find("picture > img");
        Assert.Equal($"https://cdn.example/media/{Hash}/640.jpg", img.GetAttribute("src"));
        Assert.Equal($"https://cdn.example/media/{Hash}/320.jpg 320w, https://cdn.example/media/{Hash}/640.jpg 640w", img.GetAttribute("srcset"));
        Assert.Equal("A skier on a ridge", img.GetAttribute("alt"));
        Assert.Equal("1280", img.GetAttribute("width"));
        Assert.Equal("high", img.GetAttribute("fetchpriority"));
    }

    [Fact]
    public void Render_WebpOnly_UsesWebpForTheImgAndNoSecondSource()
    {
        Services.AddSingleton(Options.Create(new CdnOptions()));
        Services.AddSingleton<MediaUrls>();
        var image = new BannerImage(Hash, 640, 360, "Tents", [new(320, "webp")]);

        var picture = Render<BannerPicture>(p => p.Add(c => c.Image, image));

        Assert.Empty(picture.FindAll("source"));
        Assert.Equal($"/media/{Hash}/320.webp", picture.Find("img").GetAttribute("src"));
        Assert.Equal("lazy", picture.Find("img").GetAttribute("loading"));
    }
}
