using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using PeakShop.Infrastructure.Validation;
using PeakShop.Web.Api;

namespace PeakShop.Web.Middleware;

/// <summary>
/// The edge of input for every request, before any page or endpoint reads it: the path, the query string and the
/// fields of a form post must be clean text (<see cref="ShopText"/>: no NUL or other control characters, valid
/// UTF-8), and a query value meant for a typed <c>[SupplyParameterFromQuery]</c> of the matched page must parse to
/// that type (Blazor throws, a 500, when it does not). Anything else is a 400: the shop's status page for a browser,
/// ProblemDetails for an API. A <see cref="InputRejectedException"/> from further in (the database's text bounds) is
/// answered the same way while the response has not started.
/// </summary>
internal sealed class InputGuard(RequestDelegate next)
{
    private static readonly ConcurrentDictionary<Type, QueryParameter[]> QueryParameters = new();

    public async Task InvokeAsync(HttpContext http)
    {
        // A re-executed status or error page: the original request was checked on its way in.
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerPathFeature>() is not null)
        {
            await next(http);
            return;
        }
        var problem = Inspect(http) ?? await InspectFormAsync(http);
        if (problem is not null)
        {
            await RefuseAsync(http, problem);
            return;
        }
        try
        {
            await next(http);
        }
        catch (InputRejectedException ex) when (!http.Response.HasStarted)
        {
            await RefuseAsync(http, ex.Message);
        }
    }

    /// <summary>The path, the raw query string and typed page query parameters; null when they are acceptable.</summary>
    internal static string? Inspect(HttpContext http)
    {
        var request = http.Request;
        if (!ShopText.IsClean(request.Path.Value) || !ShopText.IsClean(request.PathBase.Value))
        {
            return "The address contains characters we cannot accept.";
        }
        if (!ShopText.IsCleanPercentEncoded(request.QueryString.Value))
        {
            return "The query string contains characters we cannot accept (control characters or invalid UTF-8).";
        }
        if (http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is { } page)
        {
            foreach (var parameter in QueryParameters.GetOrAdd(page.Type, Discover))
            {
                foreach (var value in request.Query[parameter.Name])
                {
                    if (!string.IsNullOrEmpty(value) && !parameter.Parses(value))
                    {
                        return $"The query parameter '{parameter.Name}' must be {parameter.Description}.";
                    }
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Every field of a form post: a URL-encoded body as its raw bytes (which covers every name and value once),
    /// a multipart one field by field (an upload endpoint with its own size limit checks its own fields). The form is
    /// read here either way, so a malformed or oversized one is a 400 too (the endpoint then finds it read).
    /// </summary>
    private static async Task<string?> InspectFormAsync(HttpContext http)
    {
        var request = http.Request;
        var multipart = request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
        if (!request.HasFormContentType || (multipart && http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is not null))
        {
            return null;
        }
        IFormCollection form;
        try
        {
            if (!multipart && !await IsCleanUrlEncodedBodyAsync(request))
            {
                return "The form contains characters we cannot accept (control characters or invalid UTF-8).";
            }
            form = await request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
        {
            return "The form could not be read: it is malformed or too large.";
        }
        if (!multipart)
        {
            return null;
        }
        foreach (var (key, values) in form)
        {
            if (!ShopText.IsClean(key))
            {
                return "A form field name contains characters we cannot accept.";
            }
            foreach (var value in values)
            {
                if (!ShopText.IsClean(value))
                {
                    return $"The field '{key}' contains characters we cannot accept (control characters or invalid UTF-8).";
                }
            }
        }
        return null;
    }

    /// <summary>
    /// The raw body of a URL-encoded form: the form reader keeps an invalid escape such as <c>%FF</c> as literal text,
    /// so the bytes are checked before it decodes them (buffered, so the form reader reads them again).
    /// </summary>
    private static async Task<bool> IsCleanUrlEncodedBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return ShopText.IsCleanPercentEncoded(copy.GetBuffer().AsSpan(0, (int)copy.Length));
    }

    /// <summary>400: the status page for browsers and pages, ProblemDetails for APIs.</summary>
    private static Task RefuseAsync(HttpContext http, string detail)
    {
        var endpoint = http.GetEndpoint();
        var api = ApiPaths.IsApi(http.Request.Path);
        var wantsHtml = !api && endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            || !api && endpoint is null
            || !api && http.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (wantsHtml && endpoint?.Metadata.GetMetadata<IDisableCookieRedirectMetadata>() is null)
        {
            // Empty body: the status-code pages re-execute /status/400.
            return Task.CompletedTask;
        }
        return TypedResults.Problem(detail, title: "The request was not accepted.", statusCode: StatusCodes.Status400BadRequest,
            type: api ? ApiProblems.Type(ApiProblems.Validation) : null).ExecuteAsync(http);
    }

    /// <summary>The page's typed query parameters (strings take anything and are left out).</summary>
    internal static QueryParameter[] Discover(Type component) =>
        [.. component.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => QueryParameter.For(p.Attribute!.Name ?? p.Property.Name, p.Property.PropertyType))
            .OfType<QueryParameter>()];

    /// <summary>One typed query parameter and the parse Blazor applies to it (invariant culture, as its UrlValueConstraint does).</summary>
    internal sealed record QueryParameter(string Name, string Description, Func<string, bool> Parses)
    {
        public static QueryParameter? For(string name, Type type)
        {
            var element = type.IsArray ? type.GetElementType()! : type;
            element = Nullable.GetUnderlyingType(element) ?? element;
            var invariant = CultureInfo.InvariantCulture;
            (string, Func<string, bool>)? rule = element switch
            {
                _ when element == typeof(int) => ("a whole number", v => int.TryParse(v, NumberStyles.Integer, invariant, out _)),
                _ when element == typeof(long) => ("a whole number", v => long.TryParse(v, NumberStyles.Integer, invariant, out _)),
                _ when element == typeof(bool) => ("true or false", v => bool.TryParse(v, out _)),
                _ when element == typeof(Guid) => ("a GUID", v => Guid.TryParse(v, out _)),
                _ when element == typeof(decimal) => ("a number", v => decimal.TryParse(v, NumberStyles.Number, invariant, out _)),
                _ when element == typeof(double) => ("a number", v => double.TryParse(v, NumberStyles.Number, invariant, out var d) && double.IsFinite(d)),
                _ when element == typeof(float) => ("a number", v => float.TryParse(v, NumberStyles.Number, invariant, out var f) && float.IsFinite(f)),
                _ when element == typeof(DateTime) => ("a date and time", v => DateTime.TryParse(v, invariant, DateTimeStyles.None, out _)),
                _ when element == typeof(DateOnly) => ("a date", v => DateOnly.TryParse(v, invariant, DateTimeStyles.None, out _)),
                _ when element == typeof(TimeOnly) => ("a time", v => TimeOnly.TryParse(v, invariant, DateTimeStyles.None, out _)),
                _ => null,
            };
            return rule is { } r ? new QueryParameter(name, r.Item1, r.Item2) : null;
        }
    }
}

internal static class InputGuardExtensions
{
    public static IApplicationBuilder UseShopInputGuard(this IApplicationBuilder app) => app.UseMiddleware<InputGuard>();
}
