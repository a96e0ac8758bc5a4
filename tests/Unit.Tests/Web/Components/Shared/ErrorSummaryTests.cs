using Bunit;

namespace PeakShop.Unit.Tests.Web.Components.Shared;

public sealed class ErrorSummaryTests : BunitContext
{
    [Fact]
    public void Valid_RendersNoSummary()
    {
        var form = Render<SampleForm>();

        Assert.Empty(form.FindAll(".error-summary"));
    }

    [Fact]
    public void Invalid_ListsErrorsInFormOrder_EachLinkingToItsField()
    {
        var form = Render<SampleForm>();

        form.InvokeAsync(() => form.Instance.Context.Validate());

        var links = form.FindAll(".error-summary li a");
        // The model declares City, Email, PostalCode; the form shows E-mail, Postal code, City.
        Assert.Equal(["Enter the e-mail.", "Enter the postal code.", "Enter the town."], links.Select(a => a.TextContent));
        Assert.Equal(["#sample-email", "#sample-postalcode", "#sample-city"], links.Select(a => a.GetAttribute("href")));
        Assert.Equal("alert", form.Find(".error-summary").GetAttribute("role"));
    }

    [Fact]
    public void FormMessages_ComeFirst_WithoutALink()
    {
        var form = Render<SampleForm>(p => p.Add(f => f.Messages, ["Too many attempts. Try again in a minute."]));

        var items = form.FindAll(".error-summary li");
        Assert.Single(items);
        Assert.Equal("Too many attempts. Try again in a minute.", items[0].TextContent);
        Assert.Empty(items[0].QuerySelectorAll("a"));

        form.InvokeAsync(() => form.Instance.Context.Validate());

        items = form.FindAll(".error-summary li");
        Assert.Equal(4, items.Count);
        Assert.Equal("Too many attempts. Try again in a minute.", items[0].TextContent);
        Assert.Equal("#sample-email", items[1].QuerySelector("a")!.GetAttribute("href"));
    }
}
