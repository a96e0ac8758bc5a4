using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace PeakShop.Web.Api;

/// <summary>
/// The API's contract, published (ADR 21): the OpenAPI document of each version at <c>/openapi/{version}.json</c>,
/// built at run time from the endpoints' metadata, and the Scalar reference at <c>/api/docs</c>. A test compares the
/// document with the committed snapshot, so a breaking change fails the build instead of a partner's app.
/// </summary>
public static class ApiDocumentation
{
    public const string DocumentPattern = "/openapi/{documentName}.json";
    public const string DocsPath = "/api/docs";

    /// <summary>Security scheme names in the document; the generated client and the docs page use them.</summary>
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";

    public static IHostApplicationBuilder AddShopApiDocs(this IHostApplicationBuilder builder)
    {
        // Numbers are numbers: the web defaults also read "12" as 12, which the document would have to describe as
        // "integer or string" (a pattern every generated client turns into an untyped value).
        builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.GroupName == "v1";
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "PeakShop API";
                document.Info.Description =
                    "Catalog, carts, checkout and orders of the PeakShop store. Errors are RFC 9457 problem details whose " +
                    "`type` names the problem (`/api/v1/problems/<code>`). Partners send `X-Api-Key`; customers send the " +
                    "bearer token from `POST /api/v1/auth/token`. Limits are announced in `RateLimit-Policy` and `RateLimit` headers.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "X-Api-Key",
                    Description = "A partner key (psk_…) created by an administrator in /admin/api-keys, scoped read or read+write.",
                };
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "opaque",
                    Description = "A customer's or staff member's access token from POST /api/v1/auth/token (15 minutes; refresh with /auth/refresh).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                // An endpoint behind a policy says which credentials it takes; public catalog reads list none.
                // Customer and staff policies take a bearer token only (a key is no person); the others either.
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
                if (policies.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    if (!policies.Any(p => p is ApiPolicies.Customer or ApiPolicies.StaffCatalog or ApiPolicies.StaffOrders))
                    {
                        operation.Security.Add(new OpenApiSecurityRequirement
                        {
                            [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [],
                        });
                    }
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                    });
                    if (policies.All(p => p == ApiPolicies.Write))
                    {
                        // A guest app may call it without credentials (an empty requirement); a read-only key may not.
                        operation.Security.Add(new OpenApiSecurityRequirement());
                    }
                }
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // Money is decimal: a generated client then uses decimal, not double, for prices and totals.
                var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
                if (type == typeof(decimal))
                {
                    schema.Format = "decimal";
                }
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    public static WebApplication MapShopApiDocs(this WebApplication app)
    {
        app.MapOpenApi(DocumentPattern)
            .AddEndpointFilter(async (context, next) =>
            {
                // The contract changes only with a deployment: clients and the CDN may keep it for five minutes.
                context.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
                return await next(context);
            });
        app.MapScalarApiReference(DocsPath, options => options
                .WithTitle("PeakShop API")
                .WithOpenApiRoutePattern(DocumentPattern)
                .AddDocument("v1")
                .AddPreferredSecuritySchemes(ApiKeyScheme)
                // Everything from this origin (the machine may be offline, the CSP allows no other): Scalar's bundle is
                // embedded in the package; no web fonts, no telemetry, no AI agent, no proxy.
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .WithNonce())
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                http.Response.OnStarting(() =>
                {
                    // The page's one inline module script carries a fresh nonce; Scalar's UI sets inline styles. This
                    // policy replaces the shopper one for the docs page only (SecurityHeaders keeps a response's own).
                    if (http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string value)
                    {
                        http.Response.Headers.ContentSecurityPolicy =
                            $"default-src 'self'; script-src 'self' 'nonce-{value}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                            "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
                        // A nonce is good for one response only.
                        http.Response.Headers.CacheControl = "no-store";
                    }
                    return Task.CompletedTask;
                });
                return await next(context);
            });
        return app;
    }
}
