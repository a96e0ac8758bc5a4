using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Web.Admin;

/// <summary>
/// How admin circuits are set up to outlive their replica (ADR 8); the behaviour itself, with two real Web
/// processes and a browser, is in <c>EndToEnd.Tests/Admin/ProductEditorFailoverTests</c>.
/// </summary>
public sealed partial class AdminCircuitsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public void EvictedCircuits_GoToTheAppsHybridCache_WithTheConfiguredRetention()
    {
        var circuits = factory.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;

        // The same HybridCache as the catalog's: its L2 is Redis (the end-to-end test finds the circuit there).
        Assert.Same(factory.Services.GetRequiredService<HybridCache>(), circuits.HybridPersistenceCache);
        Assert.Equal(TimeSpan.FromMinutes(3), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(TimeSpan.FromHours(8), circuits.PersistedCircuitDistributedRetentionPeriod);
    }

    [Fact]
    public void BlazorHub_TakesAResumeLargerThanSignalRsDefault()
    {
        // ComponentHub is internal: find its options through the hub type's name.
        var hub = typeof(CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var options = (IOptions<HubOptions>)factory.Services.GetRequiredService(typeof(IOptions<>).MakeGenericType(typeof(HubOptions<>).MakeGenericType(hub)));

        Assert.Equal(256 * 1024, options.Value.MaximumReceiveMessageSize);
    }

    [Fact]
    public async Task AdminPages_LoadTheCircuitScript_StorefrontPagesDoNot()
    {
        int productId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            productId = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Products.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        }
        var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);

        var editor = await staff.GetHtmlAsync($"/admin/products/{productId}");
        var script = CircuitScript().Match(editor);
        Assert.True(script.Success, "the editor page loads admin-circuits.js");
        // Fingerprinted (immutable, CDN-cacheable), with the idle grace from AdminCircuits:IdlePauseAfter.
        Assert.Matches(@"^js/admin-circuits\.[a-z0-9]+\.js$", script.Groups["src"].Value);
        Assert.Equal("30000", script.Groups["idle"].Value);

        // (The import map on every page lists every fingerprinted script, this one included; only admin pages run it.)
        var shopper = ShopSession.Open(factory);
        Assert.DoesNotMatch(CircuitScript(), await shopper.GetHtmlAsync("/"));
        Assert.DoesNotMatch(CircuitScript(), await staff.GetHtmlAsync("/"));
    }

    [GeneratedRegex("<script src=\"(?<src>[^\"]*admin-circuits[^\"]*)\" data-idle-pause-ms=\"(?<idle>\\d+)\"")]
    private static partial Regex CircuitScript();
}
