using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PeakShop.EndToEnd.Tests.Admin;
using PeakShop.Infrastructure.Customers;
using PeakShop.Testing;

namespace PeakShop.EndToEnd.Tests.Hosting;

/// <summary>
/// ADR 17 in a real browser: with the Content-Security-Policy on, everything that runs script still works (search
/// suggestions, enhanced navigation, add to cart, the Interactive Server editor, the WebAssembly uploader from the CDN)
/// and Chromium reports not one violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ShopperJourney_WithJavaScript_WorksUnderThePolicy_WithoutAViolation()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var csp = await CspWatch.AttachAsync(context);
        var page = await context.NewPageAsync();

        await csp.CheckAsync(async () =>
        {
            var home = await page.GotoAsync("/", new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.Contains("script-src 'self'", await home!.HeaderValueAsync("content-security-policy"), StringComparison.Ordinal);

            // search-suggest.js runs and its fetch of /search/suggest is allowed.
            await page.GetByLabel("Search products").PressSequentiallyAsync("espr");
            await Assertions.Expect(page.Locator(".search-suggestions a").First).ToContainTextAsync("Espresso", new() { Timeout = 5000 });

            // blazor.web.js runs: navigation is enhanced (the document, and this marker in it, survives).
            await page.EvaluateAsync("() => window.__samePage = 'yes'");
            await page.Locator(".category-list a", new() { HasText = "Outdoor" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/c/outdoor$"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Outdoor");
            Assert.Equal("yes", await page.EvaluateAsync<string?>("() => window.__samePage ?? null"));

            var card = page.Locator(".product-card", new() { HasNotText = "Out of stock" }).First;
            var name = (await card.Locator(".product-name").TextContentAsync())!.Trim();
            await card.Locator("a.product-link").ClickAsync();
            await page.WaitForURLAsync(new Regex("/p/"));
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
            Assert.Equal("yes", await page.EvaluateAsync<string?>("() => window.__samePage ?? null"));

            // The add-to-cart form posts with fetch (connect-src 'self'), shows a toast, and its link opens the cart.
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            // With JavaScript the cart comes in a toast; its link leads on to the cart.
            await page.Locator(".toast-cart").GetByRole(AriaRole.Link, new() { Name = "View cart" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/cart$"));
            await Assertions.Expect(page.Locator(".cart-count")).ToHaveTextAsync("1");
        });
    }

    [Fact]
    public async Task StaffEditsAProduct_InTheInteractiveServerEditor_WithoutAViolation()
    {
        var product = await TestData.CreateProductAsync(fixture.Services, "CSP editor tent " + Guid.NewGuid().ToString("N")[..6], 80m);
        CspWatch csp = null!;
        var (context, page, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Admin, fixture.BaseAddress,
            async c => csp = await CspWatch.AttachAsync(c));
        await using var _ = context;

        await csp.CheckAsync(async () =>
        {
            // The circuit's WebSocket to /_blazor is allowed (connect-src 'self'): the form turns interactive and saves.
            await StaffBrowser.OpenInteractiveAsync(page, $"/admin/products/{product.Id}");
            await page.GetByLabel("SKU").FillAsync("CSP-" + product.Id);
            await page.GetByLabel("Price (EUR)").FillAsync("81.50");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Assertions.Expect(page.Locator(".notice-ok")).ToContainTextAsync("Saved.");

            // Static staff pages: the category tree is indented without style attributes.
            await page.GotoAsync("/admin/categories");
            await Assertions.Expect(page.Locator(".admin-table .tree-indent").First).ToBeAttachedAsync();
            await page.GotoAsync("/admin");

            // Hangfire's dashboard has its own, looser policy (inline styles, a data: icon).
            await page.GotoAsync("/admin/jobs");
            await Assertions.Expect(page.GetByText("PeakShop jobs").First).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task MediaUploader_FromTheCdn_StartsWebAssembly_AndUploads_WithoutAViolation()
    {
        var cdn = new Uri(Required("PEAKSHOP_CDN_URL"));
        var originPort = int.Parse(Required("PEAKSHOP_CDN_ORIGIN_PORT"), CultureInfo.InvariantCulture);
        await using var origin = await WebProcess.StartAsync(null, new Dictionary<string, string> { ["Cdn:BaseUrl"] = cdn.ToString() }, originPort);
        CspWatch csp = null!;
        var (context, page, _) = await StaffBrowser.SignInAsync(fixture, ShopRoles.Marketing, origin.BaseAddress,
            async c => csp = await CspWatch.AttachAsync(c));
        await using var _ = context;
        var fromCdn = new List<string>();
        page.RequestFinished += (_, request) =>
        {
            if (request.Url.StartsWith(cdn.ToString(), StringComparison.Ordinal))
            {
                fromCdn.Add(request.Url);
            }
        };

        await csp.CheckAsync(async () =>
        {
            var library = await page.GotoAsync("/admin/marketing/media");
            var policy = await library!.HeaderValueAsync("content-security-policy");
            var cdnOrigin = cdn.GetLeftPart(UriPartial.Authority);
            Assert.Contains($"script-src 'self' {cdnOrigin} ", policy, StringComparison.Ordinal);
            Assert.Contains($"connect-src 'self' {cdnOrigin}", policy, StringComparison.Ordinal);
            Assert.Contains("'wasm-unsafe-eval'", policy, StringComparison.Ordinal);

            var island = page.Locator("[data-island=media-uploader]");
            await Assertions.Expect(island).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 60_000 });
            var fileName = $"csp-{Guid.NewGuid():N}"[..16] + ".jpg";
            await island.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = fileName,
                MimeType = "image/jpeg",
                Buffer = TestImages.Make("jpg", 800, 600, unique: true),
            });
            await Assertions.Expect(island.Locator($"li[data-file='{fileName}']")).ToHaveClassAsync(new Regex(@"\bstored\b"), new() { Timeout = 30_000 });

            // The runtime came from the edge, under the policy's CDN origin.
            Assert.Contains(fromCdn, url => url.Contains("/_framework/", StringComparison.Ordinal) && url.EndsWith(".wasm", StringComparison.Ordinal));
            Assert.Contains(fromCdn, url => url.Contains("blazor.web", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task ApiReference_RendersTheDocument_FromThisOriginOnly_WithoutAViolation()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 900 },
        });
        var csp = await CspWatch.AttachAsync(context);
        var page = await context.NewPageAsync();
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fixture.BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        await page.GotoAsync("/api/docs", new() { WaitUntil = WaitUntilState.NetworkIdle });
        // Scalar's UI ran (the inline module under its nonce, the embedded bundle) and read /openapi/v1.json.
        await Assertions.Expect(page.GetByText("PeakShop API").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        // Tags are listed whether or not they are expanded: the last one proves the whole document was read.
        await Assertions.Expect(page.GetByText("Staff: orders").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("api-docs") });

        // The one refusal is by design: the bundled Zod probes `Function('')` to choose its compiled validators and
        // falls back to the plain ones when the policy refuses eval, as ours does everywhere.
        Assert.All(csp.Violations, violation => Assert.Matches(@"^/api/docs/: script-src blocked eval \(\S+/api/docs/scalar\.js:", violation));
        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task InjectedInlineScript_IsBlocked_AndTheWatchSeesIt()
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var csp = await CspWatch.AttachAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");

        // What an HTML injection would add: the policy refuses to run it.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.append(s); }");

        for (var i = 0; i < 50 && csp.Violations.Count == 0; i++)
        {
            await Task.Delay(100);
        }
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__injected ?? null"));
        Assert.Contains(csp.Violations, v => v.Contains("script-src", StringComparison.Ordinal));
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run the tests through ./test.sh (or eval \"$(deploy/local/platform.sh env)\")");
}
