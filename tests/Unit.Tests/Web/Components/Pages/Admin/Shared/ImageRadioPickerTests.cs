using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Media;
using PeakShop.Web.Components.Pages.Admin.Shared;

namespace PeakShop.Unit.Tests.Web.Components.Pages.Admin.Shared;

public sealed class ImageRadioPickerTests : BunitContext
{
    private static readonly string Wide = new('b', 64);
    private static readonly string Narrow = new('c', 64);

    private static readonly MediaImageChoice[] Images =
    [
        new(1, Wide, "snow-ridge.jpg", "Fresh snow", [320, 640, 1280, 1920], 1920, 1080, "jpg"),
        // Uploaded only 200 px wide: no 320 variant exists.
        new(2, Narrow, "badge.png", null, [200], 200, 100, "png"),
        // Made by an older pipeline: no 320 variant either.
        new(3, new string('d', 64), "old-banner.jpg", null, [640, 1280], 1280, 720, "jpg"),
    ];

    public ImageRadioPickerTests() =>
        Services.AddSingleton(new MediaUrls(Options.Create(new CdnOptions { BaseUrl = "https://cdn.example.com" })));

    private IRenderedComponent<ImageRadioPicker> RenderPicker(long? selected) => Render<ImageRadioPicker>(p => p
        .Add(c => c.Name, "Input.MediaAssetId").Add(c => c.Legend, "Image").Add(c => c.Images, Images).Add(c => c.Selected, selected));

    [Fact]
    public void Thumbnails_AskOnlyForWidthsThatExist()
    {
        var picker = RenderPicker(null);

        var sources = picker.FindAll(".image-option img").Select(i => i.GetAttribute("src")!).ToArray();
        Assert.Equal([$"https://cdn.example.com/media/{Wide}/320.webp", $"https://cdn.example.com/media/{Narrow}/200.webp",
            $"https://cdn.example.com/media/{new string('d', 64)}/640.webp"], sources);
    }

    [Fact]
    public void EachRadio_IsInsideTheLabelWithItsThumbnailAndName()
    {
        var picker = RenderPicker(2);

        var options = picker.FindAll("label.image-option");
        Assert.Equal(4, options.Count);
        foreach (var option in options.Skip(1))
        {
            var radio = option.QuerySelector("input[type=radio][name='Input.MediaAssetId']");
            Assert.NotNull(radio);
            Assert.NotNull(option.QuerySelector(".image-option-thumb img"));
            // The radio and the name share one caption row under the thumbnail.
            Assert.Same(radio!.ParentElement, option.QuerySelector(".image-option-name")!.ParentElement);
        }
        Assert.Equal("snow-ridge.jpg", options[1].QuerySelector(".image-option-name")!.TextContent);
        Assert.Equal("“Fresh snow”", options[1].QuerySelector(".image-option-alt")!.TextContent);
        Assert.Equal(["2"], picker.FindAll("input[type=radio]").Where(r => r.HasAttribute("checked")).Select(r => r.GetAttribute("value")));
    }

    [Fact]
    public void NothingSelected_ChecksNoImage_AndAnEmptyLibrarySaysWhatToDo()
    {
        var picker = RenderPicker(null);
        var empty = Render<ImageRadioPicker>(p => p.Add(c => c.Name, "Input.MediaAssetId").Add(c => c.Legend, "Image").Add(c => c.Images, []));

        Assert.Equal("", picker.FindAll("input[type=radio]").Single(r => r.HasAttribute("checked")).GetAttribute("value"));
        Assert.Contains("upload one in the media library first", empty.Find("p.muted").TextContent, StringComparison.Ordinal);
    }
}
