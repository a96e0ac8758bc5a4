using MimeKit;

namespace PeakShop.Infrastructure.Mail;

/// <summary>Syntax checks for addresses we send to: one mailbox, a local part and a dotted or bracketed domain.</summary>
public static class EmailAddresses
{
    private static readonly ParserOptions Strict = new() { AllowAddressesWithoutDomain = false, AddressParserComplianceMode = RfcComplianceMode.Strict };

    public static bool TryParse(string? text, out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 320)
        {
            return false;
        }
        if (!MailboxAddress.TryParse(Strict, text.Trim(), out var parsed))
        {
            return false;
        }
        var at = parsed.Address.LastIndexOf('@');
        var domain = at > 0 ? parsed.Address[(at + 1)..] : "";
        if (at <= 0 || domain.Length == 0 || domain.StartsWith('.') || domain.EndsWith('.')
            || (!domain.Contains('.', StringComparison.Ordinal) && domain != "localhost")
            || parsed.Address.Any(char.IsWhiteSpace))
        {
            return false;
        }
        mailbox = parsed;
        return true;
    }

    public static bool IsValid(string? text) => TryParse(text, out _);
}

/// <summary>
/// The one e-mail rule of every form (checkout, register, sign-in, forgot password, staff): <see cref="EmailAddresses.IsValid"/>,
/// the same syntax the mailer sends to, at most 256 characters (Identity's column). Empty is left to <c>[Required]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class ShopEmailAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public const int MaxLength = 256;

    public ShopEmailAttribute()
        : base("Enter a valid e-mail address.")
    {
    }

    public override bool IsValid(object? value) =>
        value is null || (value is string text && (text.Length == 0 || (text.Length <= MaxLength && Validation.ShopText.IsClean(text) && !text.Trim().Any(char.IsWhiteSpace) && EmailAddresses.IsValid(text))));
}
