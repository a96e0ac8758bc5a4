using PeakShop.Infrastructure.Catalog;

namespace PeakShop.Unit.Tests.Infrastructure.Catalog;

public sealed class VocabularyTests
{
    private static readonly Vocabulary Words = new(new Dictionary<string, int>
    {
        ["tent"] = 170, ["tents"] = 2, ["kettle"] = 150, ["headlamp"] = 140, ["espresso"] = 150, ["machine"] = 150, ["lamp"] = 90, ["text"] = 1,
    });

    [Theory]
    [InlineData("tent", "tent", 0)]
    [InlineData("tnet", "tent", 1)]   // one transposition
    [InlineData("kettel", "kettle", 1)]
    [InlineData("tet", "tent", 1)]
    [InlineData("hedlampp", "headlamp", 2)]
    [InlineData("abc", "xyz", 3)]
    public void Distance_CountsTranspositionAsOneEdit(string a, string b, int expected) =>
        Assert.Equal(expected, Vocabulary.Distance(a, b));

    [Theory]
    [InlineData("tnet", "tent")]
    [InlineData("kettel", "kettle")]
    [InlineData("espreso machien", "espresso machine")]
    [InlineData("Tent", "tent")]
    [InlineData("zzzzzz", "zzzzzz")]
    public void Correct_ReplacesUnknownWordsWithClosestFrequentOne(string query, string expected) =>
        Assert.Equal(expected, Words.Correct(query));

    [Fact]
    public void Suggest_OffersLooserAlternatives()
    {
        var suggestions = Words.Suggest("tentt hedlamp", 3);

        Assert.Contains("tent headlamp", suggestions);
        Assert.DoesNotContain("tentt hedlamp", suggestions);
    }

    [Fact]
    public void Terms_SplitsOnPunctuationAndCapsTheCount()
    {
        Assert.Equal(["script", "alert", "1", "script"], Vocabulary.Terms("<script>alert(1)</script>"));
        Assert.Equal(8, Vocabulary.Terms(string.Join(' ', Enumerable.Repeat("a", 50))).Count);
    }
}
