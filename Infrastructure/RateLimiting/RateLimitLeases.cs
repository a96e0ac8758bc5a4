using System.Collections.Concurrent;

namespace PeakShop.Infrastructure.RateLimiting;

/// <summary>
/// Counting busy counters in blocks (ADR 21). One Redis round trip per API request cost more than half the cached
/// product read's throughput; so for a counter whose limit is large, a replica takes a block of permits at once
/// (<see cref="BlockOf"/>: a fiftieth of the limit, 2–64) and spends it locally until the block or the window ends.
/// The count stays shared by every replica and never admits more than the limit (a block is used only up to it); a
/// caller may be refused up to <c>replicas × (block − 1)</c> early, while another replica holds permits it has not
/// spent, and <c>Remaining</c> is what this replica knows. Small limits (sign-in, a
/// key limited to a few calls, the tests' limits of 6) have a block of 1: every request counts in Redis, exactly.
/// </summary>
public sealed class RateLimitLeases(RedisRateLimiter limiter, TimeProvider time)
{
    public const int MaxBlock = 64;

    /// <summary>Past this many leases, expired ones are swept (one per client address would otherwise pile up).</summary>
    private const int SweepAbove = 10_000;

    /// <summary>
    /// Leases are keyed by the partition as given (no hash per request); a longer one (never an address or a key id)
    /// is counted in Redis every time, so no lease holds a large string.
    /// </summary>
    private const int MaxLeasedPartition = 128;

    private readonly ConcurrentDictionary<(string Name, string Partition), Lease> _leases = new();

    public RateLimitOptions Options => limiter.Options;

    public static long BlockOf(RateLimitRule rule) => Math.Clamp(rule.PermitLimit / 50, 1, MaxBlock);

    private static long LeaseBlockOf(RateLimitCounter counter) =>
        counter.Partition.Length <= MaxLeasedPartition ? BlockOf(counter.Rule) : 1;

    /// <summary>
    /// Takes one permit from every counter, from this replica's leases where it can and from Redis for the rest; null
    /// when limits are off or Redis could not answer (fail open, as <see cref="RedisRateLimiter.TakeBlocksAsync"/>).
    /// </summary>
    public async Task<RateLimitQuota?> TakeAsync(params RateLimitCounter[] counters)
    {
        if (!limiter.Options.Enabled || counters.Length == 0)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var states = new RateLimitCounterState[counters.Length];
        List<int>? fromRedis = null;
        for (var i = 0; i < counters.Length; i++)
        {
            if (LeaseBlockOf(counters[i]) > 1 && _leases.TryGetValue((counters[i].Name, counters[i].Partition), out var lease)
                && lease.TryTake(now, out var count, out var reset))
            {
                states[i] = new RateLimitCounterState(counters[i], count, reset);
            }
            else
            {
                (fromRedis ??= []).Add(i);
            }
        }
        if (fromRedis is null)
        {
            return new RateLimitQuota(states);
        }
        var asked = fromRedis.Select(i => counters[i]).ToArray();
        var blocks = asked.Select(LeaseBlockOf).ToArray();
        if (await limiter.TakeBlocksAsync(asked, blocks) is not { } taken)
        {
            return null;
        }
        for (var j = 0; j < asked.Length; j++)
        {
            var counter = asked[j];
            var state = taken.Counters[j];
            var block = blocks[j];
            if (block > 1)
            {
                // Of the block, the permits still within the limit are ours: this request spends the first, the lease
                // keeps the rest. None within the limit: the count stays above it and the request is refused.
                var usable = Math.Clamp(counter.Rule.PermitLimit - (state.Count - block), 0, block);
                _leases.GetOrAdd((counter.Name, counter.Partition), _ => new Lease()).Refill(Math.Max(0, usable - 1), state.Count, now + state.Reset, now);
                state = usable > 0 ? state with { Count = state.Count - (usable - 1) } : state;
                if (_leases.Count > SweepAbove)
                {
                    Sweep(now);
                }
            }
            states[fromRedis[j]] = state;
        }
        return new RateLimitQuota(states);
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, lease) in _leases)
        {
            if (lease.ExpiredAt(now))
            {
                _leases.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Permits a replica holds for one counter until its window ends.</summary>
    private sealed class Lease
    {
        private readonly Lock _gate = new();
        private long _left;
        private long _counted;
        private DateTimeOffset _resetAt;

        public bool TryTake(DateTimeOffset now, out long count, out TimeSpan reset)
        {
            lock (_gate)
            {
                if (_left <= 0 || now >= _resetAt)
                {
                    count = 0;
                    reset = TimeSpan.Zero;
                    return false;
                }
                _left--;
                count = _counted - _left;
                reset = _resetAt - now;
                return true;
            }
        }

        public void Refill(long permits, long counted, DateTimeOffset resetAt, DateTimeOffset now)
        {
            lock (_gate)
            {
                // A new window starts from nothing; in the same window, blocks taken by concurrent requests add up.
                _left = now >= _resetAt ? permits : _left + permits;
                _counted = Math.Max(counted, now >= _resetAt ? 0 : _counted);
                _resetAt = resetAt;
            }
        }

        public bool ExpiredAt(DateTimeOffset now)
        {
            lock (_gate)
            {
                return now >= _resetAt;
            }
        }
    }
}
