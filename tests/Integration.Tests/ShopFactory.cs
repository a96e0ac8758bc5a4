using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Web.Middleware;

namespace PeakShop.Integration.Tests;

/// <summary>
/// One Web replica on the real platform, plus two test-only endpoints that write and read a
/// product's price, so a test can drive the causal cookie exactly as a browser would.
/// </summary>
public class ShopFactory : WebApplicationFactory<Program>
{
    public const string LagBound = "00:00:30";
    public const int ReadTimeoutSeconds = 2;

    /// <summary>Every absolute link the app writes starts with this, whatever Host a request names.</summary>
    public const string PublicBaseUrl = "https://shop.peakshop.test";

    /// <summary>The management port (TestServer binds no port: <see cref="CreateManagementClient"/> marks its requests as arriving on it).</summary>
    public const int ManagementPort = 59_999;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // Long enough that a paused standby stays in use for callers who did not write.
        builder.UseSetting("Database:MaxStandbyLag", LagBound);
        builder.UseSetting("Shop:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Management:Port", ManagementPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Database:StandbyPollInterval", "00:00:00.050");
        // In-process: no balancer to drain from, so disposing the factory does not wait (GracefulShutdownTests covers it).
        builder.UseSetting("Shutdown:DrainDelay", "00:00:00");
        builder.UseSetting("Database:ReadCommandTimeoutSeconds", ReadTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in PeakShop.Testing.TestRateLimits.Generous)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, ProbeEndpoints>());
        // Records what the app asks the edge to purge, then passes it on to the configured purger.
        builder.ConfigureTestServices(services =>
        {
            var inner = services.Last(d => d.ServiceType == typeof(ICdnPurger));
            services.Remove(inner);
            services.AddSingleton(sp => new RecordingCdnPurger((ICdnPurger)(inner.ImplementationInstance
                ?? inner.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
            services.AddSingleton<ICdnPurger>(sp => sp.GetRequiredService<RecordingCdnPurger>());
        });
    }

    /// <summary>Waits until the replica monitor lets reads go to the standby.</summary>
    public async Task WaitForStandbyAsync(TimeSpan? timeout = null)
    {
        var monitor = Services.GetRequiredService<StandbyMonitor>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!(await monitor.RefreshAsync()).StandbyUsable)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"standby not usable: {monitor.Current.Reason}");
            }
            await Task.Delay(100);
        }
    }

    public HttpClient CreateCookielessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    /// <summary>A client whose requests arrive on the management port (readiness detail, /metrics).</summary>
    public HttpClient CreateManagementClient() => ManagementClientOf(this);

    /// <summary>The same for a factory derived with <c>WithWebHostBuilder</c>.</summary>
    public static HttpClient ManagementClientOf(WebApplicationFactory<Program> factory) =>
        new(factory.Server.CreateHandler(http => http.Connection.LocalPort = ManagementPort)) { BaseAddress = factory.Server.BaseAddress };

    private sealed class ProbeEndpoints : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            // Ahead of the app's pipeline (whose catch-all GET endpoint answers other methods with 405),
            // with the same causal-consistency middleware the real pages go through.
            app.Map("/test/price", branch => branch.UseMiddleware<CausalConsistencyMiddleware>().Run(async http =>
            {
                var sku = http.Request.Query["sku"].ToString();
                if (HttpMethods.IsPost(http.Request.Method))
                {
                    var db = http.RequestServices.GetRequiredService<ShopDbContext>();
                    var product = await db.Products.SingleAsync(p => p.Sku == sku);
                    var newPrice = decimal.Parse(http.Request.Query["price"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
                    // Last writer wins for this probe: concurrent probes of one product reload on a version conflict.
                    for (var attempt = 0; ; attempt++)
                    {
                        product.Price = newPrice;
                        try
                        {
                            await db.SaveChangesAsync();
                            break;
                        }
                        catch (DbUpdateConcurrencyException) when (attempt < 10)
                        {
                            await db.Entry(product).ReloadAsync();
                        }
                    }
                    http.Response.StatusCode = (int)HttpStatusCode.NoContent;
                    return;
                }
                var read = http.RequestServices.GetRequiredService<ShopReadDbContext>();
                var price = await read.Products.Where(p => p.Sku == sku).Select(p => p.Price).SingleAsync();
                await http.Response.WriteAsync(price.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }));
            next(app);
        };
    }
}
