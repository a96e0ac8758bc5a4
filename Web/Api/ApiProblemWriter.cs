using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace PeakShop.Web.Api;

/// <summary>
/// Writes problem details under <c>/api</c> whatever the client's Accept header names (the framework's writer declines
/// when it names only text/html, and the fallback then skips <c>traceId</c> and <c>instance</c>): an API answers JSON.
/// Registered ahead of the default writer, with the same customization.
/// </summary>
internal sealed class ApiProblemWriter(IOptions<ProblemDetailsOptions> problems, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => ApiPaths.IsApi(context.HttpContext.Request.Path);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        details.Status ??= context.HttpContext.Response.StatusCode;
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            details, details.GetType(), json.Value.SerializerOptions, "application/problem+json", context.HttpContext.RequestAborted));
    }
}
