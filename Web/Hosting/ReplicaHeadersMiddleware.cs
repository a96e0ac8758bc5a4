using Microsoft.Extensions.Options;

namespace PeakShop.Web.Hosting;

public sealed record ReplicaIdentityOptions
{
    public const string Section = "Replica";

    /// <summary>Names this Web process in the <c>X-Replica</c> header; defaults to host name and process id.</summary>
    public string? Name { get; set; }
}

/// <summary>Names the Web process that answered, so a spread of requests across replicas is visible.</summary>
internal sealed class ReplicaHeadersMiddleware(RequestDelegate next, IOptions<ReplicaIdentityOptions> options)
{
    public const string Header = "X-Replica";
    private readonly string _name = string.IsNullOrWhiteSpace(options.Value.Name)
        ? $"{Environment.MachineName}-{Environment.ProcessId}"
        : options.Value.Name;

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.Headers[Header] = _name;
        return next(http);
    }
}
