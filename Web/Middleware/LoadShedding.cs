using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using PeakShop.Web.Endpoints;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Middleware;

/// <summary>
/// Past its capacity a replica refuses work instead of queueing it without bound (the 50,000-user run took both
/// replicas down with out-of-memory before this: loadtest/README.md). A bounded number of requests run, a bounded
/// number wait, and the rest get the busy page — 503 with <c>Retry-After</c>, or ProblemDetails for JSON — in
/// microseconds, which nginx may retry on another replica (ADR 19).
/// </summary>
public static partial class LoadShedding
{
    /// <summary>After the outage pages (they render the busy page), before anything that does work per request.</summary>
    public static WebApplication UseShopLoadShedding(this WebApplication app)
    {
        app.UseMiddleware<LoadSheddingMiddleware>();
        return app;
    }

    /// <summary>
    /// Requests that hold no slot: a circuit's WebSocket lives for minutes (a slot per staff editor would starve
    /// shoppers), health probes and the metrics scrape must answer while the replica is busy (a refused liveness
    /// probe restarts a replica that is only busy), and a status page re-executed for a refused request must not be
    /// refused again.
    /// </summary>
    internal static bool IsExempt(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/_blazor")
        || OperatorEndpoints.IsOperatorPath(http.Request.Path)
        || http.Features.Get<IStatusCodeReExecuteFeature>() is not null;

    internal sealed partial class LoadSheddingMiddleware(
        RequestDelegate next, IOptions<LoadSheddingOptions> options, TimeProvider time, ILogger<LoadSheddingMiddleware> logger)
        : IAsyncDisposable
    {
        private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(10);

        private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxRequestsInFlight,
            QueueLimit = options.Value.MaxQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        private long _shedSinceLog;
        private long _lastLogTimestamp = long.MinValue / 2;

        public async Task InvokeAsync(HttpContext http)
        {
            if (IsExempt(http))
            {
                await next(http);
                return;
            }
            RateLimitLease lease;
            try
            {
                lease = await _limiter.AcquireAsync(1, http.RequestAborted);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                return; // the client left while waiting: nothing to answer
            }
            using (lease)
            {
                if (!lease.IsAcquired)
                {
                    CountShed(http);
                    await OutageHosting.RefuseAsync(http, Outage.Busy);
                    return;
                }
                await next(http);
            }
        }

        public ValueTask DisposeAsync() => _limiter.DisposeAsync();

        /// <summary>Overload refuses thousands a second: one line per 10 s with the count, not one per request.</summary>
        private void CountShed(HttpContext http)
        {
            Interlocked.Increment(ref _shedSinceLog);
            var now = time.GetTimestamp();
            var last = Interlocked.Read(ref _lastLogTimestamp);
            if (time.GetElapsedTime(last, now) >= LogEvery && Interlocked.CompareExchange(ref _lastLogTimestamp, now, last) == last)
            {
                LogShed(logger, Interlocked.Exchange(ref _shedSinceLog, 0), http.Request.Method, http.Request.Path);
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Busy: {Count} requests refused with 503 since the last report (every slot and the queue taken), latest {Method} {Path}")]
        private static partial void LogShed(ILogger logger, long count, string method, PathString path);
    }
}
