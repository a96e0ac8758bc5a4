using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>A browser context signed in as a new staff account, through the real sign-in form.</summary>
internal static class StaffBrowser
{
    private const string Password = "Staff-Pass-2026!";

    public static async Task<(IBrowserContext Context, IPage Page, string Email)> SignInAsync(BrowserFixture fixture, string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await using (var scope = fixture.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
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
