using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Catalog.Seeding;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;

namespace PeakShop.Jobs;

public static class JobsCommandsRegistration
{
    /// <summary>What the one-off deploy steps (migrate, seed, create-staff) need beyond the worker's services.</summary>
    public static IHostApplicationBuilder AddShopJobsCommands(this IHostApplicationBuilder builder)
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
        // Hangfire's schema is created or upgraded here, never by a process that merely uses it.
        var jobs = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        JobsRegistration.CreateStorage(services.GetRequiredService<JobStorageConnection>(), jobs, prepareSchema: true);
        Console.WriteLine($"migrate: Hangfire schema '{jobs.Schema}' is up to date");
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

    /// <summary>
    /// Creates a staff account, or adds the role to an existing one (its password is left alone).
    /// Options: --email E --password P --role Admin|Staff|Marketing (the password may come from the environment
    /// variable <c>password</c> instead, so it does not show in the process list).
    /// </summary>
    public static async Task<int> CreateStaffAsync(IServiceProvider services, IConfiguration configuration)
    {
        var email = configuration["email"];
        var password = configuration["password"];
        var role = ShopRoles.All.FirstOrDefault(r => string.Equals(r, configuration["role"], StringComparison.OrdinalIgnoreCase));
        if (string.IsNullOrWhiteSpace(email) || role is null)
        {
            await Console.Error.WriteLineAsync($"create-staff: --email and --role ({string.Join(", ", ShopRoles.All)}) are required");
            return 2;
        }
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        if (!await roles.RoleExistsAsync(role) && !Report(await roles.CreateAsync(new IdentityRole(role)), "create role"))
        {
            return 1;
        }
        var user = await users.FindByEmailAsync(email);
        var created = false;
        if (user is null)
        {
            if (string.IsNullOrEmpty(password))
            {
                await Console.Error.WriteLineAsync("create-staff: --password is required for a new account");
                return 2;
            }
            user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            if (!Report(await users.CreateAsync(user, password), "create user"))
            {
                return 1;
            }
            created = true;
        }
        if (!await users.IsInRoleAsync(user, role) && !Report(await users.AddToRoleAsync(user, role), "add role"))
        {
            return 1;
        }
        // run.sh reads the first word after the prefix: "created" (the password given is the account's) or "exists".
        Console.WriteLine(created
            ? $"create-staff: created {email} with the role {role}"
            : $"create-staff: exists {email} (password unchanged), has the role {role}");
        return 0;
    }

    private static bool Report(IdentityResult result, string step)
    {
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"create-staff: {step} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        return result.Succeeded;
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
              create-staff --email E --password P --role R
                                            create a staff account (roles: Admin, Staff, Marketing)
              run                           run the Hangfire worker (e-mail, reports, recurring work) until stopped
            """);
        return known ? 0 : 2;
    }
}
