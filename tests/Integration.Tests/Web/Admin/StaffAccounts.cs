using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Web.Admin;

/// <summary>Accounts with a staff role (or none: a shopper), made through Identity for one test.</summary>
internal static class StaffAccounts
{
    public const string Password = "Staff-Pass-2026!";

    /// <summary>Creates an account with <paramref name="role"/> (null: a shopper) and returns its e-mail.</summary>
    public static async Task<string> CreateAsync(IServiceProvider services, string? role)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var email = $"{role?.ToLowerInvariant() ?? "shopper"}-{Guid.NewGuid():N}@example.com";
        var user = new ShopUser { UserName = email, Email = email, CreatedAt = DateTimeOffset.UtcNow };
        Check(await users.CreateAsync(user, Password));
        if (role is not null)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new IdentityRole(role));
                // Another test may have created it in between.
                if (!created.Succeeded && !await roles.RoleExistsAsync(role))
                {
                    Check(created);
                }
            }
            Check(await users.AddToRoleAsync(user, role));
        }
        return email;
    }

    /// <summary>A browser session signed in as a new account with <paramref name="role"/>.</summary>
    public static async Task<ShopSession> SignedInAsync(ShopFactory factory, string? role)
    {
        var email = await CreateAsync(factory.Services, role);
        var session = ShopSession.Open(factory);
        var html = await session.GetHtmlAsync("/account/login");
        using var response = await session.PostAsync("/account/login",
            [new("_handler", "login"), new("Input.Email", email), new("Input.Password", Password)], ShopSession.Token(html));
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"sign-in as {role}: {(int)response.StatusCode}");
        return session;
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
