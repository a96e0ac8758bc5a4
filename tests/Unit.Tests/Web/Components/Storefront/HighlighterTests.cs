using PeakShop.Web.Components.Storefront;

namespace PeakShop.Unit.Tests.Web.Components.Storefront;

public sealed class HighlighterTests
{
    [Fact]
    public void Split_MarksWordsSharingAStem()
    {
        var parts = Highlighter.Split("Espresso Machine X3, Black", ["espresso", "machines"]);

        Assert.Equal(
            [new("Espresso", true), new(" ", false), new("Machine", true), new(" X3, Black", false)],
            parts);
    }

    [Fact]
    public void Split_WithoutTerms_IsTheWholeText() =>
        Assert.Equal([new Highlighter.Segment("Kettle", false)], Highlighter.Split("Kettle", []));

    [Fact]
    public void Split_KeepsEveryCharacter()
    {
        const string text = "<b>Tent</b> & \"more\"";

        Assert.Equal(text, string.Concat(Highlighter.Split(text, ["tent", "b"]).Select(p => p.Text)));
    }
}
