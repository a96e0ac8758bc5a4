using PeakShop.Testing;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>Account e-mail through the real worker and smtp4dev: confirmation on sign-up, password reset by link.</summary>
/// <remarks>The worker fixture runs the Hangfire server that sends what the pages enqueue.</remarks>
public sealed partial class AccountEmailTests(ShopFactory factory) : IClassFixture<JobsWorker>, IClassFixture<ShopFactory>, IDisposable
{
    private const string Password = "Peak-Shop-2026!";
    private readonly MailInbox _inbox = new();

    [Fact]
    public async Task Register_SendsAConfirmationLink_ThatConfirmsTheAddress()
    {
        var email = TestOrders.NewRecipient("signup");
        using var shopper = ShopSession.Open(factory);
        await shopper.RegisterAsync(email, Password);

        var link = await LinkInMailAsync(email, "/account/confirm-email");
        var page = await shopper.GetHtmlAsync(link);

        Assert.Contains("your e-mail address is confirmed", page, StringComparison.Ordinal);
        Assert.True((await UserAsync(email)).EmailConfirmed);
        // A tampered link confirms nothing.
        var tampered = await shopper.GetHtmlAsync(link.Replace("code=", "code=x", StringComparison.Ordinal));
        Assert.Contains("invalid or has expired", tampered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_WithAnAddressIdentityWouldNotTakeAsAUserName_CreatesTheAccountAndMailsIt()
    {
        // An apostrophe: a valid e-mail address, outside Identity's default user-name characters.
        var address = "o'brien+" + TestOrders.NewRecipient("apostrophe");
        using var visitor = ShopSession.Open(factory);
        var form = await visitor.GetHtmlAsync("/account/register");

        using var response = await visitor.PostAsync("/account/register",
            [new("_handler", "register"), new("Input.Email", address), new("Input.Password", Password), new("Input.ConfirmPassword", Password)],
            ShopSession.Token(form));

        Assert.EndsWith("/account/check-email", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await LinkInMailAsync(address, "/account/confirm-email");
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.NotNull(await scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>().FindByEmailAsync(address));
    }

    [Fact]
    public async Task Register_WithAKnownAddress_AnswersTheSame_AndMailsTheOwnerInstead()
    {
        var known = TestOrders.NewRecipient("taken");
        using (var owner = ShopSession.Open(factory))
        {
            await owner.RegisterAsync(known, Password);
        }
        await LinkInMailAsync(known, "/account/confirm-email");
        var fresh = TestOrders.NewRecipient("fresh");

        var answers = new List<string>();
        foreach (var address in new[] { fresh, known })
        {
            using var visitor = ShopSession.Open(factory);
            var form = await visitor.GetHtmlAsync("/account/register");
            using var response = await visitor.PostAsync("/account/register",
                [new("_handler", "register"), new("Input.Email", address), new("Input.Password", "Other-Pass-2026!"), new("Input.ConfirmPassword", "Other-Pass-2026!")],
                ShopSession.Token(form));
            var page = await visitor.GetHtmlAsync("/account/check-email");
            Assert.Contains(address, page, StringComparison.Ordinal);
            // Nobody is signed in by registering, whichever the address.
            Assert.DoesNotContain("Sign out", page, StringComparison.Ordinal);
            answers.Add($"{(int)response.StatusCode} {response.Headers.Location} {MainOf(page).Replace(address, "ADDRESS", StringComparison.Ordinal)}");
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Contains("Check your e-mail", answers[0], StringComparison.Ordinal);
        // The new address gets its confirmation; the owner of the known one a notice with a way back in.
        await LinkInMailAsync(fresh, "/account/confirm-email");
        var reset = await LinkInMailAsync(known, "/account/reset-password");
        var notice = (await _inbox.ToAsync(known)).Single(m => m.Subject == "You already have a PeakShop account");
        Assert.Contains("tried to create a PeakShop account", await _inbox.PlainTextAsync(notice.Id), StringComparison.Ordinal);
        Assert.Contains("code=", reset, StringComparison.Ordinal);
        // The attempt changed nothing: the owner's password still works, the attempt's does not.
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = (await users.FindByEmailAsync(known))!;
        Assert.True(await users.CheckPasswordAsync(user, Password));
        Assert.False(await users.CheckPasswordAsync(user, "Other-Pass-2026!"));
    }

    private static string MainOf(string html) => Regex.Match(html, "<main[^>]*>.*</main>", RegexOptions.Singleline).Value;

    [Fact]
    public async Task ForgotPassword_SendsALink_ThatSetsANewPassword()
    {
        var email = TestOrders.NewRecipient("forgot");
        using (var account = ShopSession.Open(factory))
        {
            await account.RegisterAsync(email, Password);
        }
        using var visitor = ShopSession.Open(factory);
        var form = await visitor.GetHtmlAsync("/account/forgot-password");
        using (var asked = await visitor.PostAsync("/account/forgot-password", [new("_handler", "forgot-password"), new("Input.Email", email)], ShopSession.Token(form)))
        {
            Assert.Contains("If an account uses that address", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var link = await LinkInMailAsync(email, "/account/reset-password");
        var reset = await visitor.GetHtmlAsync(link);
        const string newPassword = "New-Peak-Pass-2026!";
        using (var changed = await visitor.PostAsync(link,
            [new("_handler", "reset-password"), new("Input.Email", ShopSession.Field(reset, "Input.Email")!), new("Input.Code", ShopSession.Field(reset, "Input.Code")!),
             new("Input.Password", newPassword), new("Input.ConfirmPassword", newPassword)], ShopSession.Token(reset)))
        {
            Assert.Contains("Your password has been changed", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True(await users.CheckPasswordAsync(user, newPassword));
        Assert.False(await users.CheckPasswordAsync(user, Password));
    }

    [Fact]
    public async Task ForgotPassword_ForAnUnknownAddress_AnswersTheSame_AndSendsNothing()
    {
        var unknown = TestOrders.NewRecipient("nobody");
        var known = TestOrders.NewRecipient("somebody");
        using (var account = ShopSession.Open(factory))
        {
            await account.RegisterAsync(known, Password);
        }
        using var visitor = ShopSession.Open(factory);
        string Answer(string html) => Regex.Match(html, "<p class=\"notice-ok\"[^>]*>([^<]*)</p>").Groups[1].Value;
        var answers = new List<string>();
        foreach (var address in new[] { unknown, known })
        {
            var form = await visitor.GetHtmlAsync("/account/forgot-password");
            using var asked = await visitor.PostAsync("/account/forgot-password", [new("_handler", "forgot-password"), new("Input.Email", address)], ShopSession.Token(form));
            answers.Add(Answer(await asked.Content.ReadAsStringAsync()));
        }

        // The known address's message arriving shows the worker got that far; the unknown one got nothing.
        await LinkInMailAsync(known, "/account/reset-password");
        Assert.Empty(await _inbox.ToAsync(unknown));
        Assert.Equal(answers[0], answers[1]);
        Assert.NotEmpty(answers[0]);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("X-Forwarded-Host")]
    public async Task ForgotPassword_WithAForgedHost_MailsALinkOnThePublicBaseUrl(string header)
    {
        var email = TestOrders.NewRecipient("poison");
        using (var account = ShopSession.Open(factory))
        {
            await account.RegisterAsync(email, Password);
        }
        // The attacker's request names their own host (as Host through the client's base address, or as X-Forwarded-Host).
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            // https, as the forwarded proto claims: over https every cookie (antiforgery too) is Secure.
            BaseAddress = new Uri(header == "Host" ? "https://evil.example/" : "https://localhost/"),
        });
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var attacker = new ShopSession(client);
        var form = await attacker.GetHtmlAsync("/account/forgot-password");
        using (var asked = await attacker.PostAsync("/account/forgot-password", [new("_handler", "forgot-password"), new("Input.Email", email)], ShopSession.Token(form)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, asked.StatusCode);
        }

        var link = await AbsoluteLinkInMailAsync(email, "/account/reset-password");
        Assert.StartsWith(ShopFactory.PublicBaseUrl + "/account/reset-password?", link.AbsoluteUri, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", link.AbsoluteUri, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Register_WithAForgedHost_MailsAConfirmationLinkOnThePublicBaseUrl()
    {
        var email = TestOrders.NewRecipient("poison-signup");
        using var attacker = new ShopSession(factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("http://evil.example/"),
        }));
        await attacker.RegisterAsync(email, Password);

        var link = await AbsoluteLinkInMailAsync(email, "/account/confirm-email");
        Assert.StartsWith(ShopFactory.PublicBaseUrl + "/account/confirm-email?", link.AbsoluteUri, StringComparison.Ordinal);
    }

    public void Dispose() => _inbox.Dispose();

    /// <summary>The path and query of the link to <paramref name="path"/> in the message to <paramref name="to"/>.</summary>
    private async Task<string> LinkInMailAsync(string to, string path) => (await AbsoluteLinkInMailAsync(to, path)).PathAndQuery;

    /// <summary>The link to <paramref name="path"/> in the message to <paramref name="to"/>, as written.</summary>
    private async Task<Uri> AbsoluteLinkInMailAsync(string to, string path)
    {
        // The sign-up confirmation may arrive first: wait for the message that carries this link.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var seen = 1;
        while (true)
        {
            var messages = await _inbox.WaitForAsync(to, seen, deadline - DateTime.UtcNow);
            foreach (var message in messages)
            {
                var text = await _inbox.PlainTextAsync(message.Id);
                if (LinkPattern().Matches(text).Select(m => new Uri(m.Value)).FirstOrDefault(u => u.AbsolutePath == path) is { } uri)
                {
                    return uri;
                }
            }
            seen = messages.Count + 1;
        }
    }

    private async Task<ShopUser> UserAsync(string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>().FindByEmailAsync(email))!;
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex LinkPattern();
}
