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

    /// <summary>
    /// Posts the product page's add-to-cart form (the product page belongs to the catalog slice) with the
    /// browser's own cookies and an antiforgery token taken from a page of this site; returns where it redirects.
    /// </summary>
    public static async Task<string> AddToCartAsync(IPage page, int productId, int quantity)
    {
        await page.GotoAsync("/account/login");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.GetAttributeAsync("value");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("productId", productId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form.Set("quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        form.Set("returnUrl", "/");
        var response = await page.Context.APIRequest.PostAsync("/cart/items", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(303, response.Status);
        return response.Headers["location"];
    }

    /// <summary>Fills and sends the registration form; registering signs nobody in, it ends on "check your e-mail".</summary>
    public static async Task RegisterAsync(IPage page, string email, string password = TestData.Password)
    {
        await page.GotoAsync("/account/register");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.Locator("input[name='Input.ConfirmPassword']").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync("**/account/check-email");
    }

    /// <summary>Signs in through the form and waits for the account's orders, where sign-in lands.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = TestData.Password)
    {
        await page.GotoAsync("/account/login");
        await page.Locator("input[name='Input.Email']").FillAsync(email);
        await page.Locator("input[name='Input.Password']").FillAsync(password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/account/orders");
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
