using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>A browser context signed in as a new staff account, through the real sign-in form.</summary>
internal static class StaffBrowser
{
    public static Task<(IBrowserContext Context, IPage Page, string Email)> SignInAsync(BrowserFixture fixture, string role) =>
        SignInAsync(fixture, role, fixture.BaseAddress);

    /// <summary>
    /// Signs in on another Web process of the same platform (e.g. the origin behind the CDN edge); <c>prepare</c> runs on
    /// the new context before its first page opens (e.g. to watch for CSP violations).
    /// </summary>
    public static async Task<(IBrowserContext Context, IPage Page, string Email)> SignInAsync(BrowserFixture fixture, string role, Uri site,
        Func<IBrowserContext, Task>? prepare = null)
    {
        var email = await TestData.CreateStaffAsync(fixture.Services, role, role.ToLowerInvariant());
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.ToString() });
        if (prepare is not null)
        {
            await prepare(context);
        }
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return (context, page, email);
    }

    /// <summary>Opens an Interactive Server page and waits until its circuit has taken over the prerendered form.</summary>
    public static async Task OpenInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.Locator("form[data-interactive=true]").WaitForAsync(new() { Timeout = 15_000 });
    }
}
