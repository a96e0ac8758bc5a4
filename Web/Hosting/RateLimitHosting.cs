using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Hosting;

/// <summary>A per-client-address limit on an endpoint (a page or a minimal-API handler).</summary>
public enum AddressLimit
{
    Search,
    Suggest,
}

/// <summary>Puts an endpoint under a per-client-address limit; <see cref="Json"/> answers a refusal with ProblemDetails.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AddressRateLimitAttribute(AddressLimit limit) : Attribute
{
    public AddressLimit Limit { get; } = limit;

    public bool Json { get; init; }

    public RateLimitCounter Counter(RateLimitOptions options, HttpContext http) => Limit switch
    {
        AddressLimit.Search => new("search-ip", options.SearchPerIp, ClientAddress.Partition(http)),
        AddressLimit.Suggest => new("suggest-ip", options.SuggestPerIp, ClientAddress.Partition(http)),
        _ => throw new ArgumentOutOfRangeException(nameof(Limit), Limit, null),
    };
}

/// <summary>Redis-backed limits that hold across replicas (ADR 15): registration and the 429 answers (the endpoint middleware is <c>AddressRateLimitMiddleware</c>).</summary>
internal static class RateLimitHosting
{
    public static IHostApplicationBuilder AddShopRateLimits(this IHostApplicationBuilder builder)
    {
        builder.AddShopRateLimiter();
        builder.Services.AddSingleton<KnownDevices>();
        builder.Services.AddScoped<AccountSignIn>();
        return builder;
    }

    /// <summary>
    /// 429 with <c>Retry-After</c>. Without a body, so the status-code pages render the friendly page in the
    /// shop's layout (<c>/status/429</c>), or as ProblemDetails for JSON endpoints.
    /// </summary>
    public static Task RefuseAsync(HttpContext http, RateLimitDecision decision, bool json)
    {
        MarkRefused(http, decision);
        if (!json)
        {
            return Task.CompletedTask;
        }
        return Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many requests",
            detail: Message(decision)).ExecuteAsync(http);
    }

    /// <summary>Sets 429 and <c>Retry-After</c>; a form page then shows <see cref="Message"/> beside the form.</summary>
    public static string MarkRefused(HttpContext http, RateLimitDecision decision)
    {
        http.Items[typeof(RateLimitDecision)] = decision;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Message(decision);
    }

    /// <summary>The refusal of this request, if it was refused (read by the status page).</summary>
    public static RateLimitDecision? Refusal(HttpContext http) =>
        http.Items.TryGetValue(typeof(RateLimitDecision), out var value) && value is RateLimitDecision decision ? decision : null;

    public static string Message(RateLimitDecision decision)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalMinutes));
        return minutes == 1
            ? "Too many attempts — try again in 1 minute."
            : $"Too many attempts — try again in {minutes.ToString(CultureInfo.InvariantCulture)} minutes.";
    }
}

/// <summary>
/// Who the client is, for per-address limits: the connection's address, which <c>UseForwardedHeaders</c> has
/// replaced with the balancer's <c>X-Forwarded-For</c> only when the balancer (loopback) sent it; a client's own
/// <c>X-Forwarded-For</c> is never read here. IPv6 clients are counted per /64, the smallest block a host gets.
/// </summary>
internal static class ClientAddress
{
    public static string Partition(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "none";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
