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

    /// <summary>
    /// The monitor has looked and found no server answering as primary. Reads then go to a standby whatever
    /// the caller wrote (stale beats none) and writes are refused at once (ADR 19).
    /// </summary>
    public bool PrimaryDown => Hosts.Count > 0 && !Hosts.Any(h => h.Reachable && !h.InRecovery);
}

public sealed record ReplicaHostState(
    DbEndpoint Endpoint,
    bool Reachable,
    bool InRecovery,
    NpgsqlLogSequenceNumber? Lsn,
    string? Error);
