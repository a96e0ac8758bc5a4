using Microsoft.Extensions.Logging;

namespace PeakShop.Infrastructure.Cdn;

/// <summary>
/// Purges the Varnish edge (deploy/local/varnish.vcl.template, deploy/compose/default.vcl): <c>PURGE /{path}</c>
/// drops one URL in every encoding, <c>BAN /{prefix}</c> everything under a prefix. Varnish accepts both from
/// its ACL only (loopback locally, the app network in compose). A failure is logged and thrown as
/// <see cref="CdnPurgeException"/> after every path was tried, so the caller can record that the edge may still
/// serve the old bytes (and retry) while its own write stands.
/// </summary>
internal sealed partial class VarnishCdnPurger(HttpClient http, ILogger<VarnishCdnPurger> logger) : ICdnPurger
{
    private static readonly HttpMethod Purge = new("PURGE");
    private static readonly HttpMethod Ban = new("BAN");

    public async Task PurgeAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        Exception? firstError = null;
        foreach (var path in paths)
        {
            var error = await SendAsync(Purge, path, cancellationToken);
            if (error is not null)
            {
                failures.Add(path);
                firstError ??= error;
            }
        }
        if (failures.Count > 0)
        {
            throw new CdnPurgeException(failures, firstError);
        }
    }

    public async Task PurgePrefixAsync(string pathPrefix, CancellationToken cancellationToken)
    {
        if (await SendAsync(Ban, pathPrefix, cancellationToken) is { } error)
        {
            throw new CdnPurgeException([pathPrefix], error);
        }
    }

    /// <summary>Sends one request; returns what went wrong, or null when the edge confirmed it.</summary>
    private async Task<Exception?> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var relative = new Uri(path.TrimStart('/'), UriKind.Relative);
        try
        {
            using var request = new HttpRequestMessage(method, relative);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                LogPurged(method.Method, path);
                return null;
            }
            var refused = new HttpRequestException($"{method} {path}: the edge answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            LogFailed(refused, method.Method, path);
            return refused;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(ex, method.Method, path);
            return ex;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CDN {Method} {Path}: done")]
    private partial void LogPurged(string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "CDN {Method} {Path} failed: the edge may serve the old bytes until it expires")]
    private partial void LogFailed(Exception error, string method, string path);
}

/// <summary>The edge did not confirm a purge: the listed paths may still be served from its cache.</summary>
public sealed class CdnPurgeException(IReadOnlyList<string> paths, Exception? inner)
    : Exception($"CDN purge failed for {string.Join(", ", paths)}", inner)
{
    public IReadOnlyList<string> Paths { get; } = paths;
}
