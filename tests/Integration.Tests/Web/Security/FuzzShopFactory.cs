using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace PeakShop.Integration.Tests.Web.Security;

/// <summary>
/// A replica on a copy of the seeded database and its own Redis database. The hostile-input walk posts every form
/// as every role, and a form whose other fields stay valid does what it says (unpublishes the demo photos, adds
/// categories named "NaN"): that must not reach the data the other tests and the browser tests read.
/// ./test.sh makes the copy right after seeding, when nothing is connected to the template; run alone, this makes it.
/// </summary>
public sealed class FuzzShopFactory : ShopFactory, IAsyncLifetime
{
    public const string Database = "peakshop_fuzz";
    private const int RedisDatabase = 7;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Shop", new NpgsqlConnectionStringBuilder(Platform.ShopConnectionString) { Database = Database }.ConnectionString);
        builder.UseSetting("ConnectionStrings:Redis", $"{Environment.GetEnvironmentVariable("ConnectionStrings__Redis")},defaultDatabase={RedisDatabase}");
    }

    public async Task InitializeAsync()
    {
        await using (var primary = Platform.Admin("primary"))
        {
            await using var exists = primary.CreateCommand("select count(*) from pg_database where datname = $1");
            exists.Parameters.Add(new NpgsqlParameter { Value = Database });
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
            {
                // Only when run alone: a template must have no other connection (./test.sh copies it before any test).
                await using var create = primary.CreateCommand($"create database {Database} template peakshop owner peakshop");
                await create.ExecuteNonQueryAsync();
            }
        }
        // The standby replays the copy within moments; reads go there.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await using var standby = Platform.Admin("standby", Database);
                await using var probe = standby.CreateCommand("select count(*) from products");
                if ((long)(await probe.ExecuteScalarAsync())! > 0)
                {
                    break;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the standby shows no products in {Database}");
                }
            }
            catch (PostgresException) when (DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(200);
        }
        await WaitForStandbyAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
