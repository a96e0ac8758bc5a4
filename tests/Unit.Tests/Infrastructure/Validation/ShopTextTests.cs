using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Validation;

namespace PeakShop.Unit.Tests.Infrastructure.Validation;

public sealed class ShopTextTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("Hauptstraße 1, Zürich")]
    [InlineData("line one\r\nline two\ttabbed")]
    [InlineData("\u202Eright-to-left\u200B zero width")]
    [InlineData("emoji 🏔️")]
    [InlineData("")]
    public void IsClean_AcceptsText(string text) => Assert.True(ShopText.IsClean(text));

    [Theory]
    [InlineData("a\0b")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001b[31m")]
    [InlineData("c1\u0085control")]
    [InlineData("replacement \uFFFD from bad UTF-8")]
    [InlineData("lone \uD800 surrogate")]
    [InlineData("lone \uDC00 low")]
    [InlineData("noncharacter \uFFFF")]
    public void IsClean_RejectsControlAndBrokenText(string text) => Assert.False(ShopText.IsClean(text));

    [Theory]
    [InlineData("?q=tent&page=2")]
    [InlineData("?q=Stra%C3%9Fe+1")]
    [InlineData("?q=%F0%9F%8F%94")]
    [InlineData("?q=100%25")]
    [InlineData("?q=%zz")]
    [InlineData("")]
    public void IsCleanPercentEncoded_AcceptsValidUtf8(string raw) => Assert.True(ShopText.IsCleanPercentEncoded(raw));

    [Theory]
    [InlineData("?q=%FF%FE")]
    [InlineData("?q=a%00b")]
    [InlineData("?q=%C0%AF")]
    [InlineData("?q=%ED%A0%80")]
    [InlineData("?q=%C3")]
    [InlineData("?q=%07")]
    [InlineData("?q=%EF%BF%BD")]
    public void IsCleanPercentEncoded_RejectsInvalidUtf8AndControls(string raw) => Assert.False(ShopText.IsCleanPercentEncoded(raw));

    [Theory]
    [InlineData("ada@example.com", true)]
    [InlineData("", true)]
    [InlineData(null, true)]
    [InlineData("ada@example", false)]
    [InlineData("ada@@example.com", false)]
    [InlineData("ada @example.com", false)]
    [InlineData("ada@example.com\0", false)]
    [InlineData("Ada <ada@example.com>, bob@example.com", false)]
    public void ShopEmail_ValidatesLikeTheMailer(string? value, bool valid) => Assert.Equal(valid, new ShopEmailAttribute().IsValid(value));

    [Fact]
    public void ShopEmail_RejectsAddressesLongerThanTheColumn() =>
        Assert.False(new ShopEmailAttribute().IsValid(new string('a', 250) + "@example.com"));
}
