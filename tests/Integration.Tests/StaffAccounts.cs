using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests;

internal static class StaffAccounts
{
    public const string Password = "Peak-Shop-2026!";

    /// <summary>A new account with the given roles (none: a shopper), signed in through the real login form.</summary>
    public static async Task<ShopSession> SignInAsync(ShopFactory factory, params string[] roles)
    {
        var email = $"staff-{Guid.NewGuid():N}@example.com";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            foreach (var role in roles)
            {
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded, $"role {role}");
            }
        }
        var session = ShopSession.Open(factory);
        var login = await session.GetHtmlAsync("/account/login");
        using var signIn = await session.PostAsync("/account/login",
            [new("_handler", "login"), new("Input.Email", email), new("Input.Password", Password)], ShopSession.Token(login));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return session;
    }
}
