using Microsoft.Extensions.Options;
using Npgsql;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// One Npgsql multi-host data source for every server in <see cref="DatabaseOptions.ConnectionString"/>,
/// seen through two views: the primary (writes, causal reads) and prefer-standby (everything else).
/// </summary>
public sealed class ShopDataSources : IAsyncDisposable
{
    private readonly NpgsqlMultiHostDataSource _root;

    public ShopDataSources(IOptions<DatabaseOptions> options)
    {
        var builder = new NpgsqlDataSourceBuilder(options.Value.ConnectionString);
        var settings = builder.ConnectionStringBuilder;
        if (settings.Timeout == 15)
        {
            // Fail over quickly when a host is unreachable instead of the 15 s default.
            settings.Timeout = 3;
        }
        var hosts = (settings.Host ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (hosts.Length > 2)
        {
            settings.LoadBalanceHosts = true;
        }
        Endpoints = [.. hosts.Select(h => ParseEndpoint(h, settings.Port))];
        ConnectionString = settings.ConnectionString;
        _root = builder.BuildMultiHost();
        Primary = _root.WithTargetSession(TargetSessionAttributes.Primary);
        PreferStandby = _root.WithTargetSession(TargetSessionAttributes.PreferStandby);
    }

    public NpgsqlDataSource Primary { get; }

    public NpgsqlDataSource PreferStandby { get; }

    /// <summary>Every server listed, in order; which one is primary is found at run time.</summary>
    public IReadOnlyList<DbEndpoint> Endpoints { get; }

    public string ConnectionString { get; }

    /// <summary>Forget Npgsql's cached idea of which hosts are down, so a recovered standby is used at once.</summary>
    public void ClearHostStates() => _root.ClearDatabaseStates();

    /// <summary>A connection string for exactly one of the listed servers (used by the replica monitor).</summary>
    public string SingleHostConnectionString(DbEndpoint endpoint)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Timeout = 2,
            CommandTimeout = 2,
            MaxPoolSize = 2,
            LoadBalanceHosts = false,
            ApplicationName = "peakshop-replica-monitor",
        };
        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync() => await _root.DisposeAsync();

    private static DbEndpoint ParseEndpoint(string host, int defaultPort)
    {
        var colon = host.LastIndexOf(':');
        if (colon > 0 && !host.EndsWith(']') && int.TryParse(host.AsSpan(colon + 1), out var port))
        {
            return new DbEndpoint(host[..colon], port);
        }
        return new DbEndpoint(host, defaultPort);
    }
}

public sealed record DbEndpoint(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}
