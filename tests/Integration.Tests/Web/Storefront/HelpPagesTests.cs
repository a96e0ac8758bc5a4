using System.Net;
using System.Text.RegularExpressions;
using PeakShop.Web.Components.Pages.Storefront.Help;

namespace PeakShop.Integration.Tests.Web.Storefront;

/// <summary>The footer's help links lead to real pages; an unknown topic is a 404, not an empty page.</summary>
public sealed class HelpPagesTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Footer_LinksToEveryHelpTopic_AndEachAnswersWithItsTitle()
    {
        using var client = factory.CreateCookielessClient();
        var home = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var footer = Regex.Match(home, "<footer class=\"site-footer\".*?</footer>", RegexOptions.Singleline).Value;

        foreach (var topic in HelpTopics.All)
        {
            Assert.Contains($"href=\"/help/{topic.Slug}\"", footer, StringComparison.Ordinal);
            var page = await client.GetStringAsync(new Uri($"/help/{topic.Slug}", UriKind.Relative));
            Assert.Matches($"<h1[^>]*>{Regex.Escape(WebUtility.HtmlEncode(topic.Title))}</h1>", page);
            Assert.Contains($"<title>{WebUtility.HtmlEncode(topic.Title)} · PeakShop</title>", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DeliveryPage_StatesTheShippingMethodsFromCheckout()
    {
        using var client = factory.CreateCookielessClient();

        var page = WebUtility.HtmlDecode(await client.GetStringAsync(new Uri("/help/delivery", UriKind.Relative)));

        Assert.Contains("Standard (3–5 working days)</strong>: €4.95, free from €50.00", page, StringComparison.Ordinal);
        Assert.Contains("Express (next working day)</strong>: €12.95", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownTopic_IsNotFound()
    {
        using var client = factory.CreateCookielessClient();

        using var response = await client.GetAsync(new Uri("/help/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
