using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Api;

/// <summary>
/// Every answer under <c>/api</c> is RFC 9457 problem JSON, whatever produced it: the status-code pages are switched
/// off (they would re-execute an HTML page), an empty-bodied error from the framework (no route, wrong method, a
/// challenge, 413, 415, a binding 400) gets a problem body, and an exception that is not an outage becomes a logged
/// 500 problem. Outages pass through to <see cref="OutageHosting"/>, which answers them with a 503 problem.
/// </summary>
internal sealed partial class ApiProblemMiddleware(RequestDelegate next, ILogger<ApiProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!ApiPaths.IsApi(http.Request.Path))
        {
            await next(http);
            return;
        }
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
        // The declared limit, also where the server does not enforce it (the test host) and before anything reads the body.
        if (http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is { } limit
            && http.Request.ContentLength > limit)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await WriteAsync(http);
            return;
        }
        try
        {
            await next(http);
        }
        catch (BadHttpRequestException bad) when (!http.Response.HasStarted)
        {
            // Kestrel's own refusals while the body is read (too large, malformed framing): the client's fault.
            http.Response.Clear();
            http.Response.StatusCode = bad.StatusCode;
        }
        catch (Exception exception) when (!http.Response.HasStarted && OutageHosting.Classify(exception) is null
            && !(exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            LogFailed(logger, exception, http.Request.Method, http.Request.Path);
            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
        if (NeedsBody(http.Response))
        {
            await WriteAsync(http);
        }
    }

    /// <summary>An error that nothing has written a body for (the framework answers 404, 405, 413, 415 and challenges empty).</summary>
    private static bool NeedsBody(HttpResponse response) =>
        response.StatusCode >= 400 && !response.HasStarted
        && response.ContentLength is null or 0 && string.IsNullOrEmpty(response.ContentType);

    /// <summary>Through the problem details service when the client accepts JSON; as problem JSON regardless otherwise.</summary>
    private static Task WriteAsync(HttpContext http)
    {
        var status = http.Response.StatusCode;
        var (code, title) = Describe(status);
        return ApiProblems.Problem(status, code, title, Detail(http, status)).ExecuteAsync(http);
    }

    /// <summary>The problem type and title for a status the framework produced without saying more.</summary>
    internal static (string Code, string Title) Describe(int status) => status switch
    {
        StatusCodes.Status400BadRequest => (ApiProblems.Validation, "The request was not accepted."),
        StatusCodes.Status401Unauthorized => (ApiProblems.Unauthorized, "Authentication is required."),
        StatusCodes.Status403Forbidden => (ApiProblems.Forbidden, "Not allowed."),
        StatusCodes.Status404NotFound => (ApiProblems.NotFound, "Not found."),
        StatusCodes.Status405MethodNotAllowed => (ApiProblems.MethodNotAllowed, "Method not allowed."),
        StatusCodes.Status413PayloadTooLarge => (ApiProblems.PayloadTooLarge, "The request body is too large."),
        StatusCodes.Status415UnsupportedMediaType => (ApiProblems.UnsupportedMediaType, "Unsupported media type."),
        StatusCodes.Status503ServiceUnavailable => (ApiProblems.Unavailable, "Temporarily unavailable."),
        >= 500 => (ApiProblems.ServerError, "Something went wrong on our side."),
        _ => ("client-error", "The request was not accepted."),
    };

    private static string? Detail(HttpContext http, int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request could not be read: a parameter or the JSON body is malformed.",
        StatusCodes.Status404NotFound => $"Nothing is at {http.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not supported here; the Allow header lists what is.",
        StatusCodes.Status413PayloadTooLarge => $"Request bodies are limited to {ApiHosting.MaxBodyBytes / 1024} KB.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        >= 500 => "The error was logged; quote the traceId when you report it.",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for API request {Method} {Path}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, PathString path);
}
