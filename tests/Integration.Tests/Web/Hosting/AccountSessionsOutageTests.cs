using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// Redis down (ADR 14): a signed-in request is anonymous, never a 500; a sign-in is a 503 "try again"; the catalog
/// keeps working. When Redis is back (AOF keeps the sessions), the same cookie is signed in again.
/// </summary>
public sealed class AccountSessionsOutageTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task SignedInRequest_IsAnonymousNot500_WhileRedisIsDown()
    {
        using var shopper = await StaffAccounts.SignInAsync(factory);
        using var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(shopper, "/account/orders"));
        try
        {
            await Platform.RunPlatformAsync("stop-redis");

            Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(shopper, "/account/orders"));
            Assert.Equal(HttpStatusCode.Redirect, await StatusAsync(staff, "/admin/products"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(shopper, "/"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(staff, "/search?q=tent"));
        }
        finally
        {
            await RestartRedisAsync();
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await StatusAsync(shopper, "/account/orders") != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the session did not come back with Redis");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task SignIn_Is503TryAgain_WhileRedisIsDown()
    {
        var email = $"outage-{Guid.NewGuid():N}@example.com";
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            Assert.True((await users.CreateAsync(new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow },
                StaffAccounts.Password)).Succeeded);
        }
        using var browser = ShopSession.Open(factory);
        var html = await browser.GetHtmlAsync("/account/login");
        try
        {
            await Platform.RunPlatformAsync("stop-redis");
            using var signIn = await browser.PostAsync("/account/login",
                [new("_handler", "login"), new("Input.Email", email), new("Input.Password", StaffAccounts.Password)], ShopSession.Token(html));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
            Assert.True(signIn.Headers.RetryAfter is not null);
            Assert.DoesNotContain(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("ps_auth=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await RestartRedisAsync();
        }
    }

    /// <summary>Starts Redis again and waits until this replica has reconnected, so the next test can sign in.</summary>
    private async Task RestartRedisAsync()
    {
        await Platform.RunPlatformAsync("start");
        var redis = factory.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!redis.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(ShopSession session, string path)
    {
        using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        return response.StatusCode;
    }
}
