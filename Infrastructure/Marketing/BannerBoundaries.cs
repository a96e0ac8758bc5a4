using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Caching;

namespace PeakShop.Infrastructure.Marketing;

/// <summary>Settings under <c>Marketing</c>.</summary>
public sealed record MarketingOptions
{
    public const string Section = "Marketing";

    /// <summary>How often each replica looks whether a banner boundary has passed: the delay before a scheduled change shows.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan BoundaryCheckInterval { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Ends this replica's cached pages when a banner they show starts or ends (ADR 13). Every render that reads banners
/// reports the next schedule boundary of what it read; a ticker on the injected clock checks once per
/// <see cref="MarketingOptions.BoundaryCheckInterval"/> whether the earliest has passed and then evicts the pages
/// tagged <see cref="BannerTags.Banners"/> through the local <see cref="ICacheEvictionListener"/>s. Each replica does
/// this on its own clock: nothing is published, so nothing can be lost on the way. The cached data is the schedule,
/// not the active set, so it needs no eviction.
/// </summary>
public sealed partial class BannerBoundaries(
    TimeProvider time, IEnumerable<ICacheEvictionListener> listeners, IOptions<MarketingOptions> options, ILogger<BannerBoundaries> logger) : IDisposable
{
    /// <summary>Boundaries beyond this many are dropped; the renders after the next eviction report them again.</summary>
    public const int MaxPending = 1024;

    private static readonly string[] Tags = [BannerTags.Banners];
    private readonly SortedSet<DateTimeOffset> _pending = [];
    private readonly ICacheEvictionListener[] _listeners = [.. listeners];
    private readonly Lock _lock = new();
    private ITimer? _ticker;
    private bool _disposed;
    private int _evictions;

    /// <summary>Boundaries not yet passed, earliest first (for tests and diagnostics).</summary>
    public IReadOnlyList<DateTimeOffset> Pending
    {
        get
        {
            lock (_lock)
            {
                return [.. _pending];
            }
        }
    }

    /// <summary>How many times the pages were evicted because a boundary passed.</summary>
    public int Evictions => _evictions;

    public void Add(DateTimeOffset boundary)
    {
        lock (_lock)
        {
            if (_disposed || _pending.Contains(boundary))
            {
                return;
            }
            _pending.Add(boundary);
            if (_pending.Count > MaxPending)
            {
                _pending.Remove(_pending.Max);
            }
            // A periodic check rather than one timer at the instant: it also copes with the clock being moved
            // (NTP, tests) and costs one comparison a second while anything is pending.
            _ticker ??= time.CreateTimer(_ => Tick(), null, options.Value.BoundaryCheckInterval, options.Value.BoundaryCheckInterval);
        }
    }

    /// <summary>Evicts if a boundary has passed; called by the ticker.</summary>
    public void Tick()
    {
        var now = time.GetUtcNow();
        var due = false;
        lock (_lock)
        {
            while (_pending.Count > 0 && _pending.Min <= now)
            {
                _pending.Remove(_pending.Min);
                due = true;
            }
            if (_pending.Count == 0)
            {
                _ticker?.Dispose();
                _ticker = null;
            }
        }
        if (due)
        {
            _ = EvictAsync();
        }
    }

    private async Task EvictAsync()
    {
        Interlocked.Increment(ref _evictions);
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.EvictAsync(Tags, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogEvictFailed(logger, ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _ticker?.Dispose();
            _ticker = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not evict pages at a banner schedule boundary; they expire by time")]
    private static partial void LogEvictFailed(ILogger logger, Exception exception);
}
