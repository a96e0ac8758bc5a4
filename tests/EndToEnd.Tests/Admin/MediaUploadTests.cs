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
}
