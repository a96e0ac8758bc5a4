using NpgsqlTypes;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>What the replica monitor saw on its latest round.</summary>
public sealed record ReplicaSnapshot(
    DateTimeOffset ObservedAt,
    IReadOnlyList<ReplicaHostState> Hosts,
    NpgsqlLogSequenceNumber? PrimaryLsn,
    NpgsqlLogSequenceNumber? StandbyReplayLsn,
    TimeSpan? StandbyLag,
    bool StandbyUsable,
    string Reason)
{
    public static ReplicaSnapshot NotYetObserved { get; } =
        new(DateTimeOffset.MinValue, [], null, null, null, false, "not observed yet");
}

public sealed record ReplicaHostState(
    DbEndpoint Endpoint,
    bool Reachable,
    bool InRecovery,
    NpgsqlLogSequenceNumber? Lsn,
    string? Error);
