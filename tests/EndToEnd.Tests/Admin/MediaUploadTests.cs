using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PeakShop.Infrastructure.Customers;
using PeakShop.Testing;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>The media library's WebAssembly uploader in Chromium: drop a photo, watch it go up, see a refusal explained.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MediaUploadTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Marketing_DropsAPhoto_ItUploadsWithProgress_AndARenamedProgramIsRefused()
    {
        var (context, page, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Marketing);
        await using var _ = context;
        await page.GotoAsync("/admin/marketing/media");

        // WebAssembly has started: the island is live and the plain form is out of the way.
        var island = page.Locator("[data-island=media-uploader]");
        await Assertions.Expect(island).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-plain-upload]")).ToBeHiddenAsync();

        // A drop of a real photo, as a person dragging it from their desktop would make.
        var photo = TestImages.Make("jpg", 1600, 1200, unique: true);
        var name = $"drop-{Guid.NewGuid():N}"[..17] + ".jpg";
        await page.EvaluateAsync("""
            ([name, bytes]) => {
                const transfer = new DataTransfer();
                transfer.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/jpeg' }));
                const zone = document.querySelector('.drop-zone');
                for (const type of ['dragenter', 'dragover', 'drop']) {
                    zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
                }
            }
            """, new object[] { name, photo.Select(b => (int)b).ToArray() });
        var dropped = island.Locator($"li[data-file='{name}']");
        await Assertions.Expect(dropped).ToHaveClassAsync(new Regex(@"\bstored\b"), new() { Timeout = 30_000 });
        await Assertions.Expect(dropped.Locator("progress")).ToHaveAttributeAsync("value", "100");

        // A program renamed .jpg, through the file picker: refused with the server's reason, nothing stored.
        await island.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "holiday.jpg",
            MimeType = "image/jpeg",
            Buffer = TestImages.Executable(),
        });
        var refused = island.Locator("li[data-file='holiday.jpg']");
        await Assertions.Expect(refused).ToHaveClassAsync(new Regex(@"\brefused\b"), new() { Timeout = 30_000 });
        await Assertions.Expect(refused.Locator("[role=alert]")).ToContainTextAsync("Windows executable");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("media-uploader"), FullPage = true });

        // The library lists the photo, and only the photo.
        await island.GetByRole(AriaRole.Button, new() { Name = "Show them in the library" }).ClickAsync();
        var table = page.Locator("[data-testid=media-table]");
        await Assertions.Expect(table).ToContainTextAsync(name);
        await Assertions.Expect(table).Not.ToContainTextAsync("holiday.jpg");
    }

    [Fact]
    public async Task Marketing_CopiesAVariantUrl_WithAConfirmation_AndWithoutClipboardTheFieldIsSelected()
    {
        var (context, page, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Marketing);
        await using var _ = context;
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = fixture.BaseAddress.GetLeftPart(UriPartial.Authority) });
        // A long camera name and a 700 px wide image: variants at 320, 640 and 700 only.
        var name = $"IMG_20260101_123456_{Guid.NewGuid():N}_a-very-long-name-from-the-camera.jpg";
        var image = await MediaFixtures.InsertImageAsync(fixture, name, 700, 500);
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/admin/marketing/media");

        var card = page.Locator($"[data-testid=media-table] [data-asset='{image.Id}']");
        await Assertions.Expect(card.Locator(".media-name")).ToHaveTextAsync(name);
        await Assertions.Expect(card.Locator("[data-testid=status]")).ToHaveTextAsync("Published");
        // One row per width that exists, a Copy button per format; no URL boxes until one is needed.
        Assert.Equal(["320 px", "640 px", "700 px"], await card.Locator("li.media-variant").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.width)"));
        await Assertions.Expect(card.Locator("input.copy-field:visible")).ToHaveCountAsync(0);
        // The whole name is on screen (it wraps), and the page does not scroll sideways on a phone.
        var nameBox = (await card.Locator(".media-name").BoundingBoxAsync())!;
        Assert.True(nameBox.X + nameBox.Width <= 390, $"the name ends at {nameBox.X + nameBox.Width}px");
        Assert.Equal(390, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));

        var copy = card.GetByRole(AriaRole.Button, new() { Name = $"Copy the 640 px WebP URL of {name}" });
        await copy.ClickAsync();
        var status = card.Locator("li.media-variant[data-width='640 px'] [data-copy-status]");
        await Assertions.Expect(status).ToHaveTextAsync("Copied");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.EndsWith($"/media/{image.Hash}/640.webp", copied, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("admin-media-copied-390"), FullPage = false });

        // Where the clipboard is refused, the URL field is shown and selected for Ctrl+C.
        await page.EvaluateAsync("() => { navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError')); }");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Copy the 320 px JPG URL of {name}" }).ClickAsync();
        var field = card.Locator($"#media-{image.Id}-320-jpg");
        await Assertions.Expect(field).ToBeVisibleAsync();
        await Assertions.Expect(field).ToBeFocusedAsync();
        Assert.EndsWith($"/media/{image.Hash}/320.jpg", await field.InputValueAsync(), StringComparison.Ordinal);
        Assert.Equal(await field.InputValueAsync(), await page.EvaluateAsync<string>("() => { const f = document.activeElement; return f.value.substring(f.selectionStart, f.selectionEnd); }"));
        await Assertions.Expect(card.Locator("li.media-variant[data-width='320 px'] [data-copy-status]")).ToHaveTextAsync("Press Ctrl+C to copy");
    }
}
