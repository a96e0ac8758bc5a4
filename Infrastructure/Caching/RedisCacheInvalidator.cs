using System.Text.Json;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace PeakShop.Infrastructure.Caching;

/// <summary>
/// Tag invalidation for every replica. HybridCache's <c>RemoveByTagAsync</c> is logical: it records an
/// invalidation time for the tag in this process and in Redis, but another process that already knows
/// the tag's time (or holds the entry in its memory) keeps serving it. So each invalidation is also
/// published on a Redis channel, and every process applies it to its own HybridCache and to the
/// <see cref="ICacheEvictionListener"/>s that hold copies (the Web's page cache).
/// </summary>
internal sealed partial class RedisCacheInvalidator(
    HybridCache cache,
    IEnumerable<ICacheEvictionListener> listeners,
    IConnectionMultiplexer redis,
    IOptions<ShopCacheOptions> options,
    TimeProvider time,
    ILogger<RedisCacheInvalidator> logger) : IShopCacheInvalidator, IHostedService
{
    private readonly string _sender = Guid.NewGuid().ToString("N");
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.Channel);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ICacheEvictionListener[] _listeners = [.. listeners];

    public async Task InvalidateAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
    {
        if (tags.Count == 0)
        {
            return;
        }
        await ApplyAsync(tags);
        if (!redis.IsConnected)
        {
            LogPublishFailed(logger, new RedisConnectionException(ConnectionFailureType.UnableToConnect, "not connected"));
            return;
        }
        try
        {
            var message = JsonSerializer.Serialize(new InvalidationMessage(_sender, [.. tags]));
            await redis.GetSubscriber().PublishAsync(_channel, message).WaitAsync(options.Value.DistributedTimeout, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Other replicas fall back to their L1 lifetime (Cache:LocalExpiration).
            LogPublishFailed(logger, ex);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(_channel, OnMessage);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // StackExchange.Redis re-subscribes when the connection comes back.
            LogSubscribeFailed(logger, ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(_channel);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogSubscribeFailed(logger, ex);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        InvalidationMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<InvalidationMessage>(value.ToString());
        }
        catch (JsonException)
        {
            return;
        }
        if (message?.Tags is not { Length: > 0 } || message.Sender == _sender)
        {
            return;
        }
        _ = ApplyAsync(message.Tags);
    }

    private async Task ApplyAsync(IReadOnlyCollection<string> tags)
    {
        try
        {
            await RemoveAsync(tags);
            var delay = options.Value.RepeatInvalidationAfter;
            if (delay > TimeSpan.Zero)
            {
                _ = RepeatAsync(tags, delay);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogRemoveFailed(logger, ex);
        }
    }

    private async Task RepeatAsync(IReadOnlyCollection<string> tags, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, _stopping.Token);
            await RemoveAsync(tags);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogRemoveFailed(logger, ex);
        }
    }

    private async Task RemoveAsync(IReadOnlyCollection<string> tags)
    {
        // HybridCache records the invalidation in this process before its first await and then writes it to
        // Redis, which can take much longer. Pages are evicted once the local part is done (a page rebuilt from
        // then on reads fresh entries), without waiting for Redis; the repeat removal catches a page that a
        // render already in flight stores afterwards.
        var removal = cache.RemoveByTagAsync(tags).AsTask();
        try
        {
            foreach (var listener in _listeners)
            {
                await listener.EvictAsync(tags, _stopping.Token);
            }
        }
        finally
        {
            await removal;
        }
    }

    private sealed record InvalidationMessage(string Sender, string[] Tags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish a cache invalidation; other replicas expire their copies by time")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to cache invalidations")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove cache entries by tag")]
    private static partial void LogRemoveFailed(ILogger logger, Exception exception);
}
