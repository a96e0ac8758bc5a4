using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Api;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.Integration.Tests.Api;

/// <summary>Keys, accounts and tokens for API tests, made through the shop's own services.</summary>
internal static class ApiClients
{
    public const string KeyHeader = "X-Api-Key";

    public static readonly StaffActor Tester = new("api-tests", "api-tests@example.com");

    public static async Task<ApiKeyCreated> CreateKeyAsync(IServiceProvider services, bool write = false, int? perMinute = null) =>
        await services.GetRequiredService<ApiKeyAdmin>().CreateAsync(
            new ApiKeyForm { Name = $"test {Guid.NewGuid():N}"[..20], Write = write, RequestsPerMinute = perMinute }, Tester);

    /// <summary>A confirmed account (a customer, or staff with roles); its e-mail address (the password is <see cref="StaffAccounts.Password"/>).</summary>
    public static async Task<string> CreateAccountAsync(IServiceProvider services, params string[] roles)
    {
        var email = $"api-{Guid.NewGuid():N}@example.com";
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, StaffAccounts.Password)).Succeeded);
        foreach (var role in roles)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded, $"role {role}");
        }
        return email;
    }

    public static HttpRequestMessage Get(string path, string? key = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add(KeyHeader, key);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        return request;
    }

    public static async Task<JsonElement> TokenAsync(HttpClient client, string email, string password = StaffAccounts.Password)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>An RFC 9457 answer of the given status and API problem type; its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal("/api/v1/problems/" + code, problem.GetProperty("type").GetString());
        return problem;
    }
}
