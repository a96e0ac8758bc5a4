using System.Diagnostics;
using PeakShop.Infrastructure.Telemetry;
using Microsoft.Extensions.Options;

namespace PeakShop.Web.Middleware;

public sealed record ReplicaIdentityOptions
{
    public const string Section = "Replica";

    /// <summary>Names this Web process in the <c>X-Replica</c> header; defaults to host name and process id.</summary>
    public string? Name { get; set; }
}

/// <summary>Names the Web process that answered (a spread across replicas is visible) and the request's trace id.</summary>
internal sealed class ReplicaHeadersMiddleware(RequestDelegate next, IOptions<ReplicaIdentityOptions> options)
{
    public const string Header = "X-Replica";
    private readonly string _name = string.IsNullOrWhiteSpace(options.Value.Name)
        ? $"{Environment.MachineName}-{Environment.ProcessId}"
        : options.Value.Name;

    /// <summary>The request's trace id: quoted by support, found again in the logs of the jobs the request enqueued.</summary>
    public const string RequestIdHeader = "X-Request-Id";

    public async Task InvokeAsync(HttpContext http)
    {
        http.Response.Headers[Header] = _name;
        var request = Activity.Current;
        http.Response.Headers[RequestIdHeader] = request?.TraceId.ToHexString() ?? http.TraceIdentifier;
        // Jobs enqueued while serving this request run in its trace (an async-local: it ends with the request).
        TraceContextJobFilter.RequestTraceParent = request?.Id;
        await next(http);
    }
}
