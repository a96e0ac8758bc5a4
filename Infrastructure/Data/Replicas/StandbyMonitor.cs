using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// Samples every listed server a few times a second: who is primary, the primary's WAL position,
/// each standby's replay position. Routing decisions read <see cref="Current"/> and never wait on it.
/// </summary>
public sealed partial class StandbyMonitor : BackgroundService
{
    private const string ProbeSql =
        "select pg_is_in_recovery(), " +
        "case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end";

    private readonly ShopDataSources _sources;
    private readonly DatabaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StandbyMonitor> _logger;
    private readonly (DbEndpoint Endpoint, NpgsqlDataSource Probe)[] _probes;
    private readonly Queue<(DateTimeOffset At, NpgsqlLogSequenceNumber Lsn)> _primaryHistory = new();
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile ReplicaSnapshot _current = ReplicaSnapshot.NotYetObserved;
    // When the latest probe round began (under the gate): a caller that asked before it gets that round's answer.
    private DateTimeOffset _roundStartedAt = DateTimeOffset.MinValue;
    // The primary's last answer to a probe: while it is recent, a probe that times out finds a slow primary, not a lost one.
    // Until a probe answers, the first listed server (the primary, by contract) counts as having answered at start, so
    // a first round that times out on a busy machine does not refuse the first writes either.
    private (DbEndpoint Endpoint, DateTimeOffset At)? _primaryAnswered;

    public StandbyMonitor(
        ShopDataSources sources,
        IOptions<DatabaseOptions> options,
        TimeProvider time,
        ILogger<StandbyMonitor> logger,
        System.Diagnostics.Metrics.IMeterFactory meters)
    {
        _sources = sources;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _probes = [.. sources.Endpoints.Select(e => (e, NpgsqlDataSource.Create(sources.SingleHostConnectionString(e))))];
        _primaryAnswered = sources.Endpoints.Count > 0 ? (sources.Endpoints[0], time.GetUtcNow()) : null;
        DbMetrics.RegisterLag(meters,
            () => _current.StandbyLag?.TotalSeconds ?? -1,
            () => _current.StandbyUsable ? 1 : 0);
    }

    public ReplicaSnapshot Current => _current;

