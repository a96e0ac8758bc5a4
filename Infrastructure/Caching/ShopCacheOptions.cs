using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Caching.Hybrid;

namespace PeakShop.Infrastructure.Caching;

public sealed record ShopCacheOptions
{
    public const string Section = "Cache";

    /// <summary>Lifetime in Redis (L2); invalidation by tag usually ends an entry much earlier.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Expiration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime in each process's memory (L1): the bound on staleness if an invalidation message is lost.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LocalExpiration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Listings (ids of a category page or search) live shorter: their order depends on prices and stock.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ListingExpiration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A second removal this long after the first catches an entry that a replica refilled from a standby
    /// that had not yet replayed the write.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RepeatInvalidationAfter { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Entry options for listings: <see cref="ListingExpiration"/>, and never longer in memory than <see cref="LocalExpiration"/>.</summary>
    public HybridCacheEntryOptions ListingEntryOptions() => new()
    {
        Expiration = ListingExpiration,
        LocalCacheExpiration = ListingExpiration < LocalExpiration ? ListingExpiration : LocalExpiration,
    };

    public string Channel { get; init; } = "peakshop:cache-invalidation";

    /// <summary>Longest wait for Redis on a cache read or write before it counts as a miss.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan DistributedTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>After a Redis failure, the L2 is skipped for this long (memory and database only).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DistributedRetryAfter { get; init; } = TimeSpan.FromSeconds(5);
}
