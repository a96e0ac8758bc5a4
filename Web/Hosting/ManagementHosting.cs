using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PeakShop.Web.Hosting;

/// <summary>Settings under <c>Management</c>: the second Kestrel endpoint for probes' detail and metrics.</summary>
public sealed record ManagementOptions
{
    public const string Section = "Management";

    /// <summary>
    /// The port of the management endpoint (detailed <c>/healthz/ready</c> JSON, <c>/metrics</c>); unset means none,
    /// and the detail is served nowhere. Keep it off the load balancer and the public network.
    /// </summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>The address it listens on: <c>127.0.0.1</c> on one machine, <c>*</c> in a pod (the scraper is elsewhere).</summary>
    [Required, RegularExpression(@"^(\*|\+|[A-Za-z0-9.:\[\]-]+)$")]
    public string Host { get; set; } = "127.0.0.1";
}

/// <summary>
/// Operators' endpoints on their own port, so the public port answers only what a shopper may see:
/// readiness as a word and a status code, no hosts, ports or errors; <c>/metrics</c> not at all (<c>OperatorEndpoints</c>).
/// </summary>
public static class ManagementHosting
{
    /// <summary>Binds the management port next to the public address(es), and keeps Host filtering off it.</summary>
    public static WebApplicationBuilder AddShopManagementPort(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>()
            .BindConfiguration(ManagementOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions();
        if (options.Port is { } port)
        {
            // Explicit Listen() calls would replace ASPNETCORE_URLS / _HTTP_PORTS: add to them instead.
            builder.WebHost.UseUrls([.. PublicUrlsOf(builder.Configuration), $"http://{options.Host}:{port}"]);
        }
        // The default Host filter (AllowedHosts) runs first for every port; the shop runs it itself, after
        // X-Forwarded-Host is applied and not on the management port (kubelet and Prometheus use the pod's IP).
        var defaultFilter = builder.Services.FirstOrDefault(d => d.ServiceType == typeof(IStartupFilter) && d.ImplementationType?.Name == "HostFilteringStartupFilter");
        if (defaultFilter is not null)
        {
            builder.Services.Remove(defaultFilter);
        }
        return builder;
    }

    /// <summary>True when the request came in on the management port.</summary>
    public static bool IsManagementRequest(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<ManagementOptions>>().Value.Port is { } port
        && http.Connection.LocalPort == port;

    /// <summary>What the host would bind without the management port: urls, else http_ports, else Kestrel's default.</summary>
    private static IEnumerable<string> PublicUrlsOf(IConfiguration configuration)
    {
        var split = StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries;
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return urls.Split(';', split);
        }
        var http = (configuration["http_ports"] ?? "").Split(';', split).Select(p => $"http://*:{p}");
        var https = (configuration["https_ports"] ?? "").Split(';', split).Select(p => $"https://*:{p}");
        var ports = http.Concat(https).ToArray();
        return ports.Length > 0 ? ports : ["http://localhost:5000"];
    }
}
