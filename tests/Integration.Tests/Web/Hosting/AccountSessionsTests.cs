using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>Two real Web processes on the shared platform, started once for the class.</summary>
public sealed class TwoReplicas : IAsyncLifetime
{
    public WebProcess A { get; private set; } = null!;
    public WebProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = await WebProcess.StartAsync(null, new Dictionary<string, string> { ["Replica__Name"] = "web-a" });
        B = await WebProcess.StartAsync(null, new Dictionary<string, string> { ["Replica__Name"] = "web-b" });
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}

/// <summary>
/// Ended sessions and removed roles stop working at once on every replica (ADR 14): the ps_auth cookie holds a
/// session key, the session is in Redis, and every revocation deletes it there. Each check replays the old
/// cookie, as a thief or a second browser would, against both Web processes.
/// </summary>
public sealed class AccountSessionsTests(ShopFactory factory, TwoReplicas replicas, ITestOutputHelper output)
    : IClassFixture<ShopFactory>, IClassFixture<TwoReplicas>
{
    private const string Password = StaffAccounts.Password;

    [Fact]
    public async Task DemotedAdmin_IsRefusedAdminAtOnce_OnEveryReplica()
    {
        var (_, adminEmail) = await CreateUserAsync(ShopRoles.Admin);
        var (demotedId, demotedEmail) = await CreateUserAsync(ShopRoles.Admin);
        var admin = await SignInAsync(replicas.A, adminEmail);
        var demoted = await SignInAsync(replicas.B, demotedEmail);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.A, "/admin/staff", demoted));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.B, "/admin/staff", demoted));

        // Another Admin makes them Staff through the staff page on replica A.
        using (var response = await PostFormAsync(replicas.A, $"/admin/staff/{demotedId}", admin,
            [new("_handler", "staff-roles"), new("Input.Staff", "true")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        foreach (var replica in new[] { replicas.A, replicas.B })
        {
            AssertSignedOut(await SendAsync(replica, "/admin/staff", demoted));
            AssertSignedOut(await SendAsync(replica, "/admin", demoted));
        }
        // Signing in again gives the new roles: Staff, not Admin.
        var again = await SignInAsync(replicas.B, demotedEmail);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(replicas.A, "/admin/staff", again));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.B, "/admin/products", again));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.A, "/admin/staff", admin));
    }

    [Fact]
    public async Task RemovedStaff_IsRefusedAdminAtOnce_OnEveryReplica_AndStaysACustomer()
    {
        var (_, adminEmail) = await CreateUserAsync(ShopRoles.Admin);
        var (removedId, removedEmail) = await CreateUserAsync(ShopRoles.Staff);
        var admin = await SignInAsync(replicas.B, adminEmail);
        var removed = await SignInAsync(replicas.A, removedEmail);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.B, "/admin/products", removed));
        Assert.Contains("Signed in on 1 browser", await HtmlAsync(replicas.A, $"/admin/staff/{removedId}", admin), StringComparison.Ordinal);

        using (var response = await PostFormAsync(replicas.B, $"/admin/staff/{removedId}", admin,
            [new("_handler", "staff-remove"), new("Remove", "true")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        foreach (var replica in new[] { replicas.A, replicas.B })
        {
            AssertSignedOut(await SendAsync(replica, "/admin/products", removed));
        }
        var customer = await SignInAsync(replicas.A, removedEmail);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(replicas.B, "/admin", customer));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.B, "/account/orders", customer));
    }

    [Fact]
    public async Task SignOut_MakesTheOldCookieAnonymous_OnEveryReplica()
    {
        var (_, email) = await CreateUserAsync();
        var cookie = await SignInAsync(replicas.A, email);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.B, "/account/orders", cookie));

        using (var response = await PostFormAsync(replicas.B, "/account/orders", cookie, [], action: "/account/logout"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        // The browser dropped the cookie; a copy of it (a thief's, a stale tab's) is worth nothing now.
        AssertSignedOut(await SendAsync(replicas.A, "/account/orders", cookie));
        AssertSignedOut(await SendAsync(replicas.B, "/account/orders", cookie));
    }

    [Fact]
    public async Task SignOutEverywhere_EndsTheOtherBrowsersSession()
    {
        var (_, email) = await CreateUserAsync();
        var laptop = await SignInAsync(replicas.A, email);
        var phone = await SignInAsync(replicas.B, email);
        var sessionsPage = await HtmlAsync(replicas.A, "/account/sessions", laptop);
        Assert.Contains("This browser", sessionsPage, StringComparison.Ordinal);
        Assert.Equal(2, CountOccurrences(sessionsPage, "class=\"card session-row\""));

        using (var response = await PostFormAsync(replicas.A, "/account/sessions", laptop, [], action: "/account/sign-out-everywhere"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        }

        AssertSignedOut(await SendAsync(replicas.B, "/account/orders", phone));
        AssertSignedOut(await SendAsync(replicas.A, "/account/orders", phone));
        AssertSignedOut(await SendAsync(replicas.B, "/account/orders", laptop));
    }

    [Fact]
    public async Task PasswordReset_EndsEverySessionOfThatUser_AndNoOtherUsers()
    {
        var (userId, email) = await CreateUserAsync();
        var (_, otherEmail) = await CreateUserAsync();
        var first = await SignInAsync(replicas.A, email);
        var second = await SignInAsync(replicas.B, email);
        var other = await SignInAsync(replicas.A, otherEmail);

        string code;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var token = await users.GeneratePasswordResetTokenAsync((await users.FindByIdAsync(userId))!);
            code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        }
        var resetPath = $"/account/reset-password?email={Uri.EscapeDataString(email)}&code={code}";
        using (var response = await PostFormAsync(replicas.B, resetPath, cookie: null,
            [new("_handler", "reset-password"), new("Input.Email", email), new("Input.Code", code),
                new("Input.Password", "New-Peak-Shop-2026!"), new("Input.ConfirmPassword", "New-Peak-Shop-2026!")]))
        {
            Assert.Contains("Your password has been changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var replica in new[] { replicas.A, replicas.B })
        {
            AssertSignedOut(await SendAsync(replica, "/account/orders", first));
            AssertSignedOut(await SendAsync(replica, "/account/orders", second));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(replica, "/account/orders", other));
        }
    }

    [Fact]
    public async Task TamperedOrUnknownSessionKey_IsAnonymous_NotAnError()
    {
        var (_, email) = await CreateUserAsync();
        var real = await SignInAsync(replicas.A, email);
        var options = factory.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        // Correctly protected (the shared Data Protection keys), naming sessions that do not exist.
        string Forged(string key) => options.TicketDataFormat.Protect(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("Microsoft.AspNetCore.Authentication.Cookies-SessionId", key)], IdentityConstants.ApplicationScheme)),
            IdentityConstants.ApplicationScheme));
        var hostile = new[]
        {
            real[..^4] + "AAAA",
            real[..(real.Length / 2)],
            "not-a-ticket",
            new string('A', 3000),
            Forged(Convert.ToBase64String(new byte[32]).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
            Forged("../../etc/passwd"),
            Forged(new string('x', 10_000)),
            Forged(""),
        };
        foreach (var cookie in hostile)
        {
            foreach (var replica in new[] { replicas.A, replicas.B })
            {
                var response = await SendAsync(replica, "/account/orders", cookie);
                output.WriteLine($"{cookie[..Math.Min(20, cookie.Length)]}… → {(int)response.StatusCode}");
                AssertSignedOut(response);
                Assert.Equal(HttpStatusCode.OK, await StatusAsync(replica, "/", cookie));
            }
        }
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.B, "/account/orders", real));
    }

    [Fact]
    public async Task StaffCookieWithAnOldSecurityStamp_IsRefused_EvenWhenTheSessionIsStillInRedis()
    {
        var (userId, email) = await CreateUserAsync(ShopRoles.Staff);
        var cookie = await SignInAsync(replicas.A, email);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(replicas.A, "/admin/products", cookie));

        // A stamp change the session store did not hear about (as when Redis was unreachable at that moment).
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
            var user = (await users.FindByIdAsync(userId))!;
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        AssertSignedOut(await SendAsync(replicas.B, "/admin/products", cookie));
    }

    private async Task<(string Id, string Email)> CreateUserAsync(params string[] roles)
    {
        var email = $"session-{Guid.NewGuid():N}@example.com";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        foreach (var role in roles)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
        return (user.Id, email);
    }

    /// <summary>Signs in through the real form on one replica; the ps_auth cookie's value.</summary>
    internal static async Task<string> SignInAsync(WebProcess replica, string email, string password = Password)
    {
        var cookies = new CookieContainer();
        using var session = new ShopSession(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true })
        {
            BaseAddress = replica.BaseAddress,
        });
        var html = await session.GetHtmlAsync("/account/login");
        using var response = await session.PostAsync("/account/login",
            [new("_handler", "login"), new("Input.Email", email), new("Input.Password", password)], ShopSession.Token(html));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return cookies.GetCookies(replica.BaseAddress)["ps_auth"]?.Value ?? throw new InvalidOperationException("no ps_auth cookie");
    }

    /// <summary>A GET with only this ps_auth cookie (a copy of a browser's), no redirects followed.</summary>
    internal static async Task<HttpResponseMessage> SendAsync(WebProcess replica, string path, string? cookie)
    {
        using var client = Cookieless(replica);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"ps_auth={cookie}");
        }
        var response = await client.SendAsync(request);
        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
        return response;
    }

    private static async Task<HttpStatusCode> StatusAsync(WebProcess replica, string path, string cookie)
    {
        using var response = await SendAsync(replica, path, cookie);
        return response.StatusCode;
    }

    private static async Task<string> HtmlAsync(WebProcess replica, string path, string cookie)
    {
        using var response = await SendAsync(replica, path, cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>GETs the page (antiforgery token and cookie), then posts the form to <paramref name="action"/> (default: the page).</summary>
    private static async Task<HttpResponseMessage> PostFormAsync(WebProcess replica, string page, string? cookie,
        List<KeyValuePair<string, string>> fields, string? action = null)
    {
        using var client = Cookieless(replica);
        using var get = new HttpRequestMessage(HttpMethod.Get, page);
        if (cookie is not null)
        {
            get.Headers.Add("Cookie", $"ps_auth={cookie}");
        }
        using var form = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var antiforgery = (form.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
            .Select(c => c.Split(';')[0]).Where(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        // Forms on personal pages carry a token; the header's sign-out form does not (it is on shared pages, ADR 20).
        var html = await form.Content.ReadAsStringAsync();
        if (html.Contains("__RequestVerificationToken", StringComparison.Ordinal))
        {
            fields.Add(new("__RequestVerificationToken", ShopSession.Token(html)));
        }
        var post = new HttpRequestMessage(HttpMethod.Post, action ?? page) { Content = new FormUrlEncodedContent(fields) };
        post.Headers.Add("Cookie", string.Join("; ", antiforgery.Concat(cookie is null ? [] : [$"ps_auth={cookie}"])));
        post.Headers.Add("Origin", replica.BaseAddress.GetLeftPart(UriPartial.Authority));
        var response = await client.SendAsync(post);
        Assert.True((int)response.StatusCode < 500, $"POST {action ?? page}: {(int)response.StatusCode}");
        return response;
    }

    private static HttpClient Cookieless(WebProcess replica) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Anonymous: a page that needs sign-in sends the browser to the sign-in form.</summary>
    internal static void AssertSignedOut(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Redirect
                && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true,
                $"{response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    private static int CountOccurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
