using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeakShop.Integration.Tests.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Web;

public sealed class PlatformServicesTests : IClassFixture<ShopFactory>
{
    private readonly ShopFactory _factory;

    public PlatformServicesTests(ShopFactory factory) => _factory = factory;

    [Fact]
    public async Task Ready_ReportsPrimaryStandbyAndRedis()
    {
        await _factory.WaitForStandbyAsync();
        using var client = _factory.CreateCookielessClient();
        using var management = _factory.CreateManagementClient();

        using var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        using var ready = await management.GetAsync(new Uri("/healthz/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("primary").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("standby").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("redis").GetProperty("status").GetString());
    }

    /// <summary>Without the primary (readiness Degraded, 200) see Resilience/PrimaryOutageTests, on an instance of its own.</summary>
    [Fact]
    public async Task Ready_IsDegradedWithoutRedis()
    {
        using var client = _factory.CreateManagementClient();
        using var shopper = _factory.CreateCookielessClient();
        try
        {
            await Platform.RunPlatformAsync("stop-redis");
            using (var noRedis = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, noRedis.StatusCode);
                Assert.Equal("Degraded", await CheckStatusAsync(noRedis, "redis"));
            }
            using (var publicNoRedis = await shopper.GetAsync(new Uri("/healthz/ready", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, publicNoRedis.StatusCode);
                Assert.Equal("degraded", await publicNoRedis.Content.ReadAsStringAsync());
            }
            using var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await Platform.RunPlatformAsync("start");
        }

        // The client reconnects on its next heartbeat (about a second).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string? redis;
        do
        {
            await Task.Delay(100);
            using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            redis = await CheckStatusAsync(ready, "redis");
        }
        while (redis != "Healthy" && DateTime.UtcNow < deadline);
        Assert.Equal("Healthy", redis);
    }

    private static async Task<string?> CheckStatusAsync(HttpResponseMessage response, string check)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString();
    }

    [Fact]
    public async Task DataProtectionKeys_LiveInPostgres_AndAreSharedByReplicas()
    {
        var protectedText = _factory.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("integration").Protect("shared secret");

        await using var otherReplica = new ShopFactory();
        var unprotected = otherReplica.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("integration").Unprotect(protectedText);

        Assert.Equal("shared secret", unprotected);
        await using var connection = new NpgsqlConnection(Platform.PrimaryConnectionString("peakshop"));
        await connection.OpenAsync();
        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(*) from data_protection_keys") >= 1);
    }

    [Fact]
    public async Task UnknownPage_IsA404Page_NotAnError()
    {
        using var client = _factory.CreateCookielessClient();

        using var response = await client.GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("could not find that page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
