using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PeakShop.EndToEnd.Tests.Storefront;

/// <summary>What a shopper does on the checkout page, shared by the checkout and journey tests.</summary>
internal static partial class CheckoutSteps
{
    public static async Task FillAsync(IPage page, string card, string? email)
    {
        if (email is not null)
        {
            await page.Locator("input[name='Form.Email']").FillAsync(email);
        }
        await page.Locator("input[name='Form.FullName']").FillAsync("Ada Lovelace");
        await page.Locator("input[name='Form.Line1']").FillAsync("Hauptstraße 1");
        await page.Locator("input[name='Form.PostalCode']").FillAsync("10115");
        await page.Locator("input[name='Form.City']").FillAsync("Berlin");
        await page.Locator("select[name='Form.Country']").SelectOptionAsync("DE");
        await page.Locator("input[name='Form.CardNumber']").FillAsync(card);
        await page.Locator("input[name='Form.CardExpiry']").FillAsync("12/39");
        await page.Locator("input[name='Form.CardCvc']").FillAsync("123");
    }

    public static async Task WaitForConfirmationAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync(ConfirmationPattern(), new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // Say what the page showed instead (a validation or payment message).
            throw new InvalidOperationException($"no confirmation; at {page.Url}: {await page.ContentAsync()}");
        }
    }

    [GeneratedRegex(@"/checkout/confirmation/PS-\d{4}-\d{6}$")]
    private static partial Regex ConfirmationPattern();
}
