using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using PeakShop.Infrastructure.Customers.Sessions;
using PeakShop.Infrastructure.Data;
using PeakShop.Web.Api;
using PeakShop.Web.Middleware;
using StackExchange.Redis;

namespace PeakShop.Web.Hosting;

/// <summary>A server a request needed that cannot be reached right now (ADR 19).</summary>
public enum Outage
{
    /// <summary>The PostgreSQL primary: orders, accounts and staff changes cannot be written.</summary>
    Database,

    /// <summary>Redis: carts cannot be read or written.</summary>
    Cart,

    /// <summary>Redis: a sign-in cannot be recorded (sessions live there, ADR 14), so no cookie is issued.</summary>
    SignIn,

    /// <summary>This replica is past its capacity: every slot and the queue are taken (<see cref="LoadShedding"/>).</summary>
    Busy,
}

/// <summary>
/// The one place where "the primary (or Redis) is down" becomes an answer: 503 with <c>Retry-After</c>, the
/// friendly page in the shop's layout (re-executed as <c>/status/503</c>, like every status page), or
/// ProblemDetails for a client that asks for JSON. Never the error page, never a 500 (ADR 19).
/// </summary>
public static class OutageHosting
{
    /// <summary>How long a client should wait: a failover or a Redis restart takes tens of seconds, a burst of shoppers passes in seconds.</summary>
    public static int RetryAfterSeconds(Outage outage) => outage == Outage.Busy ? 5 : 30;

    /// <summary>Which outage, if any, an exception that escaped a page or an endpoint means.</summary>
    public static Outage? Classify(Exception exception)
    {
        if (DbFailures.Chain(exception).Any(e => e is SessionStoreUnavailableException))
        {
            return Outage.SignIn;
        }
        if (DbFailures.IsDatabaseUnavailable(exception))
        {
            return Outage.Database;
        }
        // RedisTimeoutException is a TimeoutException, not a RedisException.
        return DbFailures.Chain(exception).Any(e => e is RedisException or RedisTimeoutException) ? Outage.Cart : null;
    }

    /// <summary>The outage this request ran into (read by the status page).</summary>
    public static Outage? Of(HttpContext http) =>
        http.Items.TryGetValue(typeof(Outage), out var value) && value is Outage outage ? outage : null;

    public static string Title(Outage outage) => outage switch
    {
        Outage.Cart => "Your cart is temporarily unavailable",
        Outage.SignIn => "Signing in is temporarily unavailable",
        Outage.Busy => "We are very busy right now",
        _ => "Temporarily unavailable",
    };

    public static string Message(Outage outage) => outage switch
    {
        Outage.Cart => "We cannot reach carts for a moment. Your cart is saved and comes back by itself; browsing and search still work.",
        Outage.SignIn => "We cannot record sign-ins for a moment. Browsing and search still work; please try again in a minute.",
        Outage.Busy => "More shoppers than we can serve at this moment. Your cart is saved; please try again in a few seconds.",
        _ => "Checkout, accounts and changes are temporarily unavailable — your cart is saved. Browsing and search still work; please try again in a few minutes.",
    };

    /// <summary>
    /// 503, <c>Retry-After</c>, never cached. Without a body for a browser (the status-code pages render
    /// <c>/status/503</c>), ProblemDetails for a JSON client.
    /// </summary>
    public static Task RefuseAsync(HttpContext http, Outage outage)
    {
        http.Items[typeof(Outage)] = outage;
        var response = http.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        var retryAfter = RetryAfterSeconds(outage);
        response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentType = default;
        response.Headers.Location = default;
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            // The 503 page itself ran into the outage: the message without the layout, never an empty answer.
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync($"{Title(outage)}. {Message(outage)}", http.RequestAborted);
        }
        if (!WantsJson(http.Request))
        {
            return Task.CompletedTask;
        }
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: Title(outage),
            detail: Message(outage),
            type: ApiPaths.IsApi(http.Request.Path) ? ApiProblems.Type(ApiProblems.Unavailable) : null,
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = retryAfter }).ExecuteAsync(http);
    }

    /// <summary>
    /// A script or an API client: it names JSON and not HTML (a browser's navigation names HTML). Under <c>/api</c>
    /// always, whatever Accept says: the API answers problem JSON only (ADR 21).
    /// </summary>
    internal static bool WantsJson(HttpRequest request)
    {
        if (ApiPaths.IsApi(request.Path))
        {
            return true;
        }
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
