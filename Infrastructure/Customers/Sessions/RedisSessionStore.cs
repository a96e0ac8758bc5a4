using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PeakShop.Infrastructure.Customers.Sessions;

/// <summary>
/// Authentication tickets in Redis (ADR 14): the cookie carries a random session key, the ticket lives under
/// <c>peakshop:session:{key}</c> (a hash: ticket, user, created, last seen, user agent) with a TTL equal to the
/// ticket's expiry, and <c>peakshop:user-sessions:{userId}</c> (a sorted set of keys scored by expiry) finds all
/// sessions of an account. Deleting the hash ends the session on every replica at its next request.
/// Redis unreachable or slow: a read answers "no session" (the request is anonymous, never a 500).
/// </summary>
internal sealed partial class RedisSessionStore(
    IConnectionMultiplexer redis,
    IOptions<AccountSessionOptions> options,
    TimeProvider time,
    ILogger<RedisSessionStore> logger) : ITicketStore, IUserSessions
{
    public const string SessionPrefix = "peakshop:session:";
    public const string UserPrefix = "peakshop:user-sessions:";

    /// <summary>Cookie tickets without an expiry (not persistent) still end in Redis after this long.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    private const int KeyBytes = 32;
    private const int MaxUserAgentLength = 200;

    // KEYS: session, user index. ARGV: ticket, user id, now (ms), expires (ms), user agent, ttl (ms), session key.
    private const string StoreScript = """
        redis.call('HSET', KEYS[1], 't', ARGV[1], 'u', ARGV[2], 'c', ARGV[3], 's', ARGV[3], 'a', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[7])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[3])
        local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
        redis.call('PEXPIREAT', KEYS[2], last[2])
        return 1
        """;

    // Never brings a revoked session back: a renewal of a key that is gone does nothing.
    // KEYS: session, user index. ARGV: ticket, now (ms), expires (ms), ttl (ms), session key.
    private const string RenewScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], 't', ARGV[1], 's', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
        local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
        redis.call('PEXPIREAT', KEYS[2], last[2])
        return 1
        """;

    // KEYS: session. ARGV: user index prefix, session key.
    private const string RevokeScript = """
        local user = redis.call('HGET', KEYS[1], 'u')
        redis.call('DEL', KEYS[1])
        if user then redis.call('ZREM', ARGV[1] .. user, ARGV[2]) end
        return 1
        """;

    // KEYS: user index. ARGV: session prefix.
    private const string RevokeAllScript = """
        local keys = redis.call('ZRANGE', KEYS[1], 0, -1)
        for _, key in ipairs(keys) do redis.call('DEL', ARGV[1] .. key) end
        redis.call('DEL', KEYS[1])
        return #keys
        """;

    private IDatabase Db => redis.GetDatabase();

    // ITicketStore: called by the cookie handler on sign-in, renewal, every authenticated request and sign-out.

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null!, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var key = NewKey();
        var userId = UserId(ticket) ?? throw new InvalidOperationException("A signed-in ticket without a user id.");
        Stamp(ticket, key);
        var now = time.GetUtcNow();
        var expires = Expiry(ticket, now);
        var agent = httpContext?.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua[..Math.Min(ua.Length, MaxUserAgentLength)] : "";
        var stored = await GuardAsync(() => Db.ScriptEvaluateAsync(StoreScript, [SessionPrefix + key, UserPrefix + userId],
            [TicketSerializer.Default.Serialize(ticket), userId, now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds(), agent,
                (long)(expires - now).TotalMilliseconds, key]), "store", cancellationToken);
        // No session stored means no sign-in: the caller shows "try again" (503), not a cookie that works nowhere.
        return stored is null ? throw new SessionStoreUnavailableException() : key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, null!, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) => RenewAsync(key, ticket, null!, cancellationToken);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(key) || UserId(ticket) is not { } userId)
        {
            return;
        }
        // A renewal after the security-stamp check builds a new principal: it keeps naming its session.
        Stamp(ticket, key);
        var now = time.GetUtcNow();
        var expires = Expiry(ticket, now);
        await GuardAsync(() => Db.ScriptEvaluateAsync(RenewScript, [SessionPrefix + key, UserPrefix + userId],
            [TicketSerializer.Default.Serialize(ticket), now.ToUnixTimeMilliseconds(), expires.ToUnixTimeMilliseconds(),
                (long)(expires - now).TotalMilliseconds, key]), "renew", cancellationToken);
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null!, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null!, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(key))
        {
            return null;
        }
        var values = await GuardAsync(() => Db.HashGetAsync(SessionPrefix + key, [(RedisValue)"t", (RedisValue)"s"]), "read", cancellationToken);
        if (values is not [{ HasValue: true } ticket, var seen])
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (!seen.TryParse(out long seenMs) || now - DateTimeOffset.FromUnixTimeMilliseconds(seenMs) > options.Value.LastSeenResolution)
        {
            // Not awaited: "last seen" is for the sessions page, never worth a round trip on the request's path.
            // HSETs only a field that exists, so a session revoked meanwhile is not brought back as a husk.
            _ = GuardAsync(() => Db.ScriptEvaluateAsync(TouchScript, [SessionPrefix + key], [now.ToUnixTimeMilliseconds()], CommandFlags.FireAndForget), "touch", CancellationToken.None);
        }
        return TicketSerializer.Default.Deserialize((byte[])ticket!);
    }

    private const string TouchScript = "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 's', ARGV[1]) end return 1";

    public Task RemoveAsync(string key) => RemoveAsync(key, null!, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => RemoveAsync(key, null!, cancellationToken);

    public Task RemoveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken) => RevokeAsync(key, cancellationToken);

    // IUserSessions

    public async Task<bool> RevokeAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        !IsWellFormed(sessionKey)
        || await GuardAsync(() => Db.ScriptEvaluateAsync(RevokeScript, [SessionPrefix + sessionKey], [UserPrefix, sessionKey]), "revoke", cancellationToken) is not null;

    public async Task<int?> RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        var ended = await GuardAsync(() => Db.ScriptEvaluateAsync(RevokeAllScript, [UserPrefix + userId], [SessionPrefix]), "revoke all", cancellationToken);
        if (ended is null)
        {
            LogRevokeAllFailed(logger, userId);
            return null;
        }
        LogRevokedAll(logger, (int)ended, userId);
        return (int)ended;
    }

    public async Task<IReadOnlyList<UserSession>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var entries = await GuardAsync(() => Db.SortedSetRangeByScoreWithScoresAsync(UserPrefix + userId, now.ToUnixTimeMilliseconds(), double.PositiveInfinity),
            "list", cancellationToken) ?? [];
        var sessions = new List<UserSession>(entries.Length);
        foreach (var entry in entries)
        {
            var key = entry.Element.ToString();
            var fields = await GuardAsync(() => Db.HashGetAsync(SessionPrefix + key, [(RedisValue)"c", (RedisValue)"s", (RedisValue)"a"]), "list", cancellationToken);
            if (fields is [{ HasValue: true } created, var seen, var agent] && created.TryParse(out long createdMs))
            {
                sessions.Add(new UserSession(key, DateTimeOffset.FromUnixTimeMilliseconds(createdMs),
                    DateTimeOffset.FromUnixTimeMilliseconds(seen.TryParse(out long seenMs) ? seenMs : createdMs),
                    DateTimeOffset.FromUnixTimeMilliseconds((long)entry.Score), agent.HasValue && agent.ToString().Length > 0 ? agent.ToString() : null));
            }
        }
        return [.. sessions.OrderByDescending(s => s.LastSeenAt)];
    }

    public async Task<bool> ExistsAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        IsWellFormed(sessionKey)
        && await GuardAsync(async () => (object)await Db.KeyExistsAsync(SessionPrefix + sessionKey), "exists", cancellationToken) is true;

    /// <summary>
    /// Runs one Redis call with the configured timeout; Redis down, slow or failing gives null and a warning.
    /// A disconnected multiplexer answers at once (its own backlog would hold the call for 5 s).
    /// </summary>
    private async Task<T?> GuardAsync<T>(Func<Task<T>> call, string operation, CancellationToken cancellationToken) where T : class
    {
        if (!redis.IsConnected)
        {
            LogUnavailable(logger, operation, "not connected");
            return null;
        }
        try
        {
            return await call().WaitAsync(options.Value.RedisTimeout, time, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogUnavailable(logger, operation, e.Message);
            return null;
        }
    }

    private static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>Keys are 43 base64url characters; anything else (a forged or damaged cookie) is no session, with no Redis call.</summary>
    internal static bool IsWellFormed(string? key) =>
        key is { Length: 43 } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string? UserId(AuthenticationTicket ticket) => ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier);

    private static void Stamp(AuthenticationTicket ticket, string key)
    {
        if (ticket.Principal.Identity is not ClaimsIdentity identity || identity.FindFirst(ShopClaims.SessionKey)?.Value == key)
        {
            return;
        }
        foreach (var stale in identity.FindAll(ShopClaims.SessionKey).ToList())
        {
            identity.RemoveClaim(stale);
        }
        identity.AddClaim(new Claim(ShopClaims.SessionKey, key));
    }

    private static DateTimeOffset Expiry(AuthenticationTicket ticket, DateTimeOffset now) =>
        ticket.Properties.ExpiresUtc is { } expires && expires > now ? expires : now + DefaultLifetime;

    [LoggerMessage(LogLevel.Warning, "Session store: Redis {Operation} failed ({Reason}); the request goes on without a session")]
    private static partial void LogUnavailable(ILogger logger, string operation, string reason);

    [LoggerMessage(LogLevel.Error, "Session store: could not end the sessions of user {UserId}; the security stamp check is the only line until Redis is back")]
    private static partial void LogRevokeAllFailed(ILogger logger, string userId);

    [LoggerMessage(LogLevel.Information, "Session store: ended {Count} sessions of user {UserId}")]
    private static partial void LogRevokedAll(ILogger logger, int count, string userId);
}

/// <summary>A sign-in could not be recorded because Redis is unreachable: the page answers 503 "try again".</summary>
public sealed class SessionStoreUnavailableException() : Exception("The session store (Redis) is unavailable; the sign-in was not recorded.");
