using System.Buffers;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PeakShop.Infrastructure.Caching;

/// <summary>
/// The Redis L2 as HybridCache sees it, with a short timeout and a breaker: when Redis is down or slow, the
/// L2 answers "miss" at once and reads go to memory and the standby. Without it, every L2 call waits for
/// the Redis client's timeout (5 s), and a page with thirty tiles takes minutes.
/// </summary>
internal sealed partial class ResilientDistributedCache(
    IDistributedCache inner,
    IConnectionMultiplexer redis,
    IOptions<ShopCacheOptions> options,
    TimeProvider time,
    ILogger<ResilientDistributedCache> logger) : IBufferDistributedCache
{
    private long _closedUntilTicks;

    private bool Available => redis.IsConnected && time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _closedUntilTicks);

    public byte[]? Get(string key) => Guard(() => inner.Get(key), null);

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        GuardAsync(() => inner.GetAsync(key, token), null, token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions entryOptions) =>
        Guard(() => { inner.Set(key, value, entryOptions); return true; }, false);

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions entryOptions, CancellationToken token = default) =>
        GuardAsync(() => inner.SetAsync(key, value, entryOptions, token), token);

    public void Refresh(string key) => Guard(() => { inner.Refresh(key); return true; }, false);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        GuardAsync(() => inner.RefreshAsync(key, token), token);

    public void Remove(string key) => Guard(() => { inner.Remove(key); return true; }, false);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        GuardAsync(() => inner.RemoveAsync(key, token), token);

    public bool TryGet(string key, IBufferWriter<byte> destination) => Guard(() =>
    {
        if (inner is IBufferDistributedCache buffered)
        {
            return buffered.TryGet(key, destination);
        }
        var value = inner.Get(key);
        if (value is null)
        {
            return false;
        }
        destination.Write(value);
        return true;
    }, false);

    public async ValueTask<bool> TryGetAsync(string key, IBufferWriter<byte> destination, CancellationToken token = default) =>
        await GuardAsync(async () =>
        {
            if (inner is IBufferDistributedCache buffered)
            {
                return await buffered.TryGetAsync(key, destination, token);
            }
            var value = await inner.GetAsync(key, token);
            if (value is null)
            {
                return false;
            }
            destination.Write(value);
            return true;
        }, false, token);

    public void Set(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions entryOptions) => Guard(() =>
    {
        if (inner is IBufferDistributedCache buffered)
        {
            buffered.Set(key, value, entryOptions);
        }
        else
        {
            inner.Set(key, value.ToArray(), entryOptions);
        }
        return true;
    }, false);

    public async ValueTask SetAsync(string key, ReadOnlySequence<byte> value, DistributedCacheEntryOptions entryOptions, CancellationToken token = default) =>
        await GuardAsync(() => inner is IBufferDistributedCache buffered
            ? buffered.SetAsync(key, value, entryOptions, token).AsTask()
            : inner.SetAsync(key, value.ToArray(), entryOptions, token), token);

    private T Guard<T>(Func<T> action, T fallback)
    {
        if (!Available)
        {
            return fallback;
        }
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Trip(ex);
            return fallback;
        }
    }

    private async Task GuardAsync(Func<Task> action, CancellationToken token) =>
        await GuardAsync(async () => { await action(); return true; }, false, token);

    /// <summary>Runs an L2 call within <see cref="ShopCacheOptions.DistributedTimeout"/>; a failure trips the breaker.</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> action, T fallback, CancellationToken token)
    {
        if (!Available)
        {
            return fallback;
        }
        try
        {
            return await action().WaitAsync(options.Value.DistributedTimeout, token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Trip(ex);
            return fallback;
        }
    }

    private void Trip(Exception exception)
    {
        var until = time.GetUtcNow().Add(options.Value.DistributedRetryAfter).UtcTicks;
        if (Interlocked.Exchange(ref _closedUntilTicks, until) < time.GetUtcNow().UtcTicks)
        {
            LogTripped(logger, options.Value.DistributedRetryAfter, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis cache unavailable; serving from memory and the database for {RetryAfter}")]
    private static partial void LogTripped(ILogger logger, TimeSpan retryAfter, Exception exception);
}
