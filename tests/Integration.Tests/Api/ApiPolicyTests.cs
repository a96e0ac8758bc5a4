using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Web.Api;

namespace PeakShop.Integration.Tests.Api;

/// <summary>
/// The API's policies by name, on probe endpoints under <c>/api/v1</c> in the app's own route table (the endpoints that
/// carry them — carts, orders, staff — are other packages'): who passes, and the 401/403 problems of those who do not.
/// </summary>
public sealed class ApiPolicyTests(ShopFactory factory) : IClassFixture<ShopFactory>, IAsyncLifetime
{
    private WebApplicationFactory<Program> _probed = null!;

    public Task InitializeAsync()
    {
        _probed = factory.WithWebHostBuilder(builder =>
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PolicyProbes>()));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _probed.DisposeAsync();

    [Fact]
    public async Task Write_RefusesAReadOnlyKeyWith403Problem_AdmitsAWriteKeyAndGuests()
    {
        var read = await ApiClients.CreateKeyAsync(factory.Services);
        var write = await ApiClients.CreateKeyAsync(factory.Services, write: true);
        using var client = Client();

        using var refused = await client.SendAsync(Post(ApiPolicies.Write, key: read.Key));
        using var allowed = await client.SendAsync(Post(ApiPolicies.Write, key: write.Key));
        using var anonymous = await client.SendAsync(Post(ApiPolicies.Write));

        var problem = await ApiClients.AssertProblemAsync(refused, HttpStatusCode.Forbidden, ApiProblems.Forbidden);
        Assert.Contains("read scope only", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, anonymous.StatusCode);
    }

    [Fact]
    public async Task Customer_AdmitsABearerToken_NotAKeyNorNobody()
    {
        var email = await ApiClients.CreateAccountAsync(factory.Services);
        var write = await ApiClients.CreateKeyAsync(factory.Services, write: true);
        using var client = Client();
        var token = (await ApiClients.TokenAsync(client, email)).GetProperty("accessToken").GetString();

        using var customer = await client.SendAsync(Post(ApiPolicies.Customer, bearer: token));
        using var key = await client.SendAsync(Post(ApiPolicies.Customer, key: write.Key));
        using var nobody = await client.SendAsync(Post(ApiPolicies.Customer));

        Assert.Equal(HttpStatusCode.NoContent, customer.StatusCode);
        await ApiClients.AssertProblemAsync(key, HttpStatusCode.Forbidden, ApiProblems.Forbidden);
        await ApiClients.AssertProblemAsync(nobody, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
        Assert.Contains("Bearer", nobody.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApiPolicies.StaffCatalog)]
    [InlineData(ApiPolicies.StaffOrders)]
    public async Task Staff_AdmitsAdminAndStaffTokens_NotMarketingCustomersOrKeys(string policy)
    {
        var write = await ApiClients.CreateKeyAsync(factory.Services, write: true);
        using var client = Client();
        var statuses = new Dictionary<string, HttpStatusCode>();
        foreach (var role in new[] { ShopRoles.Admin, ShopRoles.Staff, ShopRoles.Marketing, "customer" })
        {
            var email = await ApiClients.CreateAccountAsync(factory.Services, role == "customer" ? [] : [role]);
            var token = (await ApiClients.TokenAsync(client, email)).GetProperty("accessToken").GetString();
            using var response = await client.SendAsync(Post(policy, bearer: token));
            statuses[role] = response.StatusCode;
        }
        using var key = await client.SendAsync(Post(policy, key: write.Key));
        using var nobody = await client.SendAsync(Post(policy));

        Assert.Equal(HttpStatusCode.NoContent, statuses[ShopRoles.Admin]);
        Assert.Equal(HttpStatusCode.NoContent, statuses[ShopRoles.Staff]);
        Assert.Equal(HttpStatusCode.Forbidden, statuses[ShopRoles.Marketing]);
        Assert.Equal(HttpStatusCode.Forbidden, statuses["customer"]);
        await ApiClients.AssertProblemAsync(key, HttpStatusCode.Forbidden, ApiProblems.Forbidden);
        await ApiClients.AssertProblemAsync(nobody, HttpStatusCode.Unauthorized, ApiProblems.Unauthorized);
    }

    private HttpClient Client() => _probed.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    private static HttpRequestMessage Post(string policy, string? key = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PolicyProbes.Prefix + policy) { Content = JsonContent.Create(new { }) };
        if (key is not null)
        {
            request.Headers.Add(ApiClients.KeyHeader, key);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return request;
    }

    /// <summary><c>POST /api/v1/test-policy/{policy}</c> → 204 for whoever the policy admits.</summary>
    private sealed class PolicyProbes : IStartupFilter
    {
        public const string Prefix = "/api/v1/test-policy/";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // The WebApplication itself, which the hosting layer hands on in the builder's properties.
            var routes = app.Properties.Values.OfType<IEndpointRouteBuilder>().First();
            foreach (var policy in new[] { ApiPolicies.Write, ApiPolicies.Customer, ApiPolicies.StaffCatalog, ApiPolicies.StaffOrders })
            {
                routes.MapPost(Prefix + policy, () => TypedResults.NoContent()).RequireAuthorization(policy).DisableAntiforgery();
            }
        };
    }
}
