using System.Net;
using PeakShop.Testing;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>Without Redis the limits cannot be counted: they let requests through (and log it), never a 429 or a 500.</summary>
public sealed class RateLimitRedisDownTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Limits_FailOpen_WhenRedisIsUnreachable()
    {
        var settings = new Dictionary<string, string>
        {
            // A port nobody listens on: the shop starts and runs with Redis unreachable.
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{WebProcess.FreePort()}",
        };
        foreach (var rule in new[] { "SearchPerIp", "SuggestPerIp", "SignInPerIp", "SignInPerAccountAndIp", "SignInPerAccount", "ForgotPasswordPerIp", "ForgotPasswordPerEmail", "ApiPerIp" })
        {
            settings[$"RateLimits:{rule}:PermitLimit"] = "1";
        }
        await using var web = await WebProcess.StartAsync(output, settings);
        using var client = new LimitedReplicas.Browser(web, web, LimitedReplicas.NewAddress());

        var statuses = new List<(string, HttpStatusCode)>();
        for (var i = 0; i < 3; i++)
        {
            using var search = await client.GetAsync("/search?q=tent");
            using var suggest = await client.GetAsync("/search/suggest?q=te");
            using var signIn = await client.SignInAsync("nobody@example.com", "Wrong-Password-1");
            using var forgot = await client.PostFormAsync("/account/forgot-password", "forgot-password", ("Input.Email", "nobody@example.com"));
            using var api = await client.GetAsync("/api/v1/me");
            // Nothing counted, so nothing to tell: no RateLimit headers rather than made-up figures.
            Assert.False(api.Headers.Contains("RateLimit"));
            statuses.AddRange([("search", search.StatusCode), ("suggest", suggest.StatusCode), ("sign-in", signIn.StatusCode), ("forgot", forgot.StatusCode), ("api", api.StatusCode)]);
        }
        using var quota = await client.GetAsync("/api/v1/me/quota");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, quota.StatusCode);
        Assert.Equal("application/problem+json", quota.Content.Headers.ContentType?.MediaType);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s.Item2));
        Assert.Contains(web.Output, line => line.Contains("not checked (Redis unavailable", StringComparison.Ordinal));
    }
}
