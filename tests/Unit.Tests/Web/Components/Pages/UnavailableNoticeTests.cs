using Bunit;
using Microsoft.AspNetCore.Http;
using PeakShop.Web.Components.Pages;
using PeakShop.Web.Hosting;

namespace PeakShop.Unit.Tests.Web.Components.Pages;

public sealed class UnavailableNoticeTests : BunitContext
{
    [Fact]
    public void DatabaseOutage_SaysWritesAreUnavailableAndTheCartIsSaved()
    {
        var notice = Render<UnavailableNotice>(p => p.Add(n => n.Outage, Outage.Database));

        Assert.Equal("Temporarily unavailable", notice.Find("h1").TextContent);
        var alert = notice.Find("[role=alert]").TextContent;
        Assert.StartsWith("Checkout, accounts and changes are temporarily unavailable — your cart is saved.", alert, StringComparison.Ordinal);
        Assert.Contains("Browsing and search still work", alert, StringComparison.Ordinal);
    }

    [Fact]
    public void CartOutage_SaysTheCartIsSavedAndBrowsingWorks()
    {
        var notice = Render<UnavailableNotice>(p => p.Add(n => n.Outage, Outage.Cart));

        Assert.Equal("Your cart is temporarily unavailable", notice.Find("h1").TextContent);
        Assert.Contains("Your cart is saved", notice.Find("[role=alert]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Busy_SaysTryAgainInSecondsAndTheCartIsSaved()
    {
        var notice = Render<UnavailableNotice>(p => p.Add(n => n.Outage, Outage.Busy));

        Assert.Equal("We are very busy right now", notice.Find("h1").TextContent);
        var alert = notice.Find("[role=alert]").TextContent;
        Assert.Contains("Your cart is saved", alert, StringComparison.Ordinal);
        Assert.Contains("try again in a few seconds", alert, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Outage.Busy, "We are very busy right now")]
    [InlineData(Outage.Database, "Temporarily unavailable")]
    [InlineData(Outage.Cart, "Your cart is temporarily unavailable")]
    public void StatusPage503_ShowsTheOutageOfTheRequest(Outage outage, string heading)
    {
        var http = new DefaultHttpContext();
        http.Items[typeof(Outage)] = outage;

        var page = Render<StatusPage>(p => p.Add(s => s.Code, 503).AddCascadingValue(http));

        Assert.Equal(heading, page.Find("h1").TextContent);
        Assert.DoesNotContain("Something went wrong", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusPage503_WithoutAKnownOutage_IsTheDatabaseMessage()
    {
        var page = Render<StatusPage>(p => p.Add(s => s.Code, 503));

        Assert.Equal("Temporarily unavailable", page.Find("h1").TextContent);
    }
}
