using System.Net;
using PeakShop.Infrastructure.Customers;
using PeakShop.Web.Hosting;
using PeakShop.Web.Shopper;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// Sign-in throttling that tells nobody which accounts exist and lets nobody lock the owner out, on two Web
/// processes sharing the limits (ADR 15).
/// </summary>
[Collection(LimitedReplicasCollection.Name)]
public sealed class AccountSignInTests(LimitedReplicas replicas)
{
    private const string NotRight = "E-mail or password is not right.";
    private static readonly string WindowMessage = $"Too many attempts — try again in {LimitedReplicas.Window.TotalMinutes} minutes.";

    [Fact]
    public async Task SignIn_AnswersExistingAndMissingAccountsAlike_BeforeAndAfterTheLimit()
    {
        var existing = await replicas.CreateAccountAsync();
        var missing = $"rl-nobody-{Guid.NewGuid():N}@example.com";
        var answers = new Dictionary<string, List<(HttpStatusCode, string, bool)>>();
        foreach (var email in new[] { existing, missing })
        {
            // One attacker address per account, so the per-account-and-address limit is the one reached.
            using var attacker = replicas.Open(LimitedReplicas.NewAddress());
            var seen = answers[email] = [];
            for (var i = 0; i <= LimitedReplicas.Limits["SignInPerAccountAndIp"]; i++)
            {
                using var attempt = await attacker.SignInAsync(email, "Wrong-Password-" + i);
                seen.Add((attempt.StatusCode, LimitedReplicas.Browser.Alert(await attempt.Content.ReadAsStringAsync()), attempt.Headers.RetryAfter is not null));
            }
        }

        Assert.Equal(answers[existing], answers[missing]);
        Assert.All(answers[existing].SkipLast(1), a => Assert.Equal((HttpStatusCode.OK, NotRight, false), a));
        Assert.Equal((HttpStatusCode.TooManyRequests, WindowMessage, true), answers[existing][^1]);
    }

    [Fact]
    public async Task SignIn_FromTheOwnersKnownDevice_WorksWhileAnAttackerIsThrottled()
    {
        var admin = await replicas.CreateAccountAsync(ShopRoles.Admin);
        using var owner = replicas.Open(LimitedReplicas.NewAddress());
        using (var first = await owner.SignInAsync(admin, StaffAccounts.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        }
        Assert.Contains(owner.Cookies.GetAllCookies(), c => c.Name == KnownDevices.CookieName);
        // Signed out again (the session cookie gone); the device cookie stays, as it does in a browser.
        foreach (Cookie cookie in owner.Cookies.GetAllCookies())
        {
            cookie.Expired = cookie.Name == AccountHosting.CookieName;
        }

        // An attacker from a new address for each guess: only the per-account limit can stop them.
        var refused = 0;
        for (var i = 0; i < LimitedReplicas.Limits["SignInPerAccount"] + 2; i++)
        {
            using var attacker = replicas.Open(LimitedReplicas.NewAddress());
            using var guess = await attacker.SignInAsync(admin, "Guess-" + i);
            refused += guess.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }
        using var newBrowser = replicas.Open(LimitedReplicas.NewAddress());
        using var withoutDevice = await newBrowser.SignInAsync(admin, StaffAccounts.Password);
        using var fromDevice = await owner.SignInAsync(admin, StaffAccounts.Password);
        using var adminPage = await owner.GetAsync("/admin");

        // The owner's first sign-in counted too (no device cookie yet): 1 + limit + 2 attempts, 3 over the limit.
        Assert.Equal(3, refused);
        Assert.Equal(HttpStatusCode.TooManyRequests, withoutDevice.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, fromDevice.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminPage.StatusCode);
    }

    [Fact]
    public async Task SignIn_ManyAccountsFromOneAddress_IsRefusedAtThePerAddressLimit()
    {
        using var sprayer = replicas.Open(LimitedReplicas.NewAddress());
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= LimitedReplicas.Limits["SignInPerIp"]; i++)
        {
            using var attempt = await sprayer.SignInAsync($"rl-spray-{Guid.NewGuid():N}@example.com", "Summer2026!");
            statuses.Add(attempt.StatusCode);
        }

        Assert.All(statuses.SkipLast(1), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task SignIn_ForgedKnownDeviceCookie_IsIgnored()
    {
        var account = await replicas.CreateAccountAsync();
        using var attacker = replicas.Open(LimitedReplicas.NewAddress());
        attacker.Cookies.Add(new Cookie(KnownDevices.CookieName, "forged-device", "/account", "127.0.0.1"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= LimitedReplicas.Limits["SignInPerAccountAndIp"]; i++)
        {
            using var attempt = await attacker.SignInAsync(account, "Wrong-" + i);
            statuses.Add(attempt.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
