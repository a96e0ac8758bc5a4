using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Api;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Api;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Web.Admin;

/// <summary><c>/admin/api-keys</c>: an Admin creates a key (shown once), sees its use, and revokes it.</summary>
public sealed partial class ApiKeysPageTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Create_ShowsTheKeyOnce_TheKeyWorks_AndTheListShowsItsUse()
    {
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        var name = $"Partner {Guid.NewGuid():N}"[..20];
        var page = await admin.GetHtmlAsync("/admin/api-keys");

        using var created = await admin.PostAsync("/admin/api-keys",
            [new("_handler", "create-api-key"), new("Input.Name", name), new("Input.Write", "true"), new("Input.RequestsPerMinute", "50")],
            ShopSession.Token(page));

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore);
        var html = await created.Content.ReadAsStringAsync();
        var key = KeyPattern().Match(html).Value;
        Assert.True(ApiKeyFormat.TryParse(key, out var keyId, out _), html);
        using var api = factory.CreateCookielessClient();
        for (var i = 0; i < 2; i++)
        {
            using var me = await api.SendAsync(ApiClients.Get("/api/v1/me", key));
            Assert.Equal("key", (await ApiClients.JsonAsync(me)).GetProperty("kind").GetString());
        }

        var list = await admin.GetHtmlAsync("/admin/api-keys");
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        var row = Row(list, keyId);
        Assert.Contains(WebUtility.HtmlEncode(name), row, StringComparison.Ordinal);
        Assert.Contains("read, write", row, StringComparison.Ordinal);
        Assert.Matches("2 of 50 \\(resets in \\d+ s\\)", row);
        Assert.Contains("Revoke", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_EndsTheKey_AndIsAudited()
    {
        var key = await ApiClients.CreateKeyAsync(factory.Services);
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        var page = await admin.GetHtmlAsync("/admin/api-keys");
        Assert.Contains(key.KeyId, page, StringComparison.Ordinal);

        using var revoked = await admin.PostAsync("/admin/api-keys",
            [new("_handler", "api-key-actions"), new("Revoke", key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], ShopSession.Token(page));

        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal("/admin/api-keys?done=revoked", ShopSession.PathOf(revoked));
        using var api = factory.CreateCookielessClient();
        using var refused = await api.SendAsync(ApiClients.Get("/api/v1/me", key.Key));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var row = Row(await admin.GetHtmlAsync("/admin/api-keys"), key.KeyId);
        Assert.Contains("revoked ", row, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Revoke\"", row, StringComparison.Ordinal);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "api-key.revoke" && a.EntityId == key.KeyId && a.ActorEmail.StartsWith("staff-")));
    }

    [Fact]
    public async Task Create_WithoutAName_Is422WithTheMessage_AndCreatesNothing()
    {
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        var page = await admin.GetHtmlAsync("/admin/api-keys");
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContextAsync();
        var before = await db.Set<ApiKey>().CountAsync();

        using var refused = await admin.PostAsync("/admin/api-keys",
            [new("_handler", "create-api-key"), new("Input.Name", "  "), new("Input.RequestsPerMinute", "0")], ShopSession.Token(page));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Name the key after the partner", html, StringComparison.Ordinal);
        Assert.Contains("Between 1 and 1,000,000 requests per minute", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(KeyPattern(), html);
        Assert.Equal(before, await db.Set<ApiKey>().CountAsync());
    }

    private static string Row(string html, string keyId) =>
        Regex.Match(html, $"<tr data-api-key=\"{keyId}\">(.*?)</tr>", RegexOptions.Singleline) is { Success: true } m
            ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"no row for {keyId}");

    [GeneratedRegex("psk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex KeyPattern();
}
