using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Admin;

/// <summary>
/// Every admin route and endpoint the app maps, found from its own endpoint data source: anonymous callers are
/// sent to sign in, shoppers get 403, each staff role reaches exactly its sections. A new admin endpoint that is
/// missing from <see cref="Sections"/> or has no policy fails this test.
/// </summary>
public sealed class AdminAuthorizationTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>
{
    /// <summary>Who may use each section, by route prefix (the longest matching prefix wins).</summary>
    internal static readonly (string Prefix, string[] Roles)[] Sections =
    [
        ("/admin", ShopRoles.All.ToArray()),
        ("/admin/products", [ShopRoles.Admin, ShopRoles.Staff]),
        ("/admin/categories", [ShopRoles.Admin, ShopRoles.Staff]),
        ("/admin/orders", [ShopRoles.Admin, ShopRoles.Staff]),
        ("/admin/customers", [ShopRoles.Admin, ShopRoles.Staff]),
        ("/admin/reports", [ShopRoles.Admin, ShopRoles.Staff]),
        ("/admin/marketing", [ShopRoles.Admin, ShopRoles.Marketing]),
        ("/admin/staff", [ShopRoles.Admin]),
        ("/admin/audit", [ShopRoles.Admin]),
        ("/admin/api-keys", [ShopRoles.Admin]),
        ("/admin/jobs", [ShopRoles.Admin]),
    ];

    [Fact]
    public void EveryAdminEndpoint_NamesARegisteredPolicy_AndASection()
    {
        var policies = factory.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        var endpoints = AdminEndpoints();
        Assert.NotEmpty(endpoints);
        foreach (var endpoint in endpoints)
        {
            var route = endpoint.RoutePattern.RawText!;
            var named = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().ToList();
            Assert.True(named.Count > 0, $"{route} has no authorization policy");
            Assert.All(named, p => Assert.True(policies.GetPolicy(p) is not null, $"{route}: policy '{p}' is not registered"));
            Assert.True(SectionOf(route) is not null, $"{route} is in no section of the access matrix: add it to {nameof(Sections)}");
        }
    }

    [Fact]
    public async Task EveryAdminEndpoint_AdmitsExactlyItsRoles()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 3);
        var sessions = new Dictionary<string, ShopSession>();
        using var anonymous = factory.CreateCookielessClient();
        try
        {
            foreach (var role in ShopRoles.All.Append("shopper"))
            {
                sessions[role] = await StaffAccounts.SignInAsync(factory, role == "shopper" ? [] : [role]);
            }
            var checkedRoutes = 0;
            foreach (var endpoint in AdminEndpoints())
            {
                var route = endpoint.RoutePattern.RawText!;
                var url = Concrete(endpoint, product.Id);
                var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.FirstOrDefault() ?? HttpMethods.Get;
                var allowed = SectionOf(route)!.Value.Roles;

                using (var response = await SendAsync(anonymous, endpoint, method, url))
                {
                    // Pages send a browser to the sign-in form; JSON endpoints answer 401 (ASP.NET Core 10 does not redirect APIs).
                    var isApi = endpoint.Metadata.GetMetadata<IDisableCookieRedirectMetadata>() is not null;
                    Assert.True(isApi
                        ? response.StatusCode == HttpStatusCode.Unauthorized
                        : response.StatusCode == HttpStatusCode.Redirect
                            && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true,
                        $"anonymous {method} {url}: {(int)response.StatusCode} {response.Headers.Location}");
                }
                foreach (var (role, session) in sessions)
                {
                    using var response = await SendAsync(session.Client, endpoint, method, url);
                    var status = (int)response.StatusCode;
                    output.WriteLine($"{role,-9} {method} {url} → {status}");
                    if (allowed.Contains(role))
                    {
                        Assert.True(status is not (401 or 403) && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) != true,
                            $"{role} refused {method} {url}: {status}");
                        Assert.True(status < 500, $"{role} {method} {url}: {status}");
                    }
                    else
                    {
                        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} reached {method} {url}: {status}");
                    }
                }
                checkedRoutes++;
            }
            Assert.True(checkedRoutes >= 5, $"only {checkedRoutes} admin routes found");
        }
        finally
        {
            foreach (var session in sessions.Values)
            {
                session.Dispose();
            }
        }
    }

    private List<RouteEndpoint> AdminEndpoints() =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw == "/admin" || raw.StartsWith("/admin/", StringComparison.Ordinal)))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)];

    internal static (string Prefix, string[] Roles)? SectionOf(string route) =>
        Sections.Where(s => route == s.Prefix || route.StartsWith(s.Prefix + "/", StringComparison.Ordinal))
            .OrderByDescending(s => s.Prefix.Length)
            .Select(s => ((string, string[])?)s)
            .FirstOrDefault();

    /// <summary>The route with every parameter filled: ids with a real product, anything else with a plain value.</summary>
    private static string Concrete(RouteEndpoint endpoint, int productId)
    {
        var segments = endpoint.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter =>
                parameter.ParameterPolicies.Any(p => p.Content is "int" or "long") ? productId.ToString(System.Globalization.CultureInfo.InvariantCulture) : "x",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        return "/" + string.Join('/', segments);
    }

    /// <summary>An empty body of the type the endpoint accepts (JSON or a form), so routing does not answer 415 first.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, RouteEndpoint endpoint, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != HttpMethods.Get)
        {
            var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes ?? [];
            request.Content = accepts.Any(t => t.Contains("json", StringComparison.Ordinal))
                ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
                : new FormUrlEncodedContent([]);
        }
        return await client.SendAsync(request);
    }
}
