using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;
using PeakShop.Integration.Tests.Jobs;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Web.Admin;

/// <summary>The staff pages as a browser without JavaScript uses them: GET forms, POST forms with the antiforgery token.</summary>
public sealed partial class AdminPagesTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task OrderPage_StaffPacksAndShips_WithMessagesForAMissingTrackingNumberAndAStalePage()
    {
        var email = TestOrders.NewRecipient("pages");
        var number = (await TestOrders.PlaceAsync(factory.Services, email)).OrderNumber!;
        using var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);

        var list = Decode(await staff.GetHtmlAsync($"/admin/orders?email={Uri.EscapeDataString(email)}&status=paid"));
        Assert.Contains($"href=\"/admin/orders/{number}\"", list, StringComparison.Ordinal);
        var page = await staff.GetHtmlAsync($"/admin/orders/{number}");
        Assert.Contains("Mark packed", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Mark shipped", page, StringComparison.Ordinal);
        var paidVersion = ShopSession.Field(page, "Input.Version")!;

        using (var packed = await PostActionAsync(staff, number, page, "Packed"))
        {
            Assert.Equal(HttpStatusCode.Redirect, packed.StatusCode);
            Assert.Equal($"/admin/orders/{number}?done=packed", ShopSession.PathOf(packed));
        }
        page = await staff.GetHtmlAsync($"/admin/orders/{number}?done=packed");
        Assert.Contains($"Order {number} is packed.", page, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Tracking\"", page, StringComparison.Ordinal);

        using (var noTracking = await PostActionAsync(staff, number, page, "Shipped", tracking: ""))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, noTracking.StatusCode);
            Assert.Contains("Enter the carrier&#x27;s tracking number", await noTracking.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var shipped = await PostActionAsync(staff, number, page, "Shipped", tracking: "PAGE-TRACK-42"))
        {
            Assert.Equal(HttpStatusCode.Redirect, shipped.StatusCode);
        }
        // A second tab still showing the paid order.
        using (var stale = await PostActionAsync(staff, number, page, "Cancelled", version: paidVersion))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            var html = Decode(await stale.Content.ReadAsStringAsync());
            Assert.Contains("Someone else changed this order while you were looking at it (it is now shipped)", html, StringComparison.Ordinal);
        }
        page = Decode(await staff.GetHtmlAsync($"/admin/orders/{number}"));
        Assert.Matches("data-testid=\"order-status\"[^>]*>Shipped<", page);
        Assert.Contains("PAGE-TRACK-42", page, StringComparison.Ordinal);
        Assert.Contains("Packed → Shipped", page, StringComparison.Ordinal);
        Assert.Contains("Mark delivered", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderPage_UnknownOrderIs404_AndAnIllegalPostIsRefusedWithoutChange()
    {
        using var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);
        using (var missing = await staff.Client.GetAsync(new Uri("/admin/orders/PS-1999-999999", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        var number = (await TestOrders.PlaceAsync(factory.Services, TestOrders.NewRecipient("illegal"))).OrderNumber!;
        var page = await staff.GetHtmlAsync($"/admin/orders/{number}");

        // Hand-made posts: a move the status does not allow, and a status that does not exist.
        using var delivered = await PostActionAsync(staff, number, page, "Delivered");
        using var nonsense = await PostActionAsync(staff, number, page, "Teleported");

        Assert.Equal(HttpStatusCode.Conflict, delivered.StatusCode);
        Assert.Contains("An order that is paid cannot be delivered.", Decode(await delivered.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, nonsense.StatusCode);
        Assert.Contains("Choose one of the actions below.", await nonsense.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Matches("data-testid=\"order-status\"[^>]*>Paid<", await staff.GetHtmlAsync($"/admin/orders/{number}"));
    }

    [Fact]
    public async Task OrderPage_CancelAsksFirst_ThenCancelsAndRestocksOnlyWhenConfirmed()
    {
        var placed = await TestOrders.PlaceAsync(factory.Services, TestOrders.NewRecipient("cancel"));
        var number = placed.OrderNumber!;
        using var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);
        var page = await staff.GetHtmlAsync($"/admin/orders/{number}");

        // The first click only asks: nothing changes, the page explains and offers the confirmed button.
        using (var asked = await PostActionAsync(staff, number, page, "Cancelled"))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            var html = Decode(await asked.Content.ReadAsStringAsync());
            Assert.Contains($"Cancel order {number} and restock its items?", html, StringComparison.Ordinal);
            Assert.Contains("Yes, cancel and restock", html, StringComparison.Ordinal);
            Assert.Contains("name=\"Input.Confirmed\" value=\"true\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Mark packed", html, StringComparison.Ordinal);
        }
        Assert.Matches("data-testid=\"order-status\"[^>]*>Paid<", await staff.GetHtmlAsync($"/admin/orders/{number}"));

        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "order-action"), new("Input.To", "Cancelled"), new("Input.Confirmed", "true"),
            new("Input.Version", ShopSession.Field(page, "Input.Version")!),
        };
        using (var cancelled = await staff.PostAsync($"/admin/orders/{number}", fields, ShopSession.Token(page)))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
            Assert.Equal($"/admin/orders/{number}?done=cancelled", ShopSession.PathOf(cancelled));
        }
        Assert.Matches("data-testid=\"order-status\"[^>]*>Cancelled<", await staff.GetHtmlAsync($"/admin/orders/{number}"));
    }

    [Fact]
    public async Task StaffMemberPage_RemoveWithoutTheConfirmation_KeepsThePerson_WithItRemovesThem()
    {
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        var email = $"leaving-{Guid.NewGuid():N}@example.com";
        string id;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, StaffAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, ShopRoles.Staff)).Succeeded);
            id = user.Id;
        }
        var page = await admin.GetHtmlAsync($"/admin/staff/{id}");
        Assert.Contains("name=\"Remove\" value=\"true\" required", page, StringComparison.Ordinal);

        using (var unconfirmed = await admin.PostAsync($"/admin/staff/{id}", [new("_handler", "staff-remove")], ShopSession.Token(page)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, unconfirmed.StatusCode);
            Assert.Contains("Tick the box to confirm", await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal([ShopRoles.Staff], await RolesOfAsync(email));

        using (var confirmed = await admin.PostAsync($"/admin/staff/{id}", [new("_handler", "staff-remove"), new("Remove", "true")], ShopSession.Token(page)))
        {
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        }
        Assert.Empty(await RolesOfAsync(email));
    }

    private async Task<IList<string>> RolesOfAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    }

    [Fact]
    public async Task StaffPage_WeakPassword_ShowsIdentitysMessages_AndCreatesNothing_AStrongOneCreatesTheAccount()
    {
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        var page = await admin.GetHtmlAsync("/admin/staff");
        var email = $"new-staff-{Guid.NewGuid():N}@example.com";

        using (var weak = await admin.PostAsync("/admin/staff",
            [new("_handler", "create-staff"), new("Input.Email", email), new("Input.Role", ShopRoles.Staff), new("Input.Password", "weakpass1")], ShopSession.Token(page)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.StatusCode);
            var html = Decode(await weak.Content.ReadAsStringAsync());
            Assert.Contains("Passwords must be at least 10 characters.", html, StringComparison.Ordinal);
            Assert.Contains("Passwords must have at least one uppercase ('A'-'Z').", html, StringComparison.Ordinal);
            Assert.Contains("Passwords must have at least one non alphanumeric character.", html, StringComparison.Ordinal);
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>().FindByEmailAsync(email));
        }

        using (var strong = await admin.PostAsync("/admin/staff",
            [new("_handler", "create-staff"), new("Input.Email", email), new("Input.Role", ShopRoles.Marketing), new("Input.Password", "Strong-Enough-2026")], ShopSession.Token(page)))
        {
            Assert.Equal(HttpStatusCode.Redirect, strong.StatusCode);
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.Equal([ShopRoles.Marketing], await users.GetRolesAsync(user));
            Assert.True(await users.CheckPasswordAsync(user, "Strong-Enough-2026"));
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "staff.create" && a.EntityId == user.Id));

            // Then an Admin changes the roles on the member's page.
            var edit = await admin.GetHtmlAsync($"/admin/staff/{user.Id}");
            using var saved = await admin.PostAsync($"/admin/staff/{user.Id}",
                [new("_handler", "staff-roles"), new("Input.Staff", "true"), new("Input.Marketing", "true")], ShopSession.Token(edit));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.Equal([ShopRoles.Marketing, ShopRoles.Staff], (await users.GetRolesAsync(user)).Order());
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var audit = await db.AuditLog.SingleAsync(a => a.Action == "staff.roles" && a.EntityId == user.Id);
            Assert.Contains("Marketing", audit.Before, StringComparison.Ordinal);
            Assert.DoesNotContain("Staff", audit.Before, StringComparison.Ordinal);
            Assert.Contains("Staff", audit.After, StringComparison.Ordinal);
        }
        Assert.Contains(email, await admin.GetHtmlAsync("/admin/staff"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportsPage_InvertedRangeShowsTheMessage_AValidOneIsListed_AndTheJsonApiStillAnswers()
    {
        using var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);
        var page = await staff.GetHtmlAsync("/admin/reports");

        using (var inverted = await staff.PostAsync("/admin/reports",
            [new("_handler", "request-report"), new("Input.From", "2022-02-10"), new("Input.To", "2022-02-01")], ShopSession.Token(page)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, inverted.StatusCode);
            Assert.Contains("The last day must be on or after the first day.", await inverted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        long id;
        using (var valid = await staff.PostAsync("/admin/reports",
            [new("_handler", "request-report"), new("Input.From", "2022-02-01"), new("Input.To", "2022-02-10")], ShopSession.Token(page)))
        {
            Assert.Equal(HttpStatusCode.Redirect, valid.StatusCode);
            id = long.Parse(ShopSession.PathOf(valid).Split("requested=")[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        var listed = await staff.GetHtmlAsync($"/admin/reports?requested={id}");
        Assert.Contains($"Report {id} is queued", listed, StringComparison.Ordinal);
        Assert.Matches($"<td>{id}</td>\\s*<td>2022-02-01 – 2022-02-10</td>", listed);

        // The JSON API at the same path is routed by its content type, as before.
        using var json = await staff.Client.PostAsJsonAsync("/admin/reports", new { from = "2022-02-01", to = "2022-02-02" });
        Assert.Equal(HttpStatusCode.Accepted, json.StatusCode);
        using var invalidJson = await staff.Client.PostAsJsonAsync("/admin/reports", new { from = "2022-02-02", to = "2022-02-01" });
        Assert.Equal(HttpStatusCode.BadRequest, invalidJson.StatusCode);
    }

    [Fact]
    public async Task CustomersPage_FindsTheCustomer_AndTheDetailShowsAccountAndGuestOrders()
    {
        var email = TestOrders.NewRecipient("customer");
        var colleague = $"colleague-{Guid.NewGuid():N}@example.com";
        string userId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = new ShopUser { UserName = email, Email = email, DisplayName = "Grace Hopper", CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, StaffAccounts.Password)).Succeeded);
            userId = user.Id;
            var staffer = new ShopUser { UserName = colleague, Email = colleague, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(staffer, StaffAccounts.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(staffer, ShopRoles.Staff)).Succeeded);
        }
        var accountOrder = await PlaceAsync(email, userId);
        var guestOrder = await PlaceAsync(email.ToUpperInvariant(), null);
        using var staff = await StaffAccounts.SignInAsync(factory, ShopRoles.Staff);

        var byName = await staff.GetHtmlAsync("/admin/customers?q=grace+hop");
        var byEmail = await staff.GetHtmlAsync($"/admin/customers?q={Uri.EscapeDataString(email[..20])}");
        var staffSearch = await staff.GetHtmlAsync($"/admin/customers?q={colleague}");
        var detail = await staff.GetHtmlAsync($"/admin/customers/{userId}");

        Assert.Contains($"href=\"/admin/customers/{userId}\"", byName, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/customers/{userId}\"", byEmail, StringComparison.Ordinal);
        // Staff accounts are not customers.
        Assert.Contains("No customers match.", staffSearch, StringComparison.Ordinal);
        var account = AccountOrders().Match(detail).Value;
        var guest = GuestOrders().Match(detail).Value;
        Assert.Contains($"href=\"/admin/orders/{accountOrder}\"", account, StringComparison.Ordinal);
        Assert.DoesNotContain(guestOrder, account, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/orders/{guestOrder}\"", guest, StringComparison.Ordinal);
        using var unknown = await staff.Client.GetAsync(new Uri("/admin/customers/no-such-id", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Dashboard_DrawsBothChartsAccessibly_WithOneBarPerDay()
    {
        await TestOrders.PlaceAsync(factory.Services, TestOrders.NewRecipient("dash-page"));
        using var marketing = await StaffAccounts.SignInAsync(factory, ShopRoles.Marketing);

        var html = await marketing.GetHtmlAsync("/admin");

        Assert.Equal(2, Regex.Matches(html, "<svg role=\"img\" aria-labelledby=\"(revenue|orders)-chart-title (revenue|orders)-chart-desc\"").Count);
        Assert.Equal(60, Regex.Matches(html, "class=\"chart-bar\"").Count);
        Assert.Matches("<title id=\"revenue-chart-title\"[^>]*>Revenue per day, last 30 days</title>", html);
        Assert.Matches("<caption[^>]*>Orders per day, last 30 days</caption>", html);
        // The summary figures come first.
        Assert.True(html.IndexOf("data-testid=\"figure-revenue\"", StringComparison.Ordinal) is > 0 and var figures
            && figures < html.IndexOf("revenue-chart-title", StringComparison.Ordinal));
        // Marketing sees the figures but no links into sections it cannot open.
        Assert.DoesNotContain("href=\"/admin/orders?status=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/stock\"", html, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostActionAsync(ShopSession session, string number, string page, string to, string? tracking = null, string? version = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("_handler", "order-action"),
            new("Input.To", to),
            new("Input.Version", version ?? ShopSession.Field(page, "Input.Version")!),
        };
        if (tracking is not null)
        {
            fields.Add(new("Input.Tracking", tracking));
        }
        return await session.PostAsync($"/admin/orders/{number}", fields, ShopSession.Token(page));
    }

    private async Task<string> PlaceAsync(string email, string? customerId)
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 10);
        var cart = $"test:{Guid.NewGuid():N}";
        await factory.Services.GetRequiredService<CartStore>().SetLineAsync(cart, new StoredCartLine(product.Id, 1, product.Price));
        await using var scope = factory.Services.CreateAsyncScope();
        var placed = await scope.ServiceProvider.GetRequiredService<CheckoutService>().PlaceOrderAsync(new CheckoutRequest(
            cart, Guid.NewGuid(), email, customerId, TestOrders.Berlin, "standard", new CardDetails("4242 4242 4242 4242", "12/39", "123", "Grace Hopper")));
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
        return placed.OrderNumber!;
    }

    private static string Decode(string html) => WebUtility.HtmlDecode(html);

    [GeneratedRegex("data-testid=\"customer-orders\".*?</table>", RegexOptions.Singleline)]
    private static partial Regex AccountOrders();

    [GeneratedRegex("data-testid=\"guest-orders\".*?</table>", RegexOptions.Singleline)]
    private static partial Regex GuestOrders();
}
