using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NpgsqlTypes;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Unit.Tests.Infrastructure.Data;

public sealed class StandbyMonitorTests : IDisposable
{
    private static readonly DbEndpoint PrimaryHost = new("127.0.0.1", 55432);
    private static readonly DbEndpoint StandbyHost = new("127.0.0.1", 55433);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly ShopDataSources _sources;
    private readonly StandbyMonitor _monitor;
    private readonly TestMeterFactory _meters = new();

    public StandbyMonitorTests()
    {
        var options = Options.Create(new DatabaseOptions
        {
            ConnectionString = $"Host={PrimaryHost},{StandbyHost};Database=peakshop;Username=u;Password=p",
            MaxStandbyLag = TimeSpan.FromSeconds(5),
        });
        _sources = new ShopDataSources(options);
        _monitor = new StandbyMonitor(_sources, options, _clock, NullLogger<StandbyMonitor>.Instance, _meters);
    }

    private static ReplicaHostState[] Hosts(ulong? primary, ulong? standby) =>
    [
        new(PrimaryHost, primary is not null, false, primary is { } p ? new NpgsqlLogSequenceNumber(p) : null, null),
        new(StandbyHost, standby is not null, true, standby is { } s ? new NpgsqlLogSequenceNumber(s) : null, null),
    ];

    [Fact]
    public void Evaluate_ReportsZeroLag_WhenStandbyCaughtUp()
    {
        var state = _monitor.Evaluate(Hosts(100, 100), _clock.GetUtcNow());

        Assert.True(state.StandbyUsable);
        Assert.Equal(TimeSpan.Zero, state.StandbyLag);
        Assert.Equal(new NpgsqlLogSequenceNumber(100), state.StandbyReplayLsn);
    }

    [Fact]
    public void Evaluate_MeasuresLagFromWhenPrimaryMovedPastReplay()
    {
        _monitor.Evaluate(Hosts(100, 100), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));
        _monitor.Evaluate(Hosts(200, 100), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(2));

        var state = _monitor.Evaluate(Hosts(300, 100), _clock.GetUtcNow());

