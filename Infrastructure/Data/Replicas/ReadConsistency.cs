using NpgsqlTypes;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// The causal state of one caller (a request, a job): the WAL position its reads must see,
/// the position of its own last write, and which database roles served it.
/// The web layer loads <see cref="RequiredLsn"/> from the caller's signed cookie and saves
/// <see cref="LastWriteLsn"/> back into it.
/// </summary>
public sealed class ReadConsistency
{
    private readonly Lock _gate = new();
    private NpgsqlLogSequenceNumber? _lastWriteLsn;
    private DbRole? _servedBy;

    /// <summary>A WAL position from an earlier request of the same caller.</summary>
    public NpgsqlLogSequenceNumber? RequiredLsn { get; set; }

    /// <summary>The primary's WAL position after this caller's latest commit in this scope.</summary>
    public NpgsqlLogSequenceNumber? LastWriteLsn
    {
        get { lock (_gate) { return _lastWriteLsn; } }
    }

    /// <summary>The position a standby must have replayed before it may serve this caller.</summary>
    public NpgsqlLogSequenceNumber? EffectiveRequirement
    {
        get
        {
            var write = LastWriteLsn;
            if (RequiredLsn is not { } required)
            {
                return write;
            }
            return write is { } w && w > required ? w : required;
        }
    }

    /// <summary>
    /// True once a read in this scope found a standby past <see cref="RequiredLsn"/>:
    /// the token has done its job and can be dropped.
    /// </summary>
    public bool RequirementSatisfied { get; internal set; }

    /// <summary>Primary if any command of this scope ran on the primary, else standby; null if none ran.</summary>
    public DbRole? ServedBy
    {
        get { lock (_gate) { return _servedBy; } }
    }

    public void RecordWrite(NpgsqlLogSequenceNumber lsn)
    {
        lock (_gate)
        {
            if (_lastWriteLsn is not { } current || lsn > current)
            {
                _lastWriteLsn = lsn;
            }
        }
    }

    internal void RecordServed(DbRole role)
    {
        lock (_gate)
        {
            if (_servedBy != DbRole.Primary)
            {
                _servedBy = role;
            }
        }
    }
}
