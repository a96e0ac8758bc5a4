using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Validation;
using PeakShop.Integration.Tests.Jobs;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Api.V1;

/// <summary>
/// Staff endpoints over the API on the real primary: the admin pages' rules (field errors, optimistic concurrency,
/// stock never below zero, legal order moves) as problem details, only for staff tokens, revoked with the account's
/// sign-ins.
/// </summary>
public sealed class StaffApiTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Staff_CreateEditAndRestockAProduct_WithVersionsAndFieldErrors()
    {
        using var client = await StaffClientAsync(ShopRoles.Staff);
        var template = await TestProducts.CreateAsync(factory.Services, stock: 1);
        var sku = "API-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

        // Every string gets the forms' text rules, nested ones too: a control character in an image's alt text.
        using var invalid = await client.PostAsJsonAsync("/api/v1/staff/products", new
        {
            sku = "lower case", name = "", price = -3,
            images = new[] { new { path = "img/products/p1.svg", altText = "Lantern\u0007", width = 800, height = 800 } },
        });
        using var created = await client.PostAsJsonAsync("/api/v1/staff/products", new
        {
            sku, name = "Trail lantern " + sku, description = "Bright.", price = 24.5m, categoryId = template.CategoryId, brandId = template.BrandId,
            unknownField = "ignored",
        });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await ProblemAsync(invalid))["errors"]!.AsObject();
        Assert.Contains("sku", errors.Select(e => e.Key));
        Assert.Contains("name", errors.Select(e => e.Key));
        Assert.Contains("price", errors.Select(e => e.Key));
        Assert.Equal(ShopText.InvalidMessage, errors["images[0].altText"]![0]!.GetValue<string>());
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var product = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = product["id"]!.GetValue<int>();
        Assert.Equal($"/api/v1/staff/products/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(0, product["stock"]!.GetValue<int>());
        Assert.Equal(24.5m, product["price"]!.GetValue<decimal>());

        var version = product["version"]!.GetValue<uint>();
        using var edit = await client.PutAsJsonAsync($"/api/v1/staff/products/{id}", Edit(product, price: 26m, version));
        using var stale = await client.PutAsJsonAsync($"/api/v1/staff/products/{id}", Edit(product, price: 99m, version));
        using var restock = await client.PostAsJsonAsync($"/api/v1/staff/products/{id}/stock-adjustments", new { delta = 5, reason = "delivery" });
        using var overdraw = await client.PostAsJsonAsync($"/api/v1/staff/products/{id}/stock-adjustments", new { delta = -9, reason = "count" });
        using var noReason = await client.PostAsJsonAsync($"/api/v1/staff/products/{id}/stock-adjustments", new { delta = 1 });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal(26m, (await edit.Content.ReadFromJsonAsync<JsonObject>())!["price"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var conflict = await ProblemAsync(stale);
        Assert.Equal("/api/v1/problems/concurrency", conflict["type"]!.GetValue<string>());
        Assert.Equal(26m, conflict["current"]!["price"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.OK, restock.StatusCode);
        Assert.Equal(5, (await restock.Content.ReadFromJsonAsync<JsonObject>())!["stock"]!.GetValue<int>());
        Assert.Equal((HttpStatusCode)422, overdraw.StatusCode);
        Assert.Contains("Only 5 in stock", (await ProblemAsync(overdraw))["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotNull((await ProblemAsync(noReason))["errors"]!["reason"]);

        // The ETag names the version, and If-Match carries it back as well as the body would.
        using var read = await client.GetAsync($"/api/v1/staff/products/{id}");
        var etag = read.Headers.ETag!.Tag;
        var current = (await read.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal($"\"v{current["version"]}\"", etag);
        Assert.Equal(5, current["stock"]!.GetValue<int>());
        using var ifMatch = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/staff/products/{id}")
        {
            Content = JsonContent.Create(Edit(current, price: 27m, version: null)),
        };
        ifMatch.Headers.TryAddWithoutValidation("If-Match", etag);
        using var matched = await client.SendAsync(ifMatch);
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        using var missing = await client.GetAsync("/api/v1/staff/products/2147483000");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("/api/v1/problems/not-found", (await ProblemAsync(missing))["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Staff_ListAndMoveOrders_WithConflictsAndRefusalsAsProblems()
    {
        using var client = await StaffClientAsync(ShopRoles.Staff);
        var email = TestOrders.NewRecipient("api-staff");
        var placed = await TestOrders.PlaceAsync(factory.Services, email);
        var number = placed.OrderNumber!;

        using var list = await client.GetAsync($"/api/v1/staff/orders?email={Uri.EscapeDataString(email)}&status=paid");
        using var badFilters = await client.GetAsync("/api/v1/staff/orders?status=lost&from=yesterday&before=nonsense");
        var order = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/staff/orders/{number}"))!;
        var version = order["version"]!.GetValue<uint>();
        using var pack = await client.PostAsJsonAsync($"/api/v1/staff/orders/{number}/status", new { to = "packed", version });
        using var stale = await client.PostAsJsonAsync($"/api/v1/staff/orders/{number}/status", new { to = "cancelled", version });
        var packed = (await pack.Content.ReadFromJsonAsync<JsonObject>())!;
        using var backwards = await client.PostAsJsonAsync($"/api/v1/staff/orders/{number}/status",
            new { to = "paid", version = packed["version"]!.GetValue<uint>() });
        using var noTracking = await client.PostAsJsonAsync($"/api/v1/staff/orders/{number}/status",
            new { to = "shipped", version = packed["version"]!.GetValue<uint>() });

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var items = (await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
        Assert.Equal(number, Assert.Single(items)!["number"]!.GetValue<string>());
        Assert.Equal("paid", items[0]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badFilters.StatusCode);
        var errors = (await ProblemAsync(badFilters))["errors"]!.AsObject();
        Assert.Equal(["before", "from", "status"], errors.Select(e => e.Key).Order());
        Assert.Equal(["packed", "cancelled"], order["nextStatuses"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, pack.StatusCode);
        Assert.Equal("packed", packed["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal((HttpStatusCode)422, backwards.StatusCode);
        Assert.Equal("/api/v1/problems/transition-refused", (await ProblemAsync(backwards))["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, noTracking.StatusCode);
        Assert.NotNull((await ProblemAsync(noTracking))["errors"]!["trackingNumber"]);
    }

    [Fact]
    public async Task OnlyStaffTokens_GetIn_AndAStaffTokenEndsWithTheAccountsSignIns()
    {
        using var anonymous = factory.CreateCookielessClient();
        using var shopper = await StaffClientAsync();
        using var marketing = await StaffClientAsync(ShopRoles.Marketing);
        var (staff, userId) = await StaffClientWithIdAsync(ShopRoles.Admin);

        using var noToken = await anonymous.GetAsync("/api/v1/staff/products");
        using var asShopper = await shopper.GetAsync("/api/v1/staff/products");
        using var asMarketing = await marketing.GetAsync("/api/v1/staff/orders");
        using var asAdmin = await staff.GetAsync("/api/v1/staff/products?search=tent&sort=priceDesc");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal("application/problem+json", noToken.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, asShopper.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMarketing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        var prices = (await asAdmin.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(i => i!["price"]!.GetValue<decimal>()).ToList();
        Assert.NotEmpty(prices);
        Assert.Equal(prices.OrderByDescending(p => p), prices);

        // "Sign out everywhere" (a new security stamp) ends the token at once, not when it expires.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(userId))!);
        }
        using var afterSignOut = await staff.GetAsync("/api/v1/staff/products");
        Assert.Equal(HttpStatusCode.Unauthorized, afterSignOut.StatusCode);
        staff.Dispose();
    }

    private static object Edit(JsonObject product, decimal price, uint? version) => new
    {
        sku = product["sku"]!.GetValue<string>(),
        name = product["name"]!.GetValue<string>(),
        slug = product["slug"]!.GetValue<string>(),
        description = product["description"]!.GetValue<string>(),
        price,
        categoryId = product["categoryId"]!.GetValue<int>(),
        brandId = product["brandId"]!.GetValue<int>(),
        isArchived = false,
        version,
    };

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<HttpClient> StaffClientAsync(params string[] roles) => (await StaffClientWithIdAsync(roles)).Client;

    /// <summary>A new account with <paramref name="roles"/>, signed in through <c>POST /api/v1/auth/token</c>.</summary>
    private async Task<(HttpClient Client, string UserId)> StaffClientWithIdAsync(params string[] roles)
    {
        var email = $"api-staff-{Guid.NewGuid():N}@example.com";
        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, StaffAccounts.Password)).Succeeded);
            foreach (var role in roles)
            {
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded, $"role {role}");
            }
            id = user.Id;
        }
        var client = factory.CreateCookielessClient();
        using var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = StaffAccounts.Password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (client, id);
    }
}
