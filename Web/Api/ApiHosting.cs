using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using PeakShop.Web.Api.V1;

namespace PeakShop.Web.Api;

/// <summary>
/// The public API (ADR 21): its own route group in the Web process, on the same catalog cache, replicas, carts and
/// checkout as the pages. A version is a route group plus its OpenAPI document; v2 is a second group beside this one.
/// </summary>
public static class ApiHosting
{
    /// <summary>Request bodies of the API are small JSON documents; anything larger is a 413.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddShopApi(this IHostApplicationBuilder builder)
    {
        // Bad input is a 400/413/415 problem, never an exception (the default throws in Development).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);
        // Before AddProblemDetails: writers are asked in registration order.
        builder.Services.AddSingleton<IProblemDetailsWriter, ApiProblemWriter>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddSingleton<ApiImageUrls>();
        builder.AddShopApiCaching();
        builder.AddShopApiAuthentication();
        builder.AddShopCartAndOrderApi();
        return builder;
    }

    /// <summary>
    /// Right after the outage pages: every answer under <c>/api</c> is problem details, never an HTML page
    /// (status-code pages, the error page, an empty 4xx).
    /// </summary>
    public static WebApplication UseShopApiProblems(this WebApplication app)
    {
        app.UseMiddleware<ApiProblemMiddleware>();
        return app;
    }

    /// <summary>
    /// After the page rate limits, before the page cache: who calls (an API key or a customer's bearer token, never a
    /// browser cookie) and the API rate limits per key, customer and address.
    /// </summary>
    public static WebApplication UseShopApiAccess(this WebApplication app)
    {
        app.UseMiddleware<ApiAccessMiddleware>();
        return app;
    }

    /// <summary>Version 1 at <c>/api/v1</c>: JSON in camelCase, RFC 9457 problem details for every error.</summary>
    public static WebApplication MapShopApiV1(this WebApplication app)
    {
        var v1 = app.MapGroup(ApiPaths.V1)
            .WithGroupName("v1")
            .DisableAntiforgery() // header-authenticated: no cookie ever authenticates an API call (ADR 21)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        v1.MapCatalogApi();
        v1.MapCartApi();
        v1.MapOrderApi();
        v1.MapAuthApi();
        v1.MapStaffApi();
        return app;
    }
}
