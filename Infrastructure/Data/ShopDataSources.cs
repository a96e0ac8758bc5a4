using Microsoft.Extensions.Options;
using Npgsql;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// The servers in <see cref="DatabaseOptions.ConnectionString"/> as two Npgsql multi-host data sources
/// with the same hosts: one for writes (<see cref="Primary"/>), one for reads with a short connect
/// timeout (<see cref="PreferStandby"/>, and <see cref="ReadPrimary"/> for causal reads). Two, not one,
/// because Npgsql's connect timeout also bounds the cancel request it sends after a command timeout:
/// against a frozen standby a read costs command timeout + 2 x connect timeout, so reads need a short
/// one while writes keep a forgiving one (see ADR 1).
/// </summary>
public sealed class ShopDataSources : IAsyncDisposable
{
    private readonly NpgsqlMultiHostDataSource _writes;
    private readonly NpgsqlMultiHostDataSource _reads;

    public ShopDataSources(IOptions<DatabaseOptions> options)
    {
        var settings = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
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
        _writes = new NpgsqlDataSourceBuilder(ConnectionString).BuildMultiHost();
        _reads = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Timeout = options.Value.ReadConnectTimeoutSeconds,
            // Do not also wait for a frozen server to acknowledge the cancellation of a timed-out read.
            CancellationTimeout = -1,
            ApplicationName = string.IsNullOrEmpty(settings.ApplicationName) ? "peakshop-reads" : settings.ApplicationName,
        }.ConnectionString).BuildMultiHost();
        Primary = _writes.WithTargetSession(TargetSessionAttributes.Primary);
        ReadPrimary = _reads.WithTargetSession(TargetSessionAttributes.Primary);
        PreferStandby = _reads.WithTargetSession(TargetSessionAttributes.PreferStandby);
    }

    /// <summary>Writes, and reads inside a write's unit of work.</summary>
    public NpgsqlDataSource Primary { get; }

    /// <summary>Reads that must see the caller's own writes, or that a standby cannot serve.</summary>
    public NpgsqlDataSource ReadPrimary { get; }

    /// <summary>Every other read.</summary>
    public NpgsqlDataSource PreferStandby { get; }

    /// <summary>Every server listed, in order; which one is primary is found at run time.</summary>
    public IReadOnlyList<DbEndpoint> Endpoints { get; }

    public string ConnectionString { get; }

    /// <summary>Forget Npgsql's cached idea of which hosts are down, so a recovered standby is used at once.</summary>
    public void ClearHostStates()
    {
        _writes.ClearDatabaseStates();
        _reads.ClearDatabaseStates();
    }

    /// <summary>Drops every idle pooled connection: after a server restart they are all dead.</summary>
    public void ClearPools()
    {
        _writes.Clear();
        _reads.Clear();
    }

    /// <summary>A connection string for exactly one of the listed servers (used by the replica monitor).</summary>
    public string SingleHostConnectionString(DbEndpoint endpoint)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            // A frozen server costs a probe command timeout + 2 x connect timeout: keep both at 1 s.
            Timeout = 1,
            CommandTimeout = 1,
            CancellationTimeout = -1,
            MaxPoolSize = 2,
            LoadBalanceHosts = false,
            ApplicationName = "peakshop-replica-monitor",
        };
        return builder.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        await _writes.DisposeAsync();
        await _reads.DisposeAsync();
    }

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
