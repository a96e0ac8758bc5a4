using NpgsqlTypes;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Unit.Tests.Infrastructure.Data;

public sealed class ReadRouterTests
{

    private static ReplicaSnapshot Snapshot(bool usable, ulong? replay) =>
        new(DateTimeOffset.UnixEpoch, [], new NpgsqlLogSequenceNumber(1000), replay is { } r ? new NpgsqlLogSequenceNumber(r) : null,
            TimeSpan.Zero, usable, usable ? "ok" : "down");

    [Fact]
    public void Decide_UsesPrimary_WhenStandbyUnusable()
    {
        var role = ReadRouter.Decide(Snapshot(usable: false, replay: 1000), new ReadConsistency());

        Assert.Equal(DbRole.Primary, role);
    }

    [Fact]
    public void Decide_UsesStandby_WhenCallerHasNoPendingWrite()
    {
        var consistency = new ReadConsistency();

        var role = ReadRouter.Decide(Snapshot(usable: true, replay: 900), consistency);

        Assert.Equal(DbRole.Standby, role);
        Assert.False(consistency.RequirementSatisfied);
    }

    [Fact]
    public void Decide_UsesPrimary_WhenStandbyHasNotReplayedCallersWrite()
    {
        var consistency = new ReadConsistency { RequiredLsn = new NpgsqlLogSequenceNumber(950) };

        var role = ReadRouter.Decide(Snapshot(usable: true, replay: 900), consistency);

        Assert.Equal(DbRole.Primary, role);
        Assert.False(consistency.RequirementSatisfied);
    }

    [Fact]
    public void Decide_UsesStandbyAndDropsToken_OnceStandbyPassedCallersWrite()
    {
        var consistency = new ReadConsistency { RequiredLsn = new NpgsqlLogSequenceNumber(950) };

        var role = ReadRouter.Decide(Snapshot(usable: true, replay: 950), consistency);

        Assert.Equal(DbRole.Standby, role);
        Assert.True(consistency.RequirementSatisfied);
    }

    [Fact]
    public void Decide_UsesPrimary_WhenWriteInSameScopeIsNewerThanReplay()
    {
        var consistency = new ReadConsistency();
        consistency.RecordWrite(new NpgsqlLogSequenceNumber(990));

        var role = ReadRouter.Decide(Snapshot(usable: true, replay: 980), consistency);

        Assert.Equal(DbRole.Primary, role);
    }

    [Fact]
    public void RecordWrite_KeepsTheLatestPosition()
    {
        var consistency = new ReadConsistency();

        consistency.RecordWrite(new NpgsqlLogSequenceNumber(500));
        consistency.RecordWrite(new NpgsqlLogSequenceNumber(300));

        Assert.Equal(new NpgsqlLogSequenceNumber(500), consistency.LastWriteLsn);
        Assert.Equal(new NpgsqlLogSequenceNumber(500), consistency.EffectiveRequirement);
    }
    private static ReplicaSnapshot PrimaryDown(ulong replay)
    {
        var endpoint = new PeakShop.Infrastructure.Data.DbEndpoint("127.0.0.1", 1);
        ReplicaHostState[] hosts =
        [
            new(endpoint, false, false, null, "connection refused"),
            new(endpoint with { Port = 2 }, true, true, new NpgsqlLogSequenceNumber(replay), null),
        ];
        return new(DateTimeOffset.UnixEpoch, hosts, null, new NpgsqlLogSequenceNumber(replay), null, true, "primary unreachable");
    }

    [Fact]
    public void Decide_UsesStandbyForARecentWriter_WhenThePrimaryIsDown_AndKeepsTheToken()
    {
        var consistency = new ReadConsistency { RequiredLsn = new NpgsqlLogSequenceNumber(950) };

        var role = ReadRouter.Decide(PrimaryDown(replay: 900), consistency);

        Assert.Equal(DbRole.Standby, role);
        // Not caught up: the cookie stays, so reads return to the primary until the standby has the write.
        Assert.False(consistency.RequirementSatisfied);
    }

    [Fact]
    public void PrimaryDown_OnlyOnceObservedWithoutAPrimary()
    {
        Assert.False(ReplicaSnapshot.NotYetObserved.PrimaryDown);
        Assert.False(Snapshot(usable: true, replay: 900).PrimaryDown);
        Assert.True(PrimaryDown(replay: 900).PrimaryDown);
    }
}
