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

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        await GuardAsync(async () => await inner.GetAsync(key, token).WaitAsync(options.Value.DistributedTimeout, token), null);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions entryOptions) =>
        Guard(() => { inner.Set(key, value, entryOptions); return true; }, false);

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions entryOptions, CancellationToken token = default) =>
        await GuardAsync(async () => { await inner.SetAsync(key, value, entryOptions, token).WaitAsync(options.Value.DistributedTimeout, token); return true; }, false);

    public void Refresh(string key) => Guard(() => { inner.Refresh(key); return true; }, false);

    public async Task RefreshAsync(string key, CancellationToken token = default) =>
        await GuardAsync(async () => { await inner.RefreshAsync(key, token).WaitAsync(options.Value.DistributedTimeout, token); return true; }, false);

    public void Remove(string key) => Guard(() => { inner.Remove(key); return true; }, false);

    public async Task RemoveAsync(string key, CancellationToken token = default) =>
        await GuardAsync(async () => { await inner.RemoveAsync(key, token).WaitAsync(options.Value.DistributedTimeout, token); return true; }, false);

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
                return await buffered.TryGetAsync(key, destination, token).AsTask().WaitAsync(options.Value.DistributedTimeout, token);
            }
            var value = await inner.GetAsync(key, token).WaitAsync(options.Value.DistributedTimeout, token);
            if (value is null)
            {
                return false;
            }
            destination.Write(value);
            return true;
        }, false);

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
        await GuardAsync(async () =>
        {
            var write = inner is IBufferDistributedCache buffered
                ? buffered.SetAsync(key, value, entryOptions, token).AsTask()
                : inner.SetAsync(key, value.ToArray(), entryOptions, token);
            await write.WaitAsync(options.Value.DistributedTimeout, token);
            return true;
        }, false);

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

    private async Task<T> GuardAsync<T>(Func<Task<T>> action, T fallback)
    {
        if (!Available)
        {
            return fallback;
        }
        try
        {
            return await action();
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
