using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Infrastructure.Mail.Templates;

namespace PeakShop.Infrastructure.Mail;

public enum AccountEmailKind
{
    ConfirmAccount,
    ResetPasswordLink,
    ResetPasswordCode,
    /// <summary>Someone tried to register with an address that already has an account: sign in or reset the password.</summary>
    RegistrationAttempt,
}

/// <summary>The job's argument: everything the message needs, so the job does not depend on the token still being current.</summary>
public sealed record AccountEmail(AccountEmailKind Kind, string UserId, string To, string Value);

/// <summary>Account e-mail (Hangfire, queue <c>critical</c>): confirmation and password reset.</summary>
public sealed class AccountEmailJobs(EmailRenderer renderer, IdempotentMailer mailer)
{
    [Queue(JobQueues.Critical)]
    [DisplayName("Account e-mail {0}")]
    public async Task SendAsync(AccountEmail email, CancellationToken cancellationToken)
    {
        var (subject, title, intro, linkText) = email.Kind switch
        {
            AccountEmailKind.ConfirmAccount => ("Confirm your PeakShop account", "Confirm your account", "Welcome to PeakShop. Confirm your e-mail address to finish creating your account.", "Confirm my account"),
            AccountEmailKind.ResetPasswordLink => ("Reset your PeakShop password", "Reset your password", "Someone (hopefully you) asked to reset the password of your PeakShop account.", "Choose a new password"),
            AccountEmailKind.RegistrationAttempt => ("You already have a PeakShop account", "You already have an account",
                "Someone (hopefully you) tried to create a PeakShop account with this e-mail address, which already has one. "
                + "Sign in with your password, or choose a new one with the link below. If it was not you, you can ignore this message: nothing has changed.",
                "Choose a new password"),
            _ => ("Your PeakShop password reset code", "Reset your password", "Use this code to reset the password of your PeakShop account.", ""),
        };
        var link = email.Kind == AccountEmailKind.ResetPasswordCode ? null : email.Value;
        var code = email.Kind == AccountEmailKind.ResetPasswordCode ? email.Value : null;
        var html = await renderer.RenderAsync<AccountLinkEmail>(new Dictionary<string, object?>
        {
            [nameof(AccountLinkEmail.Title)] = title,
            [nameof(AccountLinkEmail.Intro)] = intro,
            [nameof(AccountLinkEmail.Link)] = link,
            [nameof(AccountLinkEmail.LinkText)] = linkText,
            [nameof(AccountLinkEmail.Code)] = code,
        });
        // One key per link or code: asking again sends a new message, a retry of the same job does not.
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Value)))[..16];
        await mailer.SendOnceAsync($"account-{email.Kind}:{email.UserId}:{fingerprint}",
            new EmailMessage(email.To, subject, html, EmailTexts.AccountLink(intro, link, code)), cancellationToken);
    }
}

/// <summary>Identity's e-mail sender: enqueues the message as a job, so a slow or absent SMTP server never holds up a page.</summary>
internal sealed class IdentityEmailSender(IBackgroundJobClient jobs) : IEmailSender<ShopUser>, IRegistrationNotices
{
    public Task SendConfirmationLinkAsync(ShopUser user, string email, string confirmationLink) =>
        Enqueue(new AccountEmail(AccountEmailKind.ConfirmAccount, user.Id, email, confirmationLink));

    public Task SendPasswordResetLinkAsync(ShopUser user, string email, string resetLink) =>
        Enqueue(new AccountEmail(AccountEmailKind.ResetPasswordLink, user.Id, email, resetLink));

    public Task SendPasswordResetCodeAsync(ShopUser user, string email, string resetCode) =>
        Enqueue(new AccountEmail(AccountEmailKind.ResetPasswordCode, user.Id, email, resetCode));

    /// <inheritdoc />
    public Task SendRegistrationAttemptAsync(ShopUser user, string email, string resetLink) =>
        Enqueue(new AccountEmail(AccountEmailKind.RegistrationAttempt, user.Id, email, resetLink));

    private Task Enqueue(AccountEmail email)
    {
        jobs.Enqueue<AccountEmailJobs>(j => j.SendAsync(email, CancellationToken.None));
        return Task.CompletedTask;
    }
}

/// <summary>The mail registration sends instead of a confirmation when the address already has an account.</summary>
public interface IRegistrationNotices
{
    /// <summary>Tells the account's owner that someone tried to register with the address, with a password reset link.</summary>
    Task SendRegistrationAttemptAsync(ShopUser user, string email, string resetLink);
}
