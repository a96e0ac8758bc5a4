using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Infrastructure.Data;

/// <summary>
/// A primary that stops answering for a moment (a loaded machine, a long checkpoint) is slow, not gone: within
/// <c>Database:PrimarySlowGrace</c> the replica monitor never takes it for down, so writes wait for it instead of
/// answering 503. A CI run once failed a staff sign-in with the read-only page because one probe timed out.
/// </summary>
public sealed class SlowPrimaryTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task PrimaryFrozenForLessThanTheGrace_IsNeverTakenForDown_AndAWriteMadeMeanwhileSucceeds()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 1, price: 10m, name: "Slow primary probe");
        var monitor = factory.Services.GetRequiredService<StandbyMonitor>();
        using var client = factory.CreateCookielessClient();
        Assert.False((await monitor.RefreshAsync()).PrimaryDown);

        var takenForDown = new List<string>();
        var probesTimedOut = false;
        Task<HttpResponseMessage> write;
        await Platform.SignalDatabaseAsync("primary", "STOP");
        try
        {
            write = client.PostAsync(new Uri($"/test/price?sku={product.Sku}&price=12.50", UriKind.Relative), null);
            // Longer than a probe takes to fail on a hung server (~3 s), shorter than the 5 s grace.
            var until = DateTime.UtcNow.AddSeconds(4.2);
            while (DateTime.UtcNow < until)
            {
                var now = monitor.Current;
                probesTimedOut |= now.Hosts.Any(h => h.Error?.StartsWith("slow: ", StringComparison.Ordinal) == true);
                if (now.PrimaryDown)
                {
                    takenForDown.Add(now.Reason);
                }
                await Task.Delay(25);
            }
        }
        finally
        {
            await Platform.SignalDatabaseAsync("primary", "CONT");
        }
        using var response = await write.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(takenForDown);
        Assert.True(probesTimedOut, "the monitor's probes should have timed out on the frozen primary");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal(12.50m, await db.Products.Where(p => p.Id == product.Id).Select(p => p.Price).SingleAsync());
        await db.Products.Where(p => p.Id == product.Id).ExecuteDeleteAsync();
    }
}
