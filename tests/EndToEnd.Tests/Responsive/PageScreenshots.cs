using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Responsive;

/// <summary>
/// Full-page screenshots under stable names (<c>product-390.png</c>): always into the test output folder, and as JPEG into
/// the repository's <c>docs/screenshots/</c> (shown in the README) when <c>UPDATE_SCREENSHOTS=1</c>.
/// </summary>
internal static class PageScreenshots
{
    public static bool UpdateDocs => Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1";

    /// <summary>Saves the screenshot; returns where the test output copy is.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        // Lazy images below the fold would otherwise be blank boxes in a full-page picture.
        await page.EvaluateAsync("""
            () => Promise.race([
              Promise.all([...document.images].map(img => {
                img.loading = 'eager';
                return img.complete ? null : new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); });
              })),
              new Promise(done => setTimeout(done, 2000)),
            ])
            """);
        var path = BrowserFixture.ScreenshotPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        if (UpdateDocs)
        {
            // JPEG for the committed copies: a fifth of the PNG's bytes in the repository's history, as sharp to a reader.
            var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(folder, name + ".jpg"), FullPage = true, Type = ScreenshotType.Jpeg, Quality = 80,
            });
        }
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "App.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"no App.sln above {AppContext.BaseDirectory}: cannot find docs/screenshots");
    }
}
