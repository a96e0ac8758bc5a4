using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Infrastructure.Data;

public sealed class ReplicaRoutingTests : IClassFixture<ShopFactory>, IAsyncLifetime
{
    private readonly ShopFactory _factory;
    private string _sku = "";

    public ReplicaRoutingTests(ShopFactory factory) => _factory = factory;

    public async Task InitializeAsync()
    {
        _sku = (await TestProducts.CreateAsync(_factory.Services, stock: 1, price: 10m, name: "Integration probe")).Sku;
        await _factory.WaitForStandbyAsync();
        // The tests read the probe on the standby from their first request: wait until it has been replayed there.
        await using var standby = Platform.Admin("standby", "peakshop");
        await using var replayed = standby.CreateCommand("select count(*) from products where sku = $1");
        replayed.Parameters.AddWithValue(_sku);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await replayed.ExecuteScalarAsync() is 0L && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        await using var admin = Platform.Admin("primary", "peakshop");
        await using var resume = Platform.Admin("standby");
        await TryAsync(() => resume.CreateCommand("select pg_wal_replay_resume()").ExecuteNonQueryAsync());
        await Platform.RunPlatformAsync("start-standby");
        var command = admin.CreateCommand("delete from products where sku = $1");
        command.Parameters.AddWithValue(_sku);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task ReadThatTimesOutOnThePrimary_IsRetriedThere_NotTakenForAPrimaryOutage()
    {
        // Npgsql reports a statement past its command timeout like a connect timeout. Only a failed connect means the
        // primary is down: a slow statement on a busy primary must not hand reads to the standby and refuse writes.
        var monitor = _factory.Services.GetRequiredService<StandbyMonitor>();
        var consistency = new ReadConsistency();
        consistency.RecordWrite(new NpgsqlTypes.NpgsqlLogSequenceNumber(ulong.MaxValue - 1)); // pins the read to the primary
        await using var read = _factory.Services.GetRequiredService<ReadRouter>().CreateContext(consistency);
        var sleep = ShopFactory.ReadTimeoutSeconds + 2;
        // Slow on the primary only: on the standby it answers at once, so a read rerouted there would succeed.
        var slowOnPrimary = read.Database.SqlQuery<int>(
            $"select case when pg_is_in_recovery() then 1 else (select 2 from pg_sleep({sleep})) end as \"Value\"");

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => slowOnPrimary.ToListAsync());

        Assert.Contains(DbFailures.Chain(failure), e => e is TimeoutException);
        Assert.False(monitor.Current.PrimaryDown, $"the monitor took the primary for down: {monitor.Current.Reason}");
    }

    [Fact]
    public async Task ReadContext_RunsOnStandby_WriteContext_RunsOnPrimary()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var read = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
        var write = scope.ServiceProvider.GetRequiredService<ShopDbContext>();

        var readInRecovery = await read.Database.SqlQueryRaw<bool>("select pg_is_in_recovery() as \"Value\"").SingleAsync();
        var writeInRecovery = await write.Database.SqlQueryRaw<bool>("select pg_is_in_recovery() as \"Value\"").SingleAsync();

