using System.Net;

namespace PeakShop.Integration.Tests.Web.Storefront;

public sealed class CheckoutPageTests : IClassFixture<ShopFactory>
{
    private readonly ShopFactory _factory;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public CheckoutPageTests(ShopFactory factory, Xunit.Abstractions.ITestOutputHelper output)
    {
        _factory = factory;
        _output = output;
    }

    [Fact]
    public async Task Checkout_GuestWithTestCard_ConfirmsAndSubmittingAgainShowsTheSameOrder()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5, name: "Guest checkout boots");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var guest = ShopSession.Open(_factory);
        using var added = await guest.AddToCartAsync(product.Id, "1");
        var form = await guest.GetHtmlAsync("/checkout");

        using var first = await guest.CheckoutAsync(html: form);
        using var second = await guest.CheckoutAsync(html: form);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var confirmation = ShopSession.PathOf(first);
        Assert.Matches(@"^/checkout/confirmation/PS-\d{4}-\d{6}$", confirmation);
        Assert.Equal(confirmation, ShopSession.PathOf(second));
        var page = await guest.GetHtmlAsync(confirmation);
        Assert.Contains("Thank you for your order", page, StringComparison.Ordinal);
        Assert.Contains("Guest checkout boots", page, StringComparison.Ordinal);
        Assert.Equal(4, await TestProducts.StockAsync(_factory.Services, product.Id));
        Assert.Contains("Your cart is empty", await guest.GetHtmlAsync("/cart"), StringComparison.Ordinal);

        // Another browser cannot open a guest's confirmation page by its number.
        using var stranger = _factory.CreateCookielessClient();
        using var peek = await stranger.GetAsync(new Uri(confirmation, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
    }

    [Fact]
    public async Task Checkout_AnotherBrowserPostingAGuestsKey_NeverSeesTheirOrder()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5, name: "Private order lamp");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var victim = ShopSession.Open(_factory);
        using var added = await victim.AddToCartAsync(product.Id, "1");
        var victimForm = await victim.GetHtmlAsync("/checkout");
        using var placed = await victim.CheckoutAsync(html: victimForm, email: "victim@example.com");
        var victimConfirmation = ShopSession.PathOf(placed);
        Assert.Matches(@"^/checkout/confirmation/PS-\d{4}-\d{6}$", victimConfirmation);

        // The attacker learned the victim's form key and replays it from a browser with an empty cart...
        using var attacker = ShopSession.Open(_factory);
        var stolen = ShopSession.CheckoutFields(victimForm, "4242 4242 4242 4242", "attacker@example.com");
        using var emptyCartPost = await attacker.PostAsync("/checkout", stolen);
        var emptyHtml = await emptyCartPost.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, emptyCartPost.StatusCode);
        Assert.DoesNotContain(victimConfirmation, emptyHtml, StringComparison.Ordinal);
        Assert.Contains("Your cart is empty", emptyHtml, StringComparison.Ordinal);

        // ...and from a browser with a cart of its own: that makes the attacker's own order, never the victim's.
        using var attackerAdded = await attacker.AddToCartAsync(product.Id, "1");
        using var ownOrder = await attacker.PostAsync("/checkout", stolen, await attacker.TokenAsync("/checkout"));
        Assert.Equal(HttpStatusCode.Redirect, ownOrder.StatusCode);
        Assert.NotEqual(victimConfirmation, ShopSession.PathOf(ownOrder));
        using var peek = await attacker.Client.GetAsync(new Uri(victimConfirmation, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, peek.StatusCode);
        Assert.Equal(3, await TestProducts.StockAsync(_factory.Services, product.Id));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("")]
    public async Task Checkout_MissingOrAllZeroKey_PlacesNothingAndAsksAgain(string key)
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var guest = ShopSession.Open(_factory);
        using var added = await guest.AddToCartAsync(product.Id, "1");
        var form = await guest.GetHtmlAsync("/checkout");
        var fields = ShopSession.CheckoutFields(form, "4242 4242 4242 4242")
            .Select(f => f.Key == "Form.IdempotencyKey" ? new KeyValuePair<string, string>(f.Key, key) : f).ToList();

        using var response = await guest.PostAsync("/checkout", fields, ShopSession.Token(form));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This checkout form has expired", html, StringComparison.Ordinal);
        Assert.Equal(5, await TestProducts.StockAsync(_factory.Services, product.Id));
        var fresh = ShopSession.Field(html, "Form.IdempotencyKey");
        Assert.True(Guid.TryParse(fresh, out var freshKey) && freshKey != Guid.Empty, $"a fresh key, not '{fresh}'");
        // The form it comes back with places the order.
        using var retry = await guest.CheckoutAsync(html: html);
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal(4, await TestProducts.StockAsync(_factory.Services, product.Id));
    }

    [Fact]
    public async Task Checkout_DeclinedCard_ShowsTheMessageAndKeepsTheCart()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var guest = ShopSession.Open(_factory);
        using var added = await guest.AddToCartAsync(product.Id, "1");

        using var response = await guest.CheckoutAsync(card: "4000 0000 0000 0002");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your card was declined", html, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"4000 0000 0000 0002\"", html, StringComparison.Ordinal);
        Assert.Equal(5, await TestProducts.StockAsync(_factory.Services, product.Id));
        Assert.Contains(product.Name, await guest.GetHtmlAsync("/cart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_InvalidAddress_ShowsFieldMessages()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5);
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var guest = ShopSession.Open(_factory);
        using var added = await guest.AddToCartAsync(product.Id, "1");
        var form = await guest.GetHtmlAsync("/checkout");
        var fields = ShopSession.CheckoutFields(form, "4242 4242 4242 4242")
            .Select(f => f.Key switch
            {
                "Form.Country" => new KeyValuePair<string, string>(f.Key, "US"),
                "Form.City" => new KeyValuePair<string, string>(f.Key, ""),
                _ => f,
            }).ToList();

        using var response = await guest.PostAsync("/checkout", fields, ShopSession.Token(form));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("We do not ship to this country.", html, StringComparison.Ordinal);
        Assert.Contains("Enter the town or city.", html, StringComparison.Ordinal);
        Assert.Equal(5, await TestProducts.StockAsync(_factory.Services, product.Id));
    }

    [Fact]
    public async Task Checkout_LosingTheLastUnit_SaysSoAndKeepsTheCart()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 1, name: "Single unit kayak");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var first = ShopSession.Open(_factory);
        using var second = ShopSession.Open(_factory);
        using var a = await first.AddToCartAsync(product.Id, "1");
        using var b = await second.AddToCartAsync(product.Id, "1");
        var secondForm = await second.GetHtmlAsync("/checkout");

        using var won = await first.CheckoutAsync();
        using var lost = await second.CheckoutAsync(html: secondForm);
        var html = await lost.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        Assert.Contains("has just sold out", html, StringComparison.Ordinal);
        Assert.Contains("Single unit kayak", await second.GetHtmlAsync("/cart"), StringComparison.Ordinal);
        Assert.Equal(0, await TestProducts.StockAsync(_factory.Services, product.Id));
    }

    [Fact]
    public async Task Checkout_FiftyBrowsersForTenUnits_TenOrdersAndFortyClearMessages()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 10, name: "Crowded sale boots");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        var shoppers = Enumerable.Range(0, 50).Select(_ => ShopSession.Open(_factory)).ToList();
        try
        {
            var forms = new List<string>();
            foreach (var shopper in shoppers)
            {
                using var added = await shopper.AddToCartAsync(product.Id, "1");
                Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
                forms.Add(await shopper.GetHtmlAsync("/checkout"));
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var responses = await Task.WhenAll(shoppers.Select((s, i) => Task.Run(() => s.CheckoutAsync(html: forms[i]))));
            _output.WriteLine($"50 concurrent checkout form posts for 10 units: {clock.ElapsedMilliseconds} ms");

            Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
            var losers = responses.Where(r => r.StatusCode != HttpStatusCode.Redirect).ToList();
            Assert.Equal(40, losers.Count);
            foreach (var loser in losers)
            {
                Assert.Equal(HttpStatusCode.OK, loser.StatusCode);
                var html = System.Net.WebUtility.HtmlDecode(await loser.Content.ReadAsStringAsync());
                Assert.Contains("Sorry, “Crowded sale boots” has just sold out.", html, StringComparison.Ordinal);
            }
            Assert.Equal(0, await TestProducts.StockAsync(_factory.Services, product.Id));
            var kept = 0;
            for (var i = 0; i < shoppers.Count; i++)
            {
                if (responses[i].StatusCode != HttpStatusCode.Redirect && (await shoppers[i].GetHtmlAsync("/cart")).Contains("Crowded sale boots", StringComparison.Ordinal))
                {
                    kept++;
                }
            }
            Assert.Equal(40, kept);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
        finally
        {
            shoppers.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Checkout_EmptyCart_SaysSo()
    {
        using var guest = ShopSession.Open(_factory);

        var html = await guest.GetHtmlAsync("/checkout");

        Assert.Contains("Your cart is empty", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Place order", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_AnotherCustomersOrder_IsNotFound()
    {
        var product = await TestProducts.CreateAsync(_factory.Services, stock: 5, name: "Account order jacket");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, product.Id);
        using var alice = ShopSession.Open(_factory);
        await alice.RegisterAsync($"alice-{Guid.NewGuid():N}@example.com");
        using var added = await alice.AddToCartAsync(product.Id, "1");
        using var placed = await alice.CheckoutAsync();
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var number = placed.Headers.Location!.OriginalString.Split('/').Last();

        using var bob = ShopSession.Open(_factory);
        await bob.RegisterAsync($"bob-{Guid.NewGuid():N}@example.com");
        using var bobDetail = await bob.Client.GetAsync(new Uri($"/account/orders/{number}", UriKind.Relative));
        using var bobConfirmation = await bob.Client.GetAsync(new Uri($"/checkout/confirmation/{number}", UriKind.Relative));
        var bobHistory = await bob.GetHtmlAsync("/account/orders");

        var aliceHistory = await alice.GetHtmlAsync("/account/orders");
        var aliceDetail = await alice.GetHtmlAsync($"/account/orders/{number}");
        Assert.Contains(number, aliceHistory, StringComparison.Ordinal);
        Assert.Contains("Account order jacket", aliceDetail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, bobDetail.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobConfirmation.StatusCode);
        Assert.DoesNotContain(number, bobHistory, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_MergesTheGuestCartIntoTheAccount()
    {
        var kept = await TestProducts.CreateAsync(_factory.Services, stock: 9, name: "Account cart mug");
        var added = await TestProducts.CreateAsync(_factory.Services, stock: 9, name: "Guest cart spoon");
        await TestProducts.WaitVisibleOnStandbyAsync(_factory.Services, added.Id);
        var email = $"merge-{Guid.NewGuid():N}@example.com";
        using (var earlier = ShopSession.Open(_factory))
        {
            await earlier.RegisterAsync(email);
            using var _ = await earlier.AddToCartAsync(kept.Id, "1");
        }
        using var shopper = ShopSession.Open(_factory);
        using var guestAdd = await shopper.AddToCartAsync(added.Id, "2");
        var login = await shopper.GetHtmlAsync("/account/login");

        using var signIn = await shopper.PostAsync("/account/login",
            [new("_handler", "login"), new("Input.Email", email), new("Input.Password", "Peak-Shop-2026!")], ShopSession.Token(login));
        var cart = await shopper.GetHtmlAsync("/cart");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Account cart mug", cart, StringComparison.Ordinal);
        Assert.Contains("Guest cart spoon", cart, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"3 items\"", cart, StringComparison.Ordinal);
    }
}
