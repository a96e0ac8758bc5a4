using System.ComponentModel.DataAnnotations;
using PeakShop.Infrastructure.Ordering.Checkout;

namespace PeakShop.Unit.Tests.Infrastructure.Ordering.Checkout;

public sealed class AddressValidationTests
{
    private static CheckoutForm Valid() => new()
    {
        Email = "ada@example.com",
        FullName = "Ada Lovelace",
        Line1 = "Hauptstraße 1",
        City = "Berlin",
        PostalCode = "10115",
        Country = "DE",
        CardNumber = "4242424242424242",
        CardExpiry = "12/39",
        CardCvc = "123",
        IdempotencyKey = Guid.NewGuid(),
    };

    private static List<ValidationResult> Validate(CheckoutForm form)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Validate_CompleteForm_HasNoErrors() => Assert.Empty(Validate(Valid()));

    [Theory]
    [InlineData(nameof(CheckoutForm.FullName))]
    [InlineData(nameof(CheckoutForm.Line1))]
    [InlineData(nameof(CheckoutForm.City))]
    [InlineData(nameof(CheckoutForm.PostalCode))]
    [InlineData(nameof(CheckoutForm.Country))]
    [InlineData(nameof(CheckoutForm.Email))]
    public void Validate_MissingRequiredField_IsAnError(string field)
    {
        var form = Valid();
        typeof(CheckoutForm).GetProperty(field)!.SetValue(form, null);

        Assert.Contains(Validate(form), r => r.MemberNames.Contains(field));
    }

    [Theory]
    [InlineData("US")]
    [InlineData("de")]
    [InlineData("DEU")]
    [InlineData("XX")]
    public void Validate_UnsupportedCountry_IsAnError(string country)
    {
        var form = Valid();
        form.Country = country;

        var error = Assert.Single(Validate(form));
        Assert.Equal("We do not ship to this country.", error.ErrorMessage);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("<script>")]
    [InlineData("12345678901")]
    public void Validate_MalformedPostalCode_IsAnError(string postalCode)
    {
        var form = Valid();
        form.PostalCode = postalCode;

        Assert.Contains(Validate(form), r => r.MemberNames.Contains(nameof(CheckoutForm.PostalCode)));
    }

    [Theory]
    [InlineData("SW1A 1AA")]
    [InlineData("1012-AB")]
    [InlineData("75001")]
    public void Validate_RealPostalCodes_AreAccepted(string postalCode)
    {
        var form = Valid();
        form.PostalCode = postalCode;

        Assert.Empty(Validate(form));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("+49 30 1234567", true)]
    [InlineData("call me", false)]
    public void Validate_OptionalPhone_AcceptsBlankOrANumber(string? phone, bool valid)
    {
        var form = Valid();
        form.Phone = phone;
        form.Line2 = "";
        form.Region = "";

        Assert.Equal(valid, Validate(form).Count == 0);
    }

    [Fact]
    public void Validate_TooLongName_IsAnError()
    {
        var form = Valid();
        form.FullName = new string('a', 201);

        Assert.Contains(Validate(form), r => r.MemberNames.Contains(nameof(CheckoutForm.FullName)));
    }

    [Fact]
    public void ToAddress_TrimsAndNormalises()
    {
        var form = Valid();
        form.PostalCode = " sw1a 1aa ";
        form.Line2 = "  ";

        var address = form.ToAddress();

        Assert.Equal("SW1A 1AA", address.PostalCode);
        Assert.Null(address.Line2);
    }

    [Theory]
    [InlineData("standard", 49.99, 4.95)]
    [InlineData("standard", 50, 0)]
    [InlineData("express", 500, 12.95)]
    public void ShippingMethod_PriceFor_AppliesTheFreeThreshold(string code, decimal subtotal, decimal expected) =>
        Assert.Equal(expected, ShippingMethods.Find(code)!.PriceFor(subtotal));
}
