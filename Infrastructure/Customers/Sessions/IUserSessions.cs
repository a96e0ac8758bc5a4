namespace PeakShop.Infrastructure.Customers.Sessions;

/// <summary>One signed-in browser of an account, as the session store holds it.</summary>
public sealed record UserSession(string Key, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent);

/// <summary>
/// The signed-in sessions of accounts (server-side, in Redis; the <c>ps_auth</c> cookie holds only a session key).
/// Ending a session here ends it on every replica at the next request. When Redis cannot be reached the calls
/// log and report failure instead of throwing: a session that cannot be read counts as signed out, and the
/// account's security stamp (changed with every revocation that matters) is the second line.
/// </summary>
public interface IUserSessions
{
    /// <summary>Ends one session. False when Redis could not be reached.</summary>
    Task<bool> RevokeAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of the account; the number ended, or null when Redis could not be reached.</summary>
    Task<int?> RevokeAllAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>The account's live sessions, most recently seen first (empty when Redis could not be reached).</summary>
    Task<IReadOnlyList<UserSession>> ListAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Whether the session still exists (false when Redis could not be reached).</summary>
    Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default);
}

/// <summary>Claims the shop adds to a signed-in principal.</summary>
public static class ShopClaims
{
    /// <summary>The server-side session key, so pages and circuits can name "this browser's" session.</summary>
    public const string SessionKey = "ps:sid";
}