        Assert.Equal(TimeSpan.FromSeconds(2), state.StandbyLag);
        Assert.True(state.StandbyUsable);
    }

    [Fact]
    public void Evaluate_SkipsStandby_WhenLagExceedsBound()
    {
        _monitor.Evaluate(Hosts(100, 100), _clock.GetUtcNow());
        _monitor.Evaluate(Hosts(200, 100), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(6));

        var state = _monitor.Evaluate(Hosts(200, 100), _clock.GetUtcNow());

        Assert.False(state.StandbyUsable);
        Assert.Contains("exceeds", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReadmitsStandby_WhenItCatchesUp()
    {
        _monitor.Evaluate(Hosts(200, 100), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(_monitor.Evaluate(Hosts(200, 100), _clock.GetUtcNow()).StandbyUsable);

        var state = _monitor.Evaluate(Hosts(200, 200), _clock.GetUtcNow());

        Assert.True(state.StandbyUsable);
        Assert.Equal(TimeSpan.Zero, state.StandbyLag);
    }

    [Fact]
    public void Evaluate_SkipsStandby_WhenUnreachable()
    {
        var state = _monitor.Evaluate(Hosts(100, null), _clock.GetUtcNow());

        Assert.False(state.StandbyUsable);
        Assert.Equal("standby unreachable", state.Reason);
    }

    [Fact]
    public void Evaluate_KeepsStandbyForReads_WhenPrimaryUnreachable()
    {
        var state = _monitor.Evaluate(Hosts(null, 100), _clock.GetUtcNow());

        Assert.True(state.StandbyUsable);
        Assert.Null(state.PrimaryLsn);
    }

    [Fact]
    public void Endpoints_AreParsedFromMultiHostConnectionString()
    {
        Assert.Equal([PrimaryHost, StandbyHost], _sources.Endpoints);
        Assert.Contains("Port=55433", _sources.SingleHostConnectionString(StandbyHost), StringComparison.Ordinal);
    }

    /// <summary>One probe round as the monitor sees it: the primary answering, refusing, or not answering in time.</summary>
    private ReplicaSnapshot Round(ReplicaSnapshot previous, ulong? primary, bool primaryTimedOut = false)
    {
        var answers = Hosts(primary, 100);
        var hosts = _monitor.WithSlowPrimary([(answers[0], primary is null && primaryTimedOut), (answers[1], false)], previous, _clock.GetUtcNow());
        return _monitor.Evaluate(hosts, _clock.GetUtcNow());
    }

    [Fact]
    public void PrimaryThatTimesOut_WithinTheGrace_IsSlowNotDown_AtItsLastPosition()
    {
        var answered = Round(ReplicaSnapshot.NotYetObserved, 100);
        _clock.Advance(TimeSpan.FromSeconds(3));

        var slow = Round(answered, null, primaryTimedOut: true);

        Assert.False(slow.PrimaryDown, slow.Reason);
        Assert.Equal(new NpgsqlLogSequenceNumber(100), slow.PrimaryLsn);
        Assert.StartsWith("slow: ", slow.Hosts[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstRound_PrimaryTimesOut_SoonAfterStart_IsNotDown()
    {
        _clock.Advance(TimeSpan.FromSeconds(1));

        var first = Round(ReplicaSnapshot.NotYetObserved, null, primaryTimedOut: true);

        Assert.False(first.PrimaryDown, "the configured primary gets the same grace from the monitor's start");
        Assert.False(first.StandbyUsable, "with no primary position the standby's lag is unknown: reads stay on the primary");
        Assert.Equal("primary slow: standby lag unknown", first.Reason);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(Round(first, null, primaryTimedOut: true).PrimaryDown);
    }

    [Fact]
    public void PrimaryThatTimesOut_PastTheGrace_IsDown()
    {
        var answered = Round(ReplicaSnapshot.NotYetObserved, 100);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var slow = Round(answered, null, primaryTimedOut: true);
        _clock.Advance(TimeSpan.FromSeconds(3.5));

        var silent = Round(slow, null, primaryTimedOut: true);

        Assert.True(silent.PrimaryDown);
        Assert.True(silent.StandbyUsable, "reads go to the standby while the primary is down");
    }

    [Fact]
    public void PrimaryThatRefuses_IsDownAtOnce()
    {
        var answered = Round(ReplicaSnapshot.NotYetObserved, 100);
        _clock.Advance(TimeSpan.FromMilliseconds(200));

        var refused = Round(answered, null, primaryTimedOut: false);

        Assert.True(refused.PrimaryDown);
    }

    [Fact]
    public void SilentOldPrimary_GetsNoGrace_WhenAnotherServerAnswersAsPrimary()
    {
        var answered = Round(ReplicaSnapshot.NotYetObserved, 100);
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        // Failover: the standby was promoted and answers as primary; the old primary does not answer in time.
        var promoted = new ReplicaHostState(StandbyHost, true, false, new NpgsqlLogSequenceNumber(120), null);
        var oldPrimary = new ReplicaHostState(PrimaryHost, false, false, null, "Timeout during connection attempt");

        var hosts = _monitor.WithSlowPrimary([(oldPrimary, true), (promoted, false)], answered, _clock.GetUtcNow());

        Assert.False(hosts[0].Reachable);
        Assert.Equal(StandbyHost, _monitor.Evaluate(hosts, _clock.GetUtcNow()).Hosts.Single(h => h.Reachable && !h.InRecovery).Endpoint);
    }

    [Fact]
    public async Task RefreshAsync_CallersWaitingOnOneRound_ShareIt()
    {
        // Nothing listens on the test endpoints: a round is a quick refusal. The clock does not move, so every
        // caller asked before (or as) the first round started.
        var rounds = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _monitor.RefreshAsync()));

        Assert.All(rounds, round => Assert.Same(rounds[0], round));
        Assert.Same(rounds[0], _monitor.Current);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.NotSame(rounds[0], await _monitor.RefreshAsync());
    }

    public void Dispose()
    {
        _monitor.Dispose();
        _sources.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _meters.Dispose();
    }
}

internal sealed class TestMeterFactory : System.Diagnostics.Metrics.IMeterFactory
{
    private readonly List<System.Diagnostics.Metrics.Meter> _meters = [];

    public System.Diagnostics.Metrics.Meter Create(System.Diagnostics.Metrics.MeterOptions options)
    {
        var meter = new System.Diagnostics.Metrics.Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