    /// <summary>
    /// Samples every server now (tests, health checks and writes waiting on a down primary use it to skip the wait).
    /// Single flight: callers that asked while a round was queued or running share the next round that starts after
    /// they asked, so a burst of writes runs one round, not one each.
    /// </summary>
    public async Task<ReplicaSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var asked = _time.GetUtcNow();
        await _refreshGate.WaitAsync(cancellationToken);
        try
        {
            if (_roundStartedAt >= asked)
            {
                return _current;
            }
            _roundStartedAt = _time.GetUtcNow();
            var probes = await Task.WhenAll(_probes.Select(p => ProbeAsync(p.Endpoint, p.Probe, cancellationToken)));
            var previous = _current;
            var now = _time.GetUtcNow();
            var hosts = WithSlowPrimary(probes, previous, now);
            var next = Evaluate(hosts, now);
            _current = next;
            if (previous.Hosts.Any(was => !was.Reachable && hosts.Any(now => now.Endpoint == was.Endpoint && now.Reachable)))
            {
                // A server came back: the pooled connections to it died with it.
                _sources.ClearPools();
                _sources.ClearHostStates();
            }
            if (next.PrimaryDown != previous.PrimaryDown && previous != ReplicaSnapshot.NotYetObserved)
            {
                if (next.PrimaryDown)
                {
                    LogPrimaryLost();
                }
                else
                {
                    LogPrimaryBack();
                }
            }
            if (next.StandbyUsable != previous.StandbyUsable)
            {
                if (next.StandbyUsable)
                {
                    // Npgsql would otherwise keep a recovered standby marked offline for Host Recheck Seconds.
                    _sources.ClearHostStates();
                    LogStandbyAdmitted(next.StandbyLag?.TotalMilliseconds ?? 0);
                }
                else if (previous != ReplicaSnapshot.NotYetObserved)
                {
                    LogStandbySkipped(next.Reason);
                }
            }
            return next;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>
    /// The probes' answers, except that a primary which only timed out (no refusal, no server error) within
    /// <see cref="DatabaseOptions.PrimarySlowGrace"/> of its last answer stays the primary, at its last WAL position:
    /// under load a probe can wait past its timeout, and a primary taken for down refuses every write.
    /// </summary>
    internal ReplicaHostState[] WithSlowPrimary((ReplicaHostState State, bool TimedOut)[] probes, ReplicaSnapshot previous, DateTimeOffset now)
    {
        var hosts = new ReplicaHostState[probes.Length];
        // After a failover the new primary answers: the silent old one gets no grace.
        var answeredAsPrimary = probes.Any(p => p.State.Reachable && !p.State.InRecovery);
        for (var i = 0; i < probes.Length; i++)
        {
            var (state, timedOut) = probes[i];
            if (state.Reachable && !state.InRecovery)
            {
                _primaryAnswered = (state.Endpoint, now);
            }
            else if (timedOut && !answeredAsPrimary && _primaryAnswered is { } answered && answered.Endpoint == state.Endpoint
                && now - answered.At <= _options.PrimarySlowGrace)
            {
                state = new ReplicaHostState(state.Endpoint, true, false, previous.PrimaryLsn, "slow: " + state.Error);
            }
            hosts[i] = state;
        }
        return hosts;
    }

    /// <summary>
    /// A read on a standby just failed (broken connection, timeout): route reads to the primary until the
    /// next probe shows the standby healthy again. A stopped standby then stays out; a blip costs one round.
    /// </summary>
    public void ReportStandbyFailure()
    {
        var current = _current;
        if (current.StandbyUsable)
        {
            _current = current with { StandbyUsable = false, Reason = "a read on the standby failed" };
            LogStandbySkipped(_current.Reason);
        }
    }

    /// <summary>
    /// A command could not reach the primary: count it as down (reads go to a standby, writes are refused at
    /// once) until the next probe finds it answering again.
    /// </summary>
    public void ReportPrimaryFailure()
    {
        var current = _current;
        if (current == ReplicaSnapshot.NotYetObserved || current.PrimaryDown)
        {
            return;
        }
        _current = current with
        {
            Hosts = [.. current.Hosts.Select(h => h.Reachable && !h.InRecovery ? h with { Reachable = false, Error = "a command could not reach it" } : h)],
            PrimaryLsn = null,
            StandbyLag = null,
            StandbyUsable = current.StandbyReplayLsn is not null && current.Hosts.Any(h => h.Reachable && h.InRecovery),
            Reason = "primary unreachable",
        };
        LogPrimaryLost();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.StandbyPollInterval, _time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The monitor must outlive any one failed round.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogRoundFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        foreach (var (_, probe) in _probes)
        {
            probe.Dispose();
        }
        _refreshGate.Dispose();
        base.Dispose();
    }

    internal ReplicaSnapshot Evaluate(ReplicaHostState[] hosts, DateTimeOffset now)
    {
        var primary = hosts.FirstOrDefault(h => h.Reachable && !h.InRecovery);
        var standbys = hosts.Where(h => h.Reachable && h.InRecovery && h.Lsn is not null).ToList();

        if (primary?.Lsn is { } primaryLsn)
        {
            if (_primaryHistory.Count == 0 || _primaryHistory.Last().Lsn != primaryLsn)
            {
                _primaryHistory.Enqueue((now, primaryLsn));
            }
            var keep = TimeSpan.FromTicks(Math.Max(_options.MaxStandbyLag.Ticks * 4, TimeSpan.FromMinutes(1).Ticks));
            while (_primaryHistory.Count > 1 && now - _primaryHistory.Peek().At > keep)
            {
                _primaryHistory.Dequeue();
            }
        }

        if (standbys.Count == 0)
        {
            return new(now, hosts, primary?.Lsn, null, null, false,
                hosts.Any(h => h.InRecovery) ? "standby unreachable" : "no standby configured or reachable");
        }

        // Several standbys behind one prefer-standby view: any may answer, so the slowest one decides.
        var replay = standbys.Min(s => s.Lsn!.Value);
        if (primary is null)
        {
            // Primary down: serve (possibly stale) catalog reads rather than none; writes fail loudly anyway.
            return new(now, hosts, null, replay, null, true, "primary unreachable");
        }
        if (primary.Lsn is not { } current)
        {
            // A slow primary kept in its role with no known position (it timed out before ever answering): the
            // standby's lag cannot be measured, so reads stay on the primary, which still takes writes.
            return new(now, hosts, null, replay, null, false, "primary slow: standby lag unknown");
        }

        var lag = replay >= current ? TimeSpan.Zero : LagSince(replay, now);
        var usable = lag <= _options.MaxStandbyLag;
        return new(now, hosts, current, replay, lag, usable,
            usable ? "ok" : $"standby lag {lag.TotalMilliseconds:0} ms exceeds {_options.MaxStandbyLag.TotalMilliseconds:0} ms");
    }

    /// <summary>Time since the primary first moved past what the standby has replayed.</summary>
    private TimeSpan LagSince(NpgsqlLogSequenceNumber replay, DateTimeOffset now)
    {
        foreach (var (at, lsn) in _primaryHistory)
        {
            if (lsn > replay)
            {
                return now - at;
            }
        }
        return TimeSpan.Zero;
    }

    /// <summary>One server's answer, and whether it failed only by not answering in time.</summary>
    private static async Task<(ReplicaHostState State, bool TimedOut)> ProbeAsync(DbEndpoint endpoint, NpgsqlDataSource probe, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = probe.CreateCommand(ProbeSql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var inRecovery = reader.GetBoolean(0);
            NpgsqlLogSequenceNumber? lsn = reader.IsDBNull(1) ? null : reader.GetFieldValue<NpgsqlLogSequenceNumber>(1);
            return (new ReplicaHostState(endpoint, true, inRecovery, lsn, null), false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or SocketException or InvalidOperationException)
        {
            return (new ReplicaHostState(endpoint, false, false, null, ex.Message), DbFailures.IsTimeoutOnly(ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Standby admitted for reads (lag {LagMs:0.0} ms)")]
    private partial void LogStandbyAdmitted(double lagMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Standby skipped for reads: {Reason}; reads go to the primary")]
    private partial void LogStandbySkipped(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Primary unreachable: reads go to the standby, writes answer 503 until it is back")]
    private partial void LogPrimaryLost();

    [LoggerMessage(Level = LogLevel.Information, Message = "Primary answering again: writes resume")]
    private partial void LogPrimaryBack();

    [LoggerMessage(Level = LogLevel.Error, Message = "Replica monitor round failed")]
    private partial void LogRoundFailed(Exception exception);
}
