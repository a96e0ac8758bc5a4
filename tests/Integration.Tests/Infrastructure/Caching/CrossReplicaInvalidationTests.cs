using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;
using PeakShop.Testing;
using PeakShop.Web.Components.Shared;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Infrastructure.Caching;

/// <summary>Two real Web processes (two replicas) share Redis; a price change reaches both within a second.</summary>
public sealed class CrossReplicaInvalidationTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task PriceChange_ReachesEveryReplica_WithinOneSecond()
    {
        int id;
        string slug;
        decimal oldPrice;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var product = await db.Products.Listed().Where(p => p.Stock > 0).OrderByDescending(p => p.Id).FirstAsync();
            (id, slug, oldPrice) = (product.Id, product.Slug, product.Price);
        }
        var newPrice = oldPrice + 11.11m;

        await using var replicaA = await WebProcess.StartAsync(output);
        await using var replicaB = await WebProcess.StartAsync(output);
        var url = new Uri($"/p/{slug}", UriKind.Relative);
        try
        {
            // Warm both replicas' caches.
            foreach (var replica in new[] { replicaA, replicaB })
            {
                Assert.Equal(Money.Format(oldPrice, "EUR"), ShownPrice(await replica.Client.GetStringAsync(url)));
            }

            await SetPriceAsync(id, newPrice, invalidate: false);
            // Without an invalidation both keep serving the cached price: the cache is really in the path.
            await Task.Delay(300);
            Assert.Equal(Money.Format(oldPrice, "EUR"), ShownPrice(await replicaA.Client.GetStringAsync(url)));
            Assert.Equal(Money.Format(oldPrice, "EUR"), ShownPrice(await replicaB.Client.GetStringAsync(url)));

            var clock = Stopwatch.StartNew();
            await factory.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Product(id)]);
            var seenA = await WaitForAsync(replicaA, url, Money.Format(newPrice, "EUR"), clock);
            var seenB = await WaitForAsync(replicaB, url, Money.Format(newPrice, "EUR"), clock);
            output.WriteLine($"new price visible on replica A after {seenA.TotalMilliseconds:F0} ms, on B after {seenB.TotalMilliseconds:F0} ms");

            Assert.True(seenA <= Bound, $"replica A showed the new price after {seenA}");
            Assert.True(seenB <= Bound, $"replica B showed the new price after {seenB}");
        }
        finally
        {
            await SetPriceAsync(id, oldPrice, invalidate: true);
        }
    }

    /// <summary>The product's own price (not a related product's).</summary>
    private static string ShownPrice(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "<p class=\"price\"[^>]*>([^<]+)</p>").Groups[1].Value);

    private async Task SetPriceAsync(int id, decimal price, bool invalidate)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var product = await db.Products.SingleAsync(p => p.Id == id);
        product.Price = price;
        await db.SaveChangesAsync();
        if (invalidate)
        {
            await scope.ServiceProvider.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Product(id)]);
        }
    }

    private static async Task<TimeSpan> WaitForAsync(WebProcess replica, Uri url, string text, Stopwatch clock)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (ShownPrice(await replica.Client.GetStringAsync(url)) == text)
            {
                return clock.Elapsed;
            }
            await Task.Delay(20);
        }
        return TimeSpan.MaxValue;
    }
}
