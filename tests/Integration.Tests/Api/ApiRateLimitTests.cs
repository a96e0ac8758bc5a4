using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Api;
using PeakShop.Integration.Tests.Web.Hosting;
using PeakShop.Web.Api;

namespace PeakShop.Integration.Tests.Api;

/// <summary>
/// API limits against two Web processes sharing one Redis: requests alternate between the processes, the
/// <c>RateLimit</c> header counts down across both, and the refusal (429 problem, <c>Retry-After</c>) comes at the
/// combined count — per key, per customer, per address; the sign-in throttle holds for tokens too.
/// </summary>
[Collection(LimitedReplicasCollection.Name)]
public sealed partial class ApiRateLimitTests(LimitedReplicas replicas)
{
    [Fact]
    public async Task PerKey_CountsDownAcrossBothReplicas_ThenRefusesWith429Problem()
    {
        var key = await ApiClients.CreateKeyAsync(replicas.Shop.Services);
        var limit = LimitedReplicas.Limits["ApiPerKey"];
        using var partner = replicas.Open(LimitedReplicas.NewAddress());
        partner.Headers[ApiClients.KeyHeader] = key.Key;

        for (var i = 1; i <= limit; i++)
        {
            // A partner's servers may share addresses with anyone: keyed calls are counted per key only.
            partner.Address = LimitedReplicas.NewAddress();
            using var allowed = await partner.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal($"\"api-key\";q={limit};w={(int)LimitedReplicas.Window.TotalSeconds}", allowed.Headers.GetValues("RateLimit-Policy").Single());
            Assert.Equal(limit - i, Remaining(allowed, "api-key"));
        }

        using var refused = await partner.GetAsync("/api/v1/me/quota");

        await AssertRefusedAsync(refused, "api-key");
        using var otherKey = replicas.Open(LimitedReplicas.NewAddress());
        otherKey.Headers[ApiClients.KeyHeader] = (await ApiClients.CreateKeyAsync(replicas.Shop.Services)).Key;
        using var other = await otherKey.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Revoke_EndsTheKeyOnBothReplicas_ThatHadItCached()
    {
        var key = await ApiClients.CreateKeyAsync(replicas.Shop.Services);
        using var partner = replicas.Open(LimitedReplicas.NewAddress());
        partner.Headers[ApiClients.KeyHeader] = key.Key;
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await partner.GetAsync("/api/v1/me"); // A, then B: both hold the key in memory now
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Revoked by a third process (the in-process shop): the invalidation reaches A and B over Redis pub/sub.
        Assert.True(await replicas.Shop.Services.GetRequiredService<ApiKeyAdmin>().RevokeAsync(key.Id, ApiClients.Tester));

        var statuses = new List<HttpStatusCode>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            using var a = await partner.GetAsync("/api/v1/me");
            using var b = await partner.GetAsync("/api/v1/me");
            statuses = [a.StatusCode, b.StatusCode];
            if (statuses.All(s => s == HttpStatusCode.Unauthorized))
            {
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses);
    }

    [Fact]
    public async Task KeyWithItsOwnLimit_IsRefusedAtThatLimit()
    {
        var key = await ApiClients.CreateKeyAsync(replicas.Shop.Services, perMinute: 2);
        using var partner = replicas.Open(LimitedReplicas.NewAddress());
        partner.Headers[ApiClients.KeyHeader] = key.Key;
        using (var first = await partner.GetAsync("/api/v1/me/quota"))
        {
            var quota = await ApiClients.JsonAsync(first);
            Assert.Equal(2, quota.GetProperty("limit").GetInt32());
            Assert.Equal(1, quota.GetProperty("remaining").GetInt32());
            Assert.Equal(60, quota.GetProperty("windowSeconds").GetInt32());
        }
        using (var second = await partner.GetAsync("/api/v1/me"))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        using var refused = await partner.GetAsync("/api/v1/me");

        await AssertRefusedAsync(refused, "api-key");
    }

    [Fact]
    public async Task PerAddress_AnonymousCallsAreRefusedAtTheCombinedCount()
    {
        using var client = replicas.Open(LimitedReplicas.NewAddress());
        var limit = LimitedReplicas.Limits["ApiPerIp"];
        for (var i = 1; i <= limit; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(limit - i, Remaining(allowed, "api-ip"));
        }

        using var refused = await client.GetAsync("/api/v1/me");

        await AssertRefusedAsync(refused, "api-ip");
        // An invalid key is no way around it: it is counted against the address, then refused.
        client.Headers[ApiClients.KeyHeader] = "psk_not-a-key";
        using var withBadKey = await client.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, withBadKey.StatusCode);
    }

    [Fact]
    public async Task PerCustomer_CountsTheAccountWhicheverAddressItCallsFrom()
    {
        var email = await replicas.CreateAccountAsync();
        using var customer = replicas.Open(LimitedReplicas.NewAddress());
        using (var token = await customer.PostJsonAsync("/api/v1/auth/token", new { email, password = StaffAccounts.Password }))
        {
            Assert.Equal(HttpStatusCode.OK, token.StatusCode);
            customer.Headers["Authorization"] = "Bearer " + (await ApiClients.JsonAsync(token)).GetProperty("accessToken").GetString();
        }
        var limit = LimitedReplicas.Limits["ApiPerCustomer"];
        for (var i = 1; i <= limit; i++)
        {
            customer.Address = LimitedReplicas.NewAddress();
            using var allowed = await customer.GetAsync("/api/v1/me");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(limit - i, Remaining(allowed, "api-customer"));
        }
        customer.Address = LimitedReplicas.NewAddress();

        using var refused = await customer.GetAsync("/api/v1/me");

        await AssertRefusedAsync(refused, "api-customer");
    }

    [Fact]
    public async Task TokenSignIn_KeepsTheSignInThrottle_AcrossReplicas()
    {
        var email = await replicas.CreateAccountAsync();
        using var guesser = replicas.Open(LimitedReplicas.NewAddress());
        for (var i = 0; i < LimitedReplicas.Limits["SignInPerAccountAndIp"]; i++)
        {
            using var wrong = await guesser.PostJsonAsync("/api/v1/auth/token", new { email, password = $"Wrong-password-{i}!" });
            await ApiClients.AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        }

        // Even the right password: the throttle answers before any password is checked.
        using var refused = await guesser.PostJsonAsync("/api/v1/auth/token", new { email, password = StaffAccounts.Password });

        var problem = await ApiClients.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, ApiProblems.RateLimited);
        Assert.Equal("sign-in", problem.GetProperty("policy").GetString());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage refused, string policy)
    {
        var problem = await ApiClients.AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, ApiProblems.RateLimited);
        Assert.Equal(policy, problem.GetProperty("policy").GetString());
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, (int)LimitedReplicas.Window.TotalSeconds);
        Assert.Equal(retryAfter, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(0, Remaining(refused, policy));
    }

    /// <summary>The <c>r</c> of one policy in the <c>RateLimit</c> header (<c>"api-key";r=5;t=42, …</c>).</summary>
    private static int Remaining(HttpResponseMessage response, string policy)
    {
        var header = response.Headers.GetValues("RateLimit").Single();
        var match = Regex.Match(header, $"\"{Regex.Escape(policy)}\";r=(\\d+);t=(\\d+)");
        Assert.True(match.Success, header);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