        Assert.True(readInRecovery, "the read context should run on a standby");
        Assert.False(writeInRecovery, "the write context should run on the primary");
        Assert.Equal(DbRole.Primary, scope.ServiceProvider.GetRequiredService<ReadConsistency>().ServedBy);
    }

    [Fact]
    public async Task WalPosition_IsRecordedAfterCommit_AndNotForARollback()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var consistency = scope.ServiceProvider.GetRequiredService<ReadConsistency>();
        var strategy = db.Database.CreateExecutionStrategy();

        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Products.SingleAsync(p => p.Sku == _sku)).Stock += 1;
            await db.SaveChangesAsync();
            Assert.Null(consistency.LastWriteLsn);
            await transaction.RollbackAsync();
        });
        Assert.Null(consistency.LastWriteLsn);

        db.ChangeTracker.Clear();
        NpgsqlTypes.NpgsqlLogSequenceNumber beforeCommit = default;
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Products.SingleAsync(p => p.Sku == _sku)).Stock += 1;
            await db.SaveChangesAsync();
            await using (var admin = Platform.Admin("primary"))
            {
                beforeCommit = (NpgsqlTypes.NpgsqlLogSequenceNumber)(await admin.CreateCommand("select pg_current_wal_lsn()").ExecuteScalarAsync())!;
            }
            await transaction.CommitAsync();
        });

        Assert.NotNull(consistency.LastWriteLsn);
        Assert.True(consistency.LastWriteLsn > beforeCommit, "the recorded position must include the commit record");
    }

    [Fact]
    public async Task HomePage_IsServedFromStandby_AndSaysSo()
    {
        using var client = _factory.CreateCookielessClient();
        // A cached home page touches no database at all: drop the catalog entries so this one reads.
        await _factory.Services.GetRequiredService<IShopCacheInvalidator>().InvalidateAsync([CatalogTags.Catalog]);

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("standby", Header(response, "X-Db-Role"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("New arrivals", html, StringComparison.Ordinal);
        Assert.True(CountOccurrences(html, "class=\"product-card\"") >= 12, "the home page should list seeded products");
    }

    [Fact]
    public async Task CommandMetric_CountsReadsByRole()
    {
        var roles = new List<string>();
        var meterFactory = _factory.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DbMetrics.MeterName && instrument.Name == "peakshop.db.commands"
                && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "db.role")
                {
                    lock (roles)
                    {
                        roles.Add((string)tag.Value!);
                    }
                }
            }
        });
        listener.Start();
        using var client = _factory.CreateCookielessClient();

        using var response = await client.GetAsync(new Uri($"/test/price?sku={_sku}", UriKind.Relative));

        response.EnsureSuccessStatusCode();
        lock (roles)
        {
            Assert.Contains("standby", roles);
        }
    }

    [Fact]
    public async Task ReadYourWrites_WriterReadsPrimaryWhileStandbyPaused_OthersStayOnStandby()
    {
        using var writer = _factory.CreateCookielessClient();
        using var other = _factory.CreateCookielessClient();
        var oldPrice = await ReadPriceAsync(other, cookie: null);
        Assert.Equal("standby", oldPrice.Role);
        await using var standby = Platform.Admin("standby");
        await standby.CreateCommand("select pg_wal_replay_pause()").ExecuteNonQueryAsync();
        try
        {
            var newPrice = decimal.Parse(oldPrice.Body, CultureInfo.InvariantCulture) + 1.11m;
            using var write = await writer.PostAsync(new Uri($"/test/price?sku={_sku}&price={newPrice.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative), null);
            Assert.True(write.StatusCode == HttpStatusCode.NoContent, await write.Content.ReadAsStringAsync());
            var cookie = CausalCookie(write) ?? throw new Xunit.Sdk.XunitException("a write must hand out the causal cookie");

            var own = await ReadPriceAsync(writer, cookie);
            var stranger = await ReadPriceAsync(other, cookie: null);

            Assert.Equal(("primary", newPrice.ToString(CultureInfo.InvariantCulture)), (own.Role, own.Body));
            Assert.Equal(("standby", oldPrice.Body), (stranger.Role, stranger.Body));

            // The cookie is signed with keys every replica shares: a second replica honours it too.
            await using var secondReplica = new ShopFactory();
            using var elsewhere = secondReplica.CreateCookielessClient();
            await secondReplica.WaitForStandbyAsync();
            var onSecond = await ReadPriceAsync(elsewhere, cookie);
            Assert.Equal(("primary", newPrice.ToString(CultureInfo.InvariantCulture)), (onSecond.Role, onSecond.Body));

            await standby.CreateCommand("select pg_wal_replay_resume()").ExecuteNonQueryAsync();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            (string Role, string Body, HttpResponseMessage Response) back;
            do
            {
                await Task.Delay(50);
                back = await ReadPriceAsync(writer, cookie);
            }
            while (back.Role != "standby" && DateTime.UtcNow < deadline);

            Assert.Equal(("standby", newPrice.ToString(CultureInfo.InvariantCulture)), (back.Role, back.Body));
            Assert.Contains("expires=Thu, 01 Jan 1970", back.Response.Headers.GetValues("Set-Cookie").Single(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await standby.CreateCommand("select pg_wal_replay_resume()").ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task StandbyStopped_ReadsFallBackToPrimary_AndReturnWhenItRestarts()
    {
        using var client = _factory.CreateCookielessClient();
        Assert.Equal("standby", (await ReadPriceAsync(client, null)).Role);

        await Platform.RunPlatformAsync("stop-standby");
        try
        {
            // Straight after the stop: idle pooled connections to the standby are dead. No request may fail.
            for (var i = 0; i < 5; i++)
            {
                var during = await ReadPriceAsync(client, null);
                Assert.Equal(HttpStatusCode.OK, during.Response.StatusCode);
            }
            await _factory.Services.GetRequiredService<StandbyMonitor>().RefreshAsync();
            var fallback = await ReadPriceAsync(client, null);
            Assert.Equal("primary", fallback.Role);

            using var management = _factory.CreateManagementClient();
            using var ready = await management.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Contains("\"Degraded\"", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await Platform.RunPlatformAsync("start-standby");
        }

        await AssertReadsReturnToStandbyAsync(client);
    }

    [Fact]
    public async Task PrimaryRestart_TheNextWriteAndReadSucceed()
    {
        using var client = _factory.CreateCookielessClient();
        // Fill the pools with connections that the restart will kill.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ReadPriceAsync(client, null)));
        using (var warm = await client.PostAsync(new Uri($"/test/price?sku={_sku}&price=20.00", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NoContent, warm.StatusCode);
        }

        await Platform.RunPlatformAsync("stop-primary");
        await Platform.RunPlatformAsync("start-primary");
        using var write = await client.PostAsync(new Uri($"/test/price?sku={_sku}&price=21.50", UriKind.Relative), null);

        Assert.True(write.StatusCode == HttpStatusCode.NoContent, $"write after restart: {(int)write.StatusCode}");
        var read = await ReadPriceAsync(client, CausalCookie(write));
        Assert.Equal(("primary", "21.50"), (read.Role, read.Body));
    }

    [Fact]
    public async Task ConnectionsKilled_TheNextWriteIsRetriedOnAFreshConnection()
    {
        using var client = _factory.CreateCookielessClient();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            client.PostAsync(new Uri($"/test/price?sku={_sku}&price=3{i}.00", UriKind.Relative), null)));

        // What a failover, a pooler restart or an idle-timeout on the network does to pooled connections;
        // the replica monitor's own connections are spared, so only the write path can notice.
        await using (var admin = Platform.Admin("primary"))
        {
            var killed = await admin.CreateCommand("""
                select count(pg_terminate_backend(pid)) from pg_stat_activity
                where usename = 'peakshop' and datname = 'peakshop' and application_name <> 'peakshop-replica-monitor'
                """).ExecuteScalarAsync();
            Assert.True((long)killed! > 0, "there should be pooled write connections to kill");
        }
        using var write = await client.PostAsync(new Uri($"/test/price?sku={_sku}&price=42.00", UriKind.Relative), null);

        Assert.True(write.StatusCode == HttpStatusCode.NoContent, $"write after the connections died: {(int)write.StatusCode}");
    }

    [Fact]
    public async Task StandbyFrozen_ReadsAnswerFromPrimary_WithinTheReadTimeout()
    {
        using var client = _factory.CreateCookielessClient();
        Assert.Equal("standby", (await ReadPriceAsync(client, null)).Role);

        await Platform.SignalDatabaseAsync("standby", "STOP");
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var first = await ReadPriceAsync(client, null);
            var firstTook = clock.Elapsed;

            Assert.Equal("primary", first.Role);
            // One read timeout on the frozen standby (plus Npgsql's cancel attempt, bounded by the 1 s
            // read connect timeout, twice), then straight to the primary; no second wait.
            Assert.True(firstTook < TimeSpan.FromSeconds(ShopFactory.ReadTimeoutSeconds + 3), $"took {firstTook}");
            clock.Restart();
            var next = await ReadPriceAsync(client, null);
            Assert.Equal("primary", next.Role);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"after one failed read, reads skip the standby: took {clock.Elapsed}");
        }
        finally
        {
            await Platform.SignalDatabaseAsync("standby", "CONT");
        }
        await _factory.WaitForStandbyAsync();
        await AssertReadsReturnToStandbyAsync(client);
    }

    /// <summary>Once a standby is back, reads go to it again within 20 s.</summary>
    private async Task AssertReadsReturnToStandbyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string role;
        do
        {
            await Task.Delay(100);
            role = (await ReadPriceAsync(client, null)).Role;
        }
        while (role != "standby" && DateTime.UtcNow < deadline);
        Assert.Equal("standby", role);
    }

    private async Task<(string Role, string Body, HttpResponseMessage Response)> ReadPriceAsync(HttpClient client, string? cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/test/price?sku={_sku}");
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (Header(response, "X-Db-Role"), await response.Content.ReadAsStringAsync(), response);
    }

    private static string? CausalCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.StartsWith("ps_lsn=", StringComparison.Ordinal))
            : null;

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Npgsql.NpgsqlException)
        {
            // Best effort: the standby may be down when a test failed half-way.
        }
    }
}
