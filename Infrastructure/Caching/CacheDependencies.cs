namespace PeakShop.Infrastructure.Caching;

/// <summary>
/// The cache tags of everything one request read through the shop cache (scoped). A page cached whole is
/// tagged with them, so the invalidation that ends a cached price or stock level also ends every page
/// that showed it — and no other page.
/// </summary>
public sealed class CacheDependencies
{
    private readonly HashSet<string> _tags = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset? _notAfter;

    public IReadOnlyCollection<string> Tags
    {
        get
        {
            lock (_lock)
            {
                return [.. _tags];
            }
        }
    }

    public void Add(IEnumerable<string> tags)
    {
        lock (_lock)
        {
            _tags.UnionWith(tags);
        }
    }

    /// <summary>
    /// The instant from which what this request read is no longer what a new request would see (a scheduled banner
    /// starts or ends): a page cached whole must not outlive it. Null: only invalidation ends it.
    /// </summary>
    public DateTimeOffset? NotAfter
    {
        get
        {
            lock (_lock)
            {
                return _notAfter;
            }
        }
    }

    public void ValidUntil(DateTimeOffset instant)
    {
        lock (_lock)
        {
            if (_notAfter is null || instant < _notAfter)
            {
                _notAfter = instant;
            }
        }
    }
}

/// <summary>
/// Something outside HybridCache that keeps copies of cached data (a whole-page cache, say) and must drop
/// them when their tags are invalidated. Called on every replica, for local and published invalidations alike.
/// </summary>
public interface ICacheEvictionListener
{
    Task EvictAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken);
}
