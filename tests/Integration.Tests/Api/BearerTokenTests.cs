using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Web.Api;

namespace PeakShop.Integration.Tests.Api;

/// <summary>Customers' bearer tokens: sign in → token → /me → refresh; sign-out-everywhere ends refreshes; bad input is a problem.</summary>
public sealed class BearerTokenTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Token_Me_Refresh_ThenSignOutEverywhere_EndsTheRefresh()
    {
        var email = await ApiClients.CreateAccountAsync(factory.Services);
        using var client = factory.CreateCookielessClient();

        var token = await ApiClients.TokenAsync(client, email);
        Assert.Equal("Bearer", token.GetProperty("tokenType").GetString());
        Assert.Equal(15 * 60, token.GetProperty("expiresIn").GetInt32());
        using (var me = await client.SendAsync(ApiClients.Get("/api/v1/me", bearer: token.GetProperty("accessToken").GetString())))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            var body = await ApiClients.JsonAsync(me);
            Assert.Equal("customer", body.GetProperty("kind").GetString());
            Assert.Equal(email, body.GetProperty("name").GetString());
            Assert.Equal("api-customer", body.GetProperty("quota").GetProperty("policy").GetString());
            // A customer is counted per account and per address.
            Assert.Contains("\"api-ip\";r=", me.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        }

        using var refreshed = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = await ApiClients.JsonAsync(refreshed);
        using (var me = await client.SendAsync(ApiClients.Get("/api/v1/me", bearer: renewed.GetProperty("accessToken").GetString())))
        {
            Assert.Equal("customer", (await ApiClients.JsonAsync(me)).GetProperty("kind").GetString());
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!);
        }

        using var ended = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = renewed.GetProperty("refreshToken").GetString() });
        await ApiClients.AssertProblemAsync(ended, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
    }

    [Fact]
    public async Task WrongPassword_Is401Problem_AndUnknownAccountLooksTheSame()
    {
        var email = await ApiClients.CreateAccountAsync(factory.Services);
        using var client = factory.CreateCookielessClient();

        using var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "Not-the-password-1!" });
        using var unknown = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "Not-the-password-1!" });

        var a = await ApiClients.AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        var b = await ApiClients.AssertProblemAsync(unknown, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
        Assert.False(wrong.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task MissingFieldsOrNoBody_Is400ValidationProblem()
    {
        using var client = factory.CreateCookielessClient();

        using var missing = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "" });
        using var empty = await client.PostAsync("/api/v1/auth/token", new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        using var refresh = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { });

        var problem = await ApiClients.AssertProblemAsync(missing, HttpStatusCode.BadRequest, ApiProblems.Validation);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
        await ApiClients.AssertProblemAsync(empty, HttpStatusCode.BadRequest, ApiProblems.Validation);
        await ApiClients.AssertProblemAsync(refresh, HttpStatusCode.BadRequest, ApiProblems.Validation);
    }

    [Fact]
    public async Task ForgedOrAccessTokenAsRefresh_Is401Problem()
    {
        var email = await ApiClients.CreateAccountAsync(factory.Services);
        using var client = factory.CreateCookielessClient();
        var token = await ApiClients.TokenAsync(client, email);

        // An access token is protected for another purpose: it is no refresh token.
        using var swapped = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token.GetProperty("accessToken").GetString() });
        using var forged = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "CfDJ8forged" });

        await ApiClients.AssertProblemAsync(swapped, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        await ApiClients.AssertProblemAsync(forged, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
    }

    [Fact]
    public async Task ExpiredOrForgedAccessToken_Is401Problem_EvenOnAnAnonymousEndpoint()
    {
        using var client = factory.CreateCookielessClient();

        using var response = await client.SendAsync(ApiClients.Get("/api/v1/me", bearer: "CfDJ8forged"));

        await ApiClients.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
    }

    [Fact]
    public async Task StaffToken_EndsAtOnce_WhenTheStampChanges()
    {
        var email = await ApiClients.CreateAccountAsync(factory.Services, ShopRoles.Staff);
        using var client = factory.CreateCookielessClient();
        var access = (await ApiClients.TokenAsync(client, email)).GetProperty("accessToken").GetString();
        using (var me = await client.SendAsync(ApiClients.Get("/api/v1/me", bearer: access)))
        {
            Assert.Equal("staff", (await ApiClients.JsonAsync(me)).GetProperty("kind").GetString());
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByEmailAsync(email))!);
        }

        using var after = await client.SendAsync(ApiClients.Get("/api/v1/me", bearer: access));
        await ApiClients.AssertProblemAsync(after, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
    }
}
