using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure.Catalog.Seeding;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Jobs;

public static class JobsCommandsRegistration
{
    public static IHostApplicationBuilder AddShopJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<CatalogSeeder>();
        return builder;
    }
}

internal static class JobsCommands
{
    /// <summary>Applies pending migrations on the primary: a deploy step, never a side effect of a replica booting.</summary>
    public static async Task<int> MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        // Create the history table up front: the provider's existence check otherwise probes it with a
        // query that fails, which would log errors on every fresh database.
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript());
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToHashSet();
        var pending = db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
        await db.Database.MigrateAsync();
        Console.WriteLine(pending.Count == 0
            ? "migrate: database is up to date"
            : $"migrate: applied {pending.Count} migration(s): {string.Join(", ", pending)}");
        return 0;
    }

    /// <summary>Seeds the demo catalog unless products exist. Options: --products N, --seed S.</summary>
    public static async Task<int> SeedAsync(IServiceProvider services, IConfiguration configuration)
    {
        var options = new SeedOptions(
            configuration.GetValue("products", 10_000),
            configuration.GetValue("seed", 20261127));
        await using var scope = services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<CatalogSeeder>();
        var result = await seeder.SeedAsync(options);
        Console.WriteLine(result.Seeded
            ? $"seed: wrote {result.Products} products in {result.Categories} categories from {result.Brands} brands"
            : $"seed: catalog already present ({result.Products} products), nothing written");
        return 0;
    }

    public static async Task<int> RunAsync(IHost host)
    {
        await host.RunAsync();
        return 0;
    }

    public static int Usage(string command)
    {
        var known = command is "help" or "--help" or "-h";
        (known ? Console.Out : Console.Error).WriteLine("""
            usage: PeakShop.Jobs <command> [options]

              migrate                       apply pending database migrations (on the primary)
              seed [--products N] [--seed S] write the deterministic demo catalog if the catalog is empty
              run                           run the worker host until stopped
            """);
        return known ? 0 : 2;
    }
}
