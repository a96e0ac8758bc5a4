using System.ComponentModel.DataAnnotations;
using PeakShop.Infrastructure.Mail;

namespace PeakShop.Infrastructure.Ordering.Checkout;

/// <summary>The countries the store ships to (ISO 3166-1 alpha-2) and their names.</summary>
public static class ShippingCountries
{
    public static readonly IReadOnlyDictionary<string, string> Supported = new Dictionary<string, string>
    {
        ["AT"] = "Austria",
        ["BE"] = "Belgium",
        ["DE"] = "Germany",
        ["ES"] = "Spain",
        ["FI"] = "Finland",
        ["FR"] = "France",
        ["IE"] = "Ireland",
        ["IT"] = "Italy",
        ["LU"] = "Luxembourg",
        ["NL"] = "Netherlands",
        ["PT"] = "Portugal",
    };
}

/// <summary>Validates an ISO 3166-1 alpha-2 code against <see cref="ShippingCountries.Supported"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SupportedCountryAttribute : ValidationAttribute
{
    public SupportedCountryAttribute()
        : base("We do not ship to this country.")
    {
    }

    public override bool IsValid(object? value) =>
        value is string code && ShippingCountries.Supported.ContainsKey(code);
}

/// <summary>An address as typed at checkout.</summary>
public class AddressForm
{
    [Required(ErrorMessage = "Enter the full name.")]
    [StringLength(200)]
    public string? FullName { get; set; }

    [Required(ErrorMessage = "Enter the street address.")]
    [StringLength(200)]
    public string? Line1 { get; set; }

    [StringLength(200)]
    public string? Line2 { get; set; }

    [Required(ErrorMessage = "Enter the town or city.")]
    [StringLength(100)]
    public string? City { get; set; }

    [Required(ErrorMessage = "Enter the postal code.")]
    [RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9 \-]{1,8}[A-Za-z0-9]$", ErrorMessage = "Enter a valid postal code.")]
    public string? PostalCode { get; set; }

    [StringLength(100)]
    public string? Region { get; set; }

    [Required(ErrorMessage = "Choose a country.")]
    [SupportedCountry]
    public string? Country { get; set; }

    // Not [Phone]: it rejects the empty string a blank optional field posts.
    [RegularExpression(@"^\+?[0-9 ()\-/.]{6,30}$", ErrorMessage = "Enter a valid phone number.")]
    [StringLength(40)]
    public string? Phone { get; set; }

    public Address ToAddress() => new()
    {
        FullName = FullName!.Trim(),
        Line1 = Line1!.Trim(),
        Line2 = string.IsNullOrWhiteSpace(Line2) ? null : Line2.Trim(),
        City = City!.Trim(),
        PostalCode = PostalCode!.Trim().ToUpperInvariant(),
        Region = string.IsNullOrWhiteSpace(Region) ? null : Region.Trim(),
        Country = Country!,
        Phone = string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(),
    };
}

/// <summary>
/// The checkout form: contact, shipping address (inherited, so the form validator sees every field),
/// shipping method, card and the idempotency key.
/// </summary>
public sealed class CheckoutForm : AddressForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [ShopEmail]
    [StringLength(256)]
    public string? Email { get; set; }

    [Required]
    public string ShippingMethod { get; set; } = ShippingMethods.Standard.Code;

    [Required(ErrorMessage = "Enter the card number.")]
    [StringLength(23)]
    public string? CardNumber { get; set; }

    [Required(ErrorMessage = "Enter the expiry date.")]
    [StringLength(7)]
    public string? CardExpiry { get; set; }

    [Required(ErrorMessage = "Enter the security code.")]
    [StringLength(4)]
    public string? CardCvc { get; set; }

    /// <summary>Generated when the form renders; the same key twice makes one order.</summary>
    [Required]
    public Guid? IdempotencyKey { get; set; }
}
