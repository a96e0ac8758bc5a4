using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PeakShop.Infrastructure.RateLimiting;

/// <summary>One counter to take an attempt from: a rule and what it is counted per (an address, an account, a cart).</summary>
/// <param name="Name">The rule's name in the key, e.g. <c>sign-in-ip</c>.</param>
/// <param name="Rule">The limit and window (from <see cref="RateLimitOptions"/>).</param>
/// <param name="Partition">What is counted (hashed before it becomes part of a key: form values never reach Redis).</param>
public sealed record RateLimitCounter(string Name, RateLimitRule Rule, string Partition)
{
    /// <summary>Payment attempts on one cart, one counter for the checkout page and the API: a card tester gets a handful of tries.</summary>
    public static RateLimitCounter CheckoutPerCart(RateLimitOptions options, string cartId) =>
        new("checkout-cart", options.CheckoutPerCart, cartId);
}

/// <summary>Allowed, or refused until <see cref="RetryAfter"/> has passed.</summary>
public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly RateLimitDecision Allow = new(true, TimeSpan.Zero);

    /// <summary>Whole seconds for a <c>Retry-After</c> header (at least 1).</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>One counter after a request: how many attempts its window has seen and when the window ends.</summary>
public sealed record RateLimitCounterState(RateLimitCounter Counter, long Count, TimeSpan Reset)
{
    public int Limit => Counter.Rule.PermitLimit;

    public int Remaining => (int)Math.Clamp(Limit - Count, 0, Limit);

    /// <summary>This attempt was one too many.</summary>
    public bool Exhausted => Count > Limit;

    /// <summary>Whole seconds until the window ends (0 when no window is open).</summary>
    public int ResetSeconds => (int)Math.Ceiling(Reset.TotalSeconds);
}

/// <summary>Every counter a request was taken from, for <c>RateLimit</c> headers and quota answers (ADR 21).</summary>
public sealed record RateLimitQuota(IReadOnlyList<RateLimitCounterState> Counters)
{
    public RateLimitDecision Decision =>
        Counters.Where(c => c.Exhausted).Select(c => c.Reset).DefaultIfEmpty(TimeSpan.MinValue).Max() is var wait && wait >= TimeSpan.Zero
            ? new RateLimitDecision(false, wait)
            : RateLimitDecision.Allow;
}

/// <summary>
/// Fixed-window counters in Redis, shared by every replica: one Lua script takes an attempt from each counter
/// of a request in one round trip and answers how long the most exhausted one stays closed. Counters expire with
/// their window. When Redis is down or slow, checks answer "allowed" (fail open, logged): a limit must never
/// turn an outage of the counters into an outage of the shop.
/// </summary>
public sealed partial class RedisRateLimiter(
    IConnectionMultiplexer redis,
    IOptionsMonitor<RateLimitOptions> options,
    ILogger<RedisRateLimiter> logger)
{
    /// <summary>Every counter key starts with this.</summary>
    public const string KeyPrefix = "peakshop:rl:";

    // Counts attempts (pages and the API share the counters) and answers each counter's count and remaining window.
    // KEYS[i]: a counter; ARGV[2i-1]: its window in ms; ARGV[2i]: how many permits to take (1, or a block for a
    // replica's lease: RateLimitLeases). Returns {count1, ms1, count2, ms2, …}.
    private static readonly LuaScript TakeWithStateScript = LuaScript.Prepare(
        """
        local out = {}
        for i, key in ipairs(KEYS) do
          local count = redis.call('INCRBY', key, tonumber(ARGV[i * 2]))
          local ttl = redis.call('PTTL', key)
          if ttl < 0 then
            ttl = tonumber(ARGV[i * 2 - 1])
            redis.call('PEXPIRE', key, ttl)
          end
          out[i * 2 - 1] = count
          out[i * 2] = ttl
        end
        return out
        """);

    // Reads counters without taking from them (quota pages): {count, ms left (0 when no window is open)} each.
    private static readonly LuaScript PeekScript = LuaScript.Prepare(
        """
        local out = {}
        for i, key in ipairs(KEYS) do
          local ttl = redis.call('PTTL', key)
          out[i * 2 - 1] = tonumber(redis.call('GET', key) or '0')
          out[i * 2] = ttl > 0 and ttl or 0
        end
        return out
        """);

    public RateLimitOptions Options => options.CurrentValue;

    /// <summary>
    /// Takes one attempt from every counter (all of them count, even when one refuses): refused until the most
    /// exhausted one reopens. Allowed when limits are off or Redis could not answer (fail open).
    /// </summary>
    public async Task<RateLimitDecision> TakeAsync(params RateLimitCounter[] counters) =>
        (await TakeBlocksAsync(counters, [.. counters.Select(_ => 1L)]))?.Decision ?? RateLimitDecision.Allow;

    /// <summary>Takes <paramref name="amounts"/>[i] permits from counter i at once; the states are Redis's counts after it.</summary>
    public Task<RateLimitQuota?> TakeBlocksAsync(RateLimitCounter[] counters, long[] amounts) =>
        EvaluateAsync(TakeWithStateScript, counters, amounts);

    /// <summary>Where each counter stands, without taking from it; null when limits are off or Redis could not answer.</summary>
    public Task<RateLimitQuota?> PeekAsync(params RateLimitCounter[] counters) => EvaluateAsync(PeekScript, counters, null);

    private async Task<RateLimitQuota?> EvaluateAsync(LuaScript script, RateLimitCounter[] counters, long[]? amounts)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled || counters.Length == 0)
        {
            return null;
        }
        var keys = counters.Select(c => (RedisKey)Key(c)).ToArray();
        var args = counters.SelectMany((c, i) => amounts is null
            ? new RedisValue[] { (long)c.Rule.Window.TotalMilliseconds }
            : [(long)c.Rule.Window.TotalMilliseconds, amounts[i]]).ToArray();
        try
        {
            if (!redis.IsConnected)
            {
                throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected");
            }
            var result = (RedisResult[])(await redis.GetDatabase()
                .ScriptEvaluateAsync(script.ExecutableScript, keys, args)
                .WaitAsync(settings.RedisTimeout))!;
            return new RateLimitQuota([.. counters.Select((c, i) =>
                new RateLimitCounterState(c, (long)result[i * 2], TimeSpan.FromMilliseconds((long)result[i * 2 + 1])))]);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogFailOpen(logger, string.Join(',', counters.Select(c => c.Name)), e.Message);
            return null;
        }
    }

    /// <summary>The Redis key of a counter: the partition is hashed, so a 1 MB e-mail field makes a 64-byte key.</summary>
    public static string Key(RateLimitCounter counter) => KeyPrefix + counter.Name + ":" + Hash(counter.Partition);

    private static string Hash(string partition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(partition)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limits {Counters} not checked (Redis unavailable: {Reason}); the request goes through")]
    private static partial void LogFailOpen(ILogger logger, string counters, string reason);
}
