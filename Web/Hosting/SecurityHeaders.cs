using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Web.Endpoints;

namespace PeakShop.Web.Hosting;

/// <summary>
/// The proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c>/<c>-Host</c> are believed, under <c>ForwardedHeaders</c>,
/// on top of loopback (nginx in front of a replica locally). In a cluster: the ingress controller's pod network,
/// e.g. <c>ForwardedHeaders__KnownNetworks=10.244.0.0/16</c>. Each is an array or one comma-separated value.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>CIDR networks (<c>10.0.0.0/8</c>, <c>fd00::/8</c>).</summary>
    public List<string> KnownNetworks { get; } = [];

    /// <summary>Single addresses (<c>10.0.0.7</c>).</summary>
    public List<string> KnownProxies { get; } = [];

    internal void Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        KnownNetworks.AddRange(List(section.GetSection(nameof(KnownNetworks))));
        KnownProxies.AddRange(List(section.GetSection(nameof(KnownProxies))));
    }

    private static IEnumerable<string> List(IConfigurationSection entry) =>
        (entry.Value is { } single ? [single] : entry.GetChildren().Select(c => c.Value ?? ""))
        .SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"{Section}:{nameof(KnownNetworks)} '{network}' is not a CIDR network (10.0.0.0/8)", [nameof(KnownNetworks)]);
        }
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"{Section}:{nameof(KnownProxies)} '{proxy}' is not an IP address", [nameof(KnownProxies)]);
        }
    }
}

/// <summary>
/// Security headers on every response (ADR 17): a Content-Security-Policy that lets scripts, styles, images and
/// fetches come from this origin and the CDN only, inline scripts by SHA-256 hash; the usual hardening headers;
/// HSTS (<c>UseHsts</c>) and <c>Secure</c> cookies whenever the request is https, also when TLS ends at a trusted proxy.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Powerful browser features no page of the shop uses.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), geolocation=(), gyroscope=(), hid=(), " +
        "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), " +
        "xr-spatial-tracking=()";

    public static IHostApplicationBuilder AddShopSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ContentSecurityPolicy>();
        builder.Services.AddOptions<TrustedProxyOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Load(configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // After the loopback-only defaults (ShutdownHosting): the ingress that terminates TLS may say "https".
        builder.Services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<TrustedProxyOptions>>((forwarded, trusted) =>
        {
            foreach (var network in trusted.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        // Upgrade-only: a cookie set on an https request is Secure, whoever set it (ps_auth, ps_cart, ps_orders, ps_lsn, antiforgery).
        builder.Services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddOptions<HstsOptions>()
            .Configure(options => options.MaxAge = TimeSpan.FromDays(365))
            .BindConfiguration("Hsts");
        return builder;
    }
}

/// <summary>
/// The Content-Security-Policy header value: one string per process for shopper pages, one for <c>/admin</c>
/// (which adds <c>'wasm-unsafe-eval'</c> for the WebAssembly islands) and one for the Hangfire dashboard. Inline scripts are allowed by the SHA-256
/// of their text, not by a nonce: the page cache hands one stored body to every visitor, and a hash holds for
/// any copy of it. The only inline scripts are the import maps Blazor writes (<c>&lt;ImportMap&gt;</c>: the same JSON
/// for every page, taken from the component endpoints' metadata); scripts of our own are files.
/// </summary>
internal sealed class ContentSecurityPolicy(IOptions<CdnOptions> cdn, EndpointDataSource endpoints)
{
    private (string Shopper, string Admin, string JobsDashboard)? _values;

    public string For(PathString path)
    {
        // Built on first use: the endpoints (and their CDN-prefixed import maps) exist once routing has run.
        var values = _values ??= Build();
        return path.StartsWithSegments(JobsDashboardEndpoints.DashboardPath, StringComparison.OrdinalIgnoreCase) ? values.JobsDashboard
            : path.StartsWithSegments(AdminHosting.PathPrefix, StringComparison.OrdinalIgnoreCase) ? values.Admin
            : values.Shopper;
    }

    /// <summary>The <c>'sha256-…'</c> sources of every inline script the pages may write.</summary>
    public IReadOnlyList<string> InlineScriptHashes() =>
        [.. endpoints.Endpoints
            .SelectMany(endpoint => endpoint.Metadata.OfType<ImportMapDefinition>())
            .Select(map => Hash(map.ToString()))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    public static string Hash(string script) =>
        $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'";

    private (string, string, string) Build()
    {
        var origin = cdn.Value.ServesFromCdn ? " " + new Uri(cdn.Value.BaseUrl!).GetLeftPart(UriPartial.Authority) : "";
        var hashes = string.Join(' ', InlineScriptHashes());
        string Policy(string script = "", string style = "", string img = "") =>
            $"default-src 'self'; script-src 'self'{origin} {hashes}{script}; style-src 'self'{origin}{style}; img-src 'self'{origin}{img}; " +
            $"font-src 'self'{origin}; connect-src 'self'{origin}; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        // Hangfire's dashboard (Admin only, not ours to change) injects a <style> element and links a data: favicon.
        return (Policy(), Policy(script: " 'wasm-unsafe-eval'"), Policy(style: " 'unsafe-inline'", img: " data:"));
    }
}
