using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace PeakShop.Infrastructure.Mail;

/// <summary>The SMTP server the Jobs process sends through (section <c>Smtp</c>; env <c>Smtp__Host</c> …).</summary>
public sealed record SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>The sender, e.g. <c>PeakShop &lt;shop@peakshop.test&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "";

    /// <summary>Upgrade with STARTTLS when the server offers it (a real relay); the local smtp4dev has no TLS.</summary>
    public bool UseStartTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Range(1, 300)]
    public int TimeoutSeconds { get; set; } = 15;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(From) && !EmailAddresses.TryParse(From, out _))
        {
            yield return new ValidationResult($"Smtp:From '{From}' is not an e-mail address.", [nameof(From)]);
        }
    }

    internal MailboxAddress Sender() =>
        EmailAddresses.TryParse(From, out var sender) ? sender! : throw new InvalidOperationException("Smtp:From is invalid");
}
