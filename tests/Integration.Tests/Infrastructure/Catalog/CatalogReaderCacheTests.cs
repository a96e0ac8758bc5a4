using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Infrastructure.Catalog;

public sealed class CatalogReaderCacheTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task GetProduct_ConcurrentMisses_QueryTheDatabaseOnce()
    {
        var (id, slug) = await AnyProductAsync();
        await using (var warm = factory.Services.CreateAsyncScope())
        {
            // The slug lookup is cached; what follows measures the product entry alone.
            Assert.NotNull(await warm.ServiceProvider.GetRequiredService<CatalogReader>().GetProductAsync(slug));
        }
        await factory.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Product(id)]);

        long commands = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DbMetrics.MeterName && instrument.Name == "peakshop.db.commands")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref commands, value));
        listener.Start();

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CatalogReader>().GetProductAsync(slug);
        }));

        Assert.All(results, r => Assert.Equal(id, r?.Id));
        // Stampede protection: 32 concurrent requests for one missing entry run its query once.
        Assert.InRange(Interlocked.Read(ref commands), 1, 2);
    }

    [Fact]
    public async Task GetProduct_CacheHit_RunsNoDatabaseCommand()
    {
        var (id, slug) = await AnyProductAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<CatalogReader>();
        Assert.Equal(id, (await reader.GetProductAsync(slug))?.Id);

        // Only this host's catalog reads count: its meters come from its own meter factory.
        var meters = factory.Services.GetRequiredService<IMeterFactory>();
        long reads = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Meter.Name == DbMetrics.MeterName && instrument.Name == "peakshop.db.commands")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "db.context", Value: "read" })
                {
                    Interlocked.Add(ref reads, value);
                }
            }
        });
        listener.Start();

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(id, (await reader.GetProductAsync(slug))?.Id);
        }
        output.WriteLine($"database reads during 200 cached product reads: {Interlocked.Read(ref reads)}");
        // What a hit costs in time is measured in bench/ (storefront and API runs), not here.
        Assert.Equal(0, Interlocked.Read(ref reads));
    }

    private async Task<(int Id, string Slug)> AnyProductAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var product = await scope.ServiceProvider.GetRequiredService<ShopReadDbContext>().Products.Listed()
            .OrderBy(p => p.Id).Skip(17).Select(p => new { p.Id, p.Slug }).FirstAsync();
        return (product.Id, product.Slug);
    }
}
