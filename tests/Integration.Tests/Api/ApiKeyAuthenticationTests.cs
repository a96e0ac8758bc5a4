using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Api;
using PeakShop.Infrastructure.Data;
using PeakShop.Web.Api;

namespace PeakShop.Integration.Tests.Api;

/// <summary>Partner keys in <c>X-Api-Key</c>: accepted, refused as 401 problems, revoked at once, scoped.</summary>
public sealed class ApiKeyAuthenticationTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Me_WithAReadKey_NamesTheKeyItsScopesAndQuota()
    {
        var key = await ApiClients.CreateKeyAsync(factory.Services);
        using var client = factory.CreateCookielessClient();

        using var response = await client.SendAsync(ApiClients.Get("/api/v1/me", key.Key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await ApiClients.JsonAsync(response);
        Assert.Equal("key", me.GetProperty("kind").GetString());
        Assert.Equal(key.KeyId, me.GetProperty("keyId").GetString());
        Assert.Equal(["read"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        var quota = me.GetProperty("quota");
        Assert.Equal("api-key", quota.GetProperty("policy").GetString());
        Assert.Equal(quota.GetProperty("limit").GetInt32() - 1, quota.GetProperty("remaining").GetInt32());
        Assert.StartsWith("\"api-key\";q=", response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_IsStoredAsAHashOnly_AndItsLastUseIsRecorded()
    {
        var key = await ApiClients.CreateKeyAsync(factory.Services);
        using var client = factory.CreateCookielessClient();
        using (var response = await client.SendAsync(ApiClients.Get("/api/v1/me", key.Key)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        ApiKey stored;
        // Last use is written off the request path.
        while ((stored = await db.Set<ApiKey>().AsNoTracking().SingleAsync(k => k.KeyId == key.KeyId)).LastUsedAt is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.NotNull(stored.LastUsedAt);
        Assert.Equal(32, stored.SecretHash.Length);
        var secret = key.Key[(ApiKeyFormat.Prefix.Length + ApiKeyFormat.KeyIdLength + 1)..];
        Assert.DoesNotContain(secret, System.Text.Encoding.UTF8.GetString(stored.SecretHash), StringComparison.Ordinal);
        var audit = await db.AuditLog.AsNoTracking().SingleAsync(a => a.Action == "api-key.create" && a.EntityId == key.KeyId);
        Assert.Contains(key.KeyId, audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, audit.After, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("wrong-secret")]
    [InlineData("malformed")]
    public async Task UnknownOrMalformedKey_Is401Problem(string kind)
    {
        var real = await ApiClients.CreateKeyAsync(factory.Services);
        var (other, _, _) = ApiKeyFormat.Create();
        var presented = kind switch
        {
            "unknown" => ApiKeyFormat.Create().Key,
            "wrong-secret" => WithFirstSecretChar(real.Key, real.Key[SecretStart] == 'A' ? 'B' : 'A'),
            _ => "psk_" + other + "_not-a-secret",
        };
        using var client = factory.CreateCookielessClient();

        using var response = await client.SendAsync(ApiClients.Get("/api/v1/me", presented));

        var problem = await ApiClients.AssertProblemAsync(response, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        Assert.Contains(kind == "malformed" ? "not an API key" : "Unknown API key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    private const int SecretStart = 4 + ApiKeyFormat.KeyIdLength + 1;

    private static string WithFirstSecretChar(string key, char c) => key[..SecretStart] + c + key[(SecretStart + 1)..];

    [Fact]
    public async Task RevokedKey_Is401Problem_FromTheNextRequest()
    {
        var key = await ApiClients.CreateKeyAsync(factory.Services, write: true);
        using var client = factory.CreateCookielessClient();
        using (var before = await client.SendAsync(ApiClients.Get("/api/v1/me", key.Key)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode); // now cached on this replica
        }

        Assert.True(await factory.Services.GetRequiredService<ApiKeyAdmin>().RevokeAsync(key.Id, ApiClients.Tester));

        using var after = await client.SendAsync(ApiClients.Get("/api/v1/me", key.Key));
        var problem = await ApiClients.AssertProblemAsync(after, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        Assert.Contains("revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(await factory.Services.GetRequiredService<ApiKeyAdmin>().RevokeAsync(key.Id, ApiClients.Tester));
    }

    [Fact]
    public async Task KeyInTheQueryString_AuthenticatesNobody()
    {
        var key = await ApiClients.CreateKeyAsync(factory.Services);
        using var client = factory.CreateCookielessClient();

        using var response = await client.GetAsync($"/api/v1/me?api_key={Uri.EscapeDataString(key.Key)}&X-Api-Key={Uri.EscapeDataString(key.Key)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await ApiClients.JsonAsync(response);
        Assert.Equal("anonymous", me.GetProperty("kind").GetString());
        Assert.Equal("api-ip", me.GetProperty("quota").GetProperty("policy").GetString());
    }

    [Fact]
    public async Task SignedInBrowserCookie_NeverAuthenticatesAnApiCall()
    {
        using var session = await StaffAccounts.SignInAsync(factory, "Admin");

        using var response = await session.Client.GetAsync("/api/v1/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("anonymous", (await ApiClients.JsonAsync(response)).GetProperty("kind").GetString());
    }
}
