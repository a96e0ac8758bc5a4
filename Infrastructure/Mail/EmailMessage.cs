namespace PeakShop.Infrastructure.Mail;

/// <summary>One rendered e-mail: both bodies, ready for the transport.</summary>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody);

public enum SendOutcome
{
    Sent,
    /// <summary>The ledger says this key was delivered before: nothing sent.</summary>
    AlreadySent,
}
