using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers.Sessions;
using StackExchange.Redis;

namespace PeakShop.Integration.Tests.Infrastructure.Customers.Sessions;

/// <summary>The Redis layout of sign-in sessions (ADR 14): TTL from the ticket, a per-user index, revocation that sticks.</summary>
public sealed class RedisSessionStoreTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private ITicketStore Store => factory.Services.GetRequiredService<ITicketStore>();
    private IUserSessions Sessions => factory.Services.GetRequiredService<IUserSessions>();
    private IDatabase Redis => factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    [Fact]
    public async Task Store_KeepsTheTicketUntilItsExpiry_AndIndexesItUnderTheUser()
    {
        var user = NewUserId();
        var key = await Store.StoreAsync(Ticket(user, TimeSpan.FromHours(2)));

        var ttl = await Redis.KeyTimeToLiveAsync(RedisSessionStore.SessionPrefix + key);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));
        Assert.NotNull(await Redis.SortedSetScoreAsync(RedisSessionStore.UserPrefix + user, key));
        var ticket = await Store.RetrieveAsync(key);
        Assert.Equal(user, ticket!.Principal.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal(key, ticket.Principal.FindFirstValue(ShopClaims.SessionKey));
        Assert.Equal([key], (await Sessions.ListAsync(user)).Select(s => s.Key));
    }

    [Fact]
    public async Task Renew_ExtendsALiveSession_ButNeverBringsBackARevokedOne()
    {
        var user = NewUserId();
        var key = await Store.StoreAsync(Ticket(user, TimeSpan.FromMinutes(5)));
        await Store.RenewAsync(key, Ticket(user, TimeSpan.FromHours(3)));
        Assert.True(await Redis.KeyTimeToLiveAsync(RedisSessionStore.SessionPrefix + key) > TimeSpan.FromHours(2));

        Assert.True(await Sessions.RevokeAsync(key));
        // A request that read the ticket just before the revocation renews it just after.
        await Store.RenewAsync(key, Ticket(user, TimeSpan.FromHours(3)));

        Assert.Null(await Store.RetrieveAsync(key));
        Assert.False(await Sessions.ExistsAsync(key));
        Assert.Empty(await Sessions.ListAsync(user));
    }

    [Fact]
    public async Task RevokeAll_EndsEverySessionOfTheUser_AndNoOneElses()
    {
        var user = NewUserId();
        var other = NewUserId();
        var keys = new[] { await Store.StoreAsync(Ticket(user, TimeSpan.FromHours(1))), await Store.StoreAsync(Ticket(user, TimeSpan.FromHours(1))) };
        var theirs = await Store.StoreAsync(Ticket(other, TimeSpan.FromHours(1)));

        Assert.Equal(2, await Sessions.RevokeAllAsync(user));

        foreach (var key in keys)
        {
            Assert.Null(await Store.RetrieveAsync(key));
        }
        Assert.False(await Redis.KeyExistsAsync(RedisSessionStore.UserPrefix + user));
        Assert.NotNull(await Store.RetrieveAsync(theirs));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("*")]
    [InlineData("../../../../etc/passwd-0000000000000000000000")]
    public async Task Retrieve_OfAMalformedKey_IsNoSession(string key) => Assert.Null(await Store.RetrieveAsync(key));

    private static string NewUserId() => Guid.NewGuid().ToString();

    private static AuthenticationTicket Ticket(string userId, TimeSpan lifetime) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "Identity.Application")),
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow + lifetime }, "Identity.Application");
}
