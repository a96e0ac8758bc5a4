using System.Globalization;

namespace PeakShop.Web.Components.Shared;

public static class Money
{
    private static readonly CultureInfo Euro = CultureInfo.GetCultureInfo("en-IE");

    /// <summary>Formats an amount in its own currency, e.g. €1,234.99.</summary>
    public static string Format(decimal amount, string currency) =>
        currency == "EUR"
            ? amount.ToString("C", Euro)
            : string.Create(CultureInfo.InvariantCulture, $"{amount:N2} {currency}");
}
