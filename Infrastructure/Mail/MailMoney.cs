using System.Globalization;

namespace PeakShop.Infrastructure.Mail;

/// <summary>Amounts in e-mail, formatted as the storefront shows them (€1,234.99).</summary>
public static class MailMoney
{
    private static readonly CultureInfo Euro = CultureInfo.GetCultureInfo("en-IE");

    public static string Format(decimal amount, string currency) =>
        currency.Trim() == "EUR"
            ? amount.ToString("C", Euro)
            : string.Create(CultureInfo.InvariantCulture, $"{amount:N2} {currency.Trim()}");
}
