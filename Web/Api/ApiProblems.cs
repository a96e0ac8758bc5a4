using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Api;

/// <summary>
/// The API's RFC 9457 problem types. Each <c>type</c> is a relative URI under <c>/api/v1/problems/</c>, documented in
/// the API reference; clients branch on it, not on the title.
/// </summary>
public static class ApiProblems
{
    public const string TypePrefix = ApiPaths.V1 + "/problems/";

    public const string Validation = "validation";
    public const string NotFound = "not-found";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string Concurrency = "concurrency";
    public const string InsufficientStock = "insufficient-stock";
    public const string ProductUnavailable = "product-unavailable";
    public const string CartEmpty = "cart-empty";
    public const string PaymentDeclined = "payment-declined";
    public const string TransitionRefused = "transition-refused";
    public const string PaymentFailed = "payment-failed";
    public const string RateLimited = "rate-limited";
    public const string PayloadTooLarge = "payload-too-large";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string Unavailable = "unavailable";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string ServerError = "server-error";

    public static string Type(string code) => TypePrefix + code;

    /// <summary>400 with the fields and their messages, in the order they were checked.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(errors, detail, title: "The request has invalid fields.", type: Type(Validation));

    public static ProblemHttpResult Missing(string detail) =>
        Problem(StatusCodes.Status404NotFound, NotFound, "Not found.", detail);

    /// <summary>409: someone else changed it first; <paramref name="extensions"/> may carry the current version.</summary>
    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, Concurrency, "Changed by someone else.", detail, extensions);

    /// <summary>422: a business rule refused it (only 2 left, cart empty, card declined).</summary>
    public static ProblemHttpResult Refused(string code, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, code, title, detail, extensions);

    /// <summary>
    /// 429 (marked on the response now with <c>Retry-After</c>, as the pages' refusals are) and the counter that refused,
    /// as every API limit answers.
    /// </summary>
    public static ProblemHttpResult TooManyRequests(HttpContext http, RateLimitDecision decision, string policy) =>
        Problem(StatusCodes.Status429TooManyRequests, RateLimited, "Too many requests.", RateLimitHosting.MarkRefused(http, decision),
            new Dictionary<string, object?> { ["retryAfterSeconds"] = decision.RetryAfterSeconds, ["policy"] = policy });

    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Type = Type(code),
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });
}
