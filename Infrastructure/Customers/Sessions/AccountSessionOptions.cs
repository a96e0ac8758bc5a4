using System.ComponentModel.DataAnnotations;

namespace PeakShop.Infrastructure.Customers.Sessions;

/// <summary>How signed-in sessions are kept and checked (ADR 14).</summary>
public sealed record AccountSessionOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// The longest a session-store call may take before the request goes on as anonymous (Redis hung or
    /// unreachable): a sign-in must never wait for the Redis client's own 5 s timeout.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A session's "last seen" is written at most this often (a read is otherwise one Redis round trip, no write).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LastSeenResolution { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Second line behind the session store: a shopper's cookie is checked against the account's security stamp
    /// at most this often (Identity's default is 30 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StampValidationInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A request by staff (any staff role in the cookie) checks the security stamp every time (one primary-key read).</summary>
    public bool StaffStampCheckEveryRequest { get; init; } = true;

    /// <summary>An open admin circuit re-checks its session, security stamp and roles this often.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CircuitRevalidationInterval { get; init; } = TimeSpan.FromSeconds(30);
}
