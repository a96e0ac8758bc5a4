using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace PeakShop.Infrastructure.Jobs;

/// <summary>
/// Hangfire's connections: the primary only. <c>ConnectionStrings:Jobs</c> when set, otherwise the shop's
/// multi-host string narrowed to the primary (<c>Target Session Attributes=primary</c>), so a failover moves
/// the job store with the primary and no job is ever read from, or written towards, a standby.
/// </summary>
public sealed class JobStorageConnection : IConnectionFactory, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public JobStorageConnection(IConfiguration configuration)
    {
        ConnectionString = For(configuration);
        _dataSource = new NpgsqlDataSourceBuilder(ConnectionString).Build();
    }

    public string ConnectionString { get; }

    public NpgsqlConnection GetOrCreateConnection() => _dataSource.CreateConnection();

    public static string For(IConfiguration configuration)
    {
        var explicitString = configuration.GetConnectionString("Jobs");
        var builder = new NpgsqlConnectionStringBuilder(
            string.IsNullOrWhiteSpace(explicitString) ? configuration.GetConnectionString("Shop") ?? "" : explicitString)
        {
            // Hangfire's writes never join an ambient TransactionScope: business writes reach it through the outbox.
            Enlist = false,
        };
        if (builder.Host?.Contains(',', StringComparison.Ordinal) == true)
        {
            builder.TargetSessionAttributes = "primary";
        }
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "peakshop-jobs";
        }
        if (builder.Timeout == 15)
        {
            builder.Timeout = 3;
        }
        return builder.ConnectionString;
    }

    public void Dispose() => _dataSource.Dispose();
}
