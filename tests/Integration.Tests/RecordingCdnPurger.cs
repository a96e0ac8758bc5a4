using System.Collections.Concurrent;
using PeakShop.Infrastructure.Cdn;

namespace PeakShop.Integration.Tests;

/// <summary>
/// Wraps the app's <see cref="ICdnPurger"/>: remembers every purge (so a test can see that unpublishing asked the
/// edge), can be told to fail the next one, and otherwise passes the call on unchanged.
/// </summary>
public sealed class RecordingCdnPurger(ICdnPurger inner) : ICdnPurger
{
    private int _failNext;

    public ConcurrentQueue<string> Purged { get; } = new();

    /// <summary>The next purge throws, as an unreachable edge would.</summary>
    public void FailNext() => Interlocked.Exchange(ref _failNext, 1);

    public Task PurgeAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        foreach (var path in paths)
        {
            Purged.Enqueue(path);
        }
        return inner.PurgeAsync(paths, cancellationToken);
    }

    public Task PurgePrefixAsync(string pathPrefix, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Purged.Enqueue(pathPrefix + "*");
        return inner.PurgePrefixAsync(pathPrefix, cancellationToken);
    }

    private void ThrowIfFailing()
    {
        if (Interlocked.Exchange(ref _failNext, 0) == 1)
        {
            throw new HttpRequestException("edge unreachable (test)");
        }
    }
}
