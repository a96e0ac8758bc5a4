using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PeakShop.Infrastructure.Catalog.Seeding;
using PeakShop.Integration.Tests.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Infrastructure.Catalog;

public sealed class SeedTests : IAsyncLifetime
{
    private const int Products = 1_500;
    private readonly string _first = $"peakshop_seed_{Guid.NewGuid():N}";
    private readonly string _second = $"peakshop_seed_{Guid.NewGuid():N}";

    // Every column a shopper sees, joined to brand and category by slug so ids do not matter.
    private const string CatalogFingerprint = """
        select md5(string_agg(concat_ws('|', p.sku, p.slug, p.name, p.description, p.price, p.currency, p.stock,
                   b.slug, c.slug, parent.slug, p.created_at, imgs.paths), E'\n' order by p.sku))
        from products p
        join brands b on b.id = p.brand_id
        join categories c on c.id = p.category_id
        left join categories parent on parent.id = c.parent_id
        left join lateral (select string_agg(i.path || '#' || i.alt_text, ',' order by i.sort_order) as paths
                           from product_images i where i.product_id = p.id) imgs on true
        where p.sku like 'PS-%' and (case when p.sku like 'PS-%' then substring(p.sku from 7)::int end) <= {0}
        """;

    public async Task InitializeAsync()
    {
        await Platform.CreateDatabaseAsync(_first);
        await Platform.CreateDatabaseAsync(_second);
    }

    public async Task DisposeAsync()
    {
        await Platform.DropDatabaseAsync(_first);
        await Platform.DropDatabaseAsync(_second);
    }

    [Fact]
    public async Task Seed_IsDeterministic_AndAPrefixOfTheFullCatalog()
    {
        await SeedAsync(_first);
        await SeedAsync(_second);

        var first = await FingerprintAsync(Platform.PrimaryConnectionString(_first), Products);
        var second = await FingerprintAsync(Platform.PrimaryConnectionString(_second), Products);
        // The catalog that ./test.sh seeded through "Jobs seed" holds the same first products.
        var full = await FingerprintAsync(Platform.PrimaryConnectionString("peakshop"), Products);

        Assert.Equal(first, second);
        Assert.Equal(first, full);
    }

    [Fact]
    public async Task Seed_SkipsACatalogThatHasProducts()
    {
        await SeedAsync(_first);
        await using var db = MigrationTests.Context(_first);

        var again = await new CatalogSeeder(db, NullLogger<CatalogSeeder>.Instance).SeedAsync(new SeedOptions(Products));

        Assert.False(again.Seeded);
        Assert.Equal(Products, await db.Products.CountAsync());
    }

    [Fact]
    public async Task DemoCatalog_HasTheSizeTheStorefrontNeeds()
    {
        await using var connection = new NpgsqlConnection(Platform.PrimaryConnectionString("peakshop"));
        await connection.OpenAsync();

        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(*) from products where sku like 'PS-%'") >= 10_000);
        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(*) from categories") >= 50);
        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(*) from brands") >= 20);
        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(distinct category_id) from products") >= 50);
        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(*) from products where stock = 0") > 0);
        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(*) from products p where p.sku like 'PS-%' and not exists (select 1 from product_images i where i.product_id = p.id)") == 0);
    }

    [Fact]
    public async Task Seed_ShowsEveryProductThePhotosOfItsOwnSubcategory()
    {
        await SeedAsync(_first);
        await using var connection = new NpgsqlConnection(Platform.PrimaryConnectionString(_first));
        await connection.OpenAsync();

        // A tent shows a tent: the image's asset is the studio photo named after the product's subcategory.
        const string Images = """
            select count(*) from product_images i
            join products p on p.id = i.product_id
            join categories c on c.id = p.category_id
            join media_assets m on m.id = i.media_asset_id
            where m.file_name {0} (c.slug || '-%')
            """;
        Assert.Equal(0, await MigrationTests.Scalar<long>(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, Images, "not like")));
        Assert.True(await MigrationTests.Scalar<long>(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, Images, "like")) >= Products);
        Assert.Equal(0, await MigrationTests.Scalar<long>(connection, "select count(*) from product_images where media_asset_id is null"));
        Assert.True(await MigrationTests.Scalar<long>(connection, "select count(distinct media_asset_id) from product_images") >= 56);
    }

    private static async Task SeedAsync(string database)
    {
        await using var db = MigrationTests.Context(database);
        await db.Database.MigrateAsync();
        var result = await new CatalogSeeder(db, NullLogger<CatalogSeeder>.Instance).SeedAsync(new SeedOptions(Products));
        Assert.True(result.Seeded);
    }

    private static async Task<string> FingerprintAsync(string connectionString, int products)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await MigrationTests.Scalar<string>(connection, string.Format(System.Globalization.CultureInfo.InvariantCulture, CatalogFingerprint, products));
    }
}
