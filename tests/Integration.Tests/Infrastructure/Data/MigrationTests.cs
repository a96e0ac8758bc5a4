using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Integration.Tests.Infrastructure.Data;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly string _database = $"peakshop_mig_{Guid.NewGuid():N}";

    public Task InitializeAsync() => Platform.CreateDatabaseAsync(_database);

    public Task DisposeAsync() => Platform.DropDatabaseAsync(_database);

    internal static ShopDbContext Context(string database)
    {
        var builder = new DbContextOptionsBuilder<ShopDbContext>().UseNpgsql(Platform.PrimaryConnectionString(database));
        ShopModelOptions.Apply(builder);
        return new ShopDbContext((DbContextOptions<ShopDbContext>)builder.Options);
    }

    [Fact]
    public async Task Migrations_ApplyToEmptyDatabase_WithSearchIndexesAndTrigger()
    {
        await using var db = Context(_database);

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await using var connection = new NpgsqlConnection(Platform.PrimaryConnectionString(_database));
        await connection.OpenAsync();
        Assert.Equal(1L, await Scalar<long>(connection, "select count(*) from pg_extension where extname = 'pg_trgm'"));
        Assert.Contains("gin_trgm_ops", await Scalar<string>(connection, "select indexdef from pg_indexes where indexname = 'ix_products_name_trgm'"), StringComparison.Ordinal);
        Assert.Contains("gin (search_vector)", await Scalar<string>(connection, "select indexdef from pg_indexes where indexname = 'ix_products_search_vector'"), StringComparison.Ordinal);
        Assert.Contains("(category_id, price)", await Scalar<string>(connection, "select indexdef from pg_indexes where indexname = 'ix_products_category_id_price'"), StringComparison.Ordinal);
        Assert.Equal("numeric", await Scalar<string>(connection, "select data_type from information_schema.columns where table_name = 'products' and column_name = 'price'"));

        var brand = new Brand { Name = "Northwind Gear", Slug = "northwind-gear" };
        var category = new Category { Name = "Tents", Slug = "tents" };
        db.AddRange(brand, category);
        await db.SaveChangesAsync();
        db.Products.Add(new Product
        {
            Sku = "T-1", Slug = "alpine-tent", Name = "Alpine Tent", Description = "A storm-proof shelter.",
            Price = 199.99m, Currency = "EUR", Stock = 3, BrandId = brand.Id, CategoryId = category.Id,
        });
        await db.SaveChangesAsync();

        // Weighted full-text search: the name is A, the brand B, the description C.
        Assert.True(await Matches(connection, "alpine:A"));
        Assert.True(await Matches(connection, "northwind:B"));
        Assert.False(await Matches(connection, "northwind:A"));
        Assert.True(await Matches(connection, "shelter:C"));
        // Renaming a brand refreshes its products' vectors.
        await db.Brands.Where(b => b.Id == brand.Id).ExecuteUpdateAsync(b => b.SetProperty(x => x.Name, "Summitcraft"));
        Assert.True(await Matches(connection, "summitcraft:B"));
        Assert.False(await Matches(connection, "northwind"));
        // Typo tolerance comes from trigrams: swapped letters still score.
        Assert.True(await Scalar<bool>(connection, "select similarity(name, 'Alpnie Tnet') > 0.2 from products"));
    }

    [Fact]
    public async Task Migrations_RevertCleanly()
    {
        await using var db = Context(_database);
        await db.Database.MigrateAsync();

        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync("0");

        await using var connection = new NpgsqlConnection(Platform.PrimaryConnectionString(_database));
        await connection.OpenAsync();
        Assert.Equal(0L, await Scalar<long>(connection, "select count(*) from information_schema.tables where table_schema = 'public' and table_name in ('products', 'orders', 'AspNetUsers')"));
    }

    private static Task<bool> Matches(NpgsqlConnection connection, string query) =>
        Scalar<bool>(connection, $"select search_vector @@ to_tsquery('english', '{query}') from products");

    internal static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
