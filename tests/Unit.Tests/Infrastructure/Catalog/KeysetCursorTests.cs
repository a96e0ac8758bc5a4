using PeakShop.Infrastructure.Catalog;

namespace PeakShop.Unit.Tests.Infrastructure.Catalog;

public sealed class KeysetCursorTests
{
    [Fact]
    public void Encode_RoundTripsPriceCursor()
    {
        var cursor = KeysetCursor.ForPrice(ListingSort.PriceDesc, 1234.50m, 42);

        Assert.True(KeysetCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(ListingSort.PriceDesc, decoded.Sort);
        Assert.Equal(1234.50m, decoded.Price);
        Assert.Equal(42, decoded.Id);
    }

    [Fact]
    public void Encode_RoundTripsCreatedCursorToTheTick()
    {
        var created = new DateTimeOffset(2026, 11, 27, 21, 58, 30, TimeSpan.Zero).AddTicks(1234560);

        Assert.True(KeysetCursor.TryDecode(KeysetCursor.ForCreated(created, 7).Encode(), out var decoded));
        Assert.Equal(created, decoded.Created);
    }

    [Fact]
    public void Encode_RoundTripsNamesWithSeparators()
    {
        Assert.True(KeysetCursor.TryDecode(KeysetCursor.ForName("Tent | 2P, Ember", 3).Encode(), out var decoded));
        Assert.Equal("Tent | 2P, Ember", decoded.Value);
        Assert.Equal(ListingSort.Relevance, decoded.Sort);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("cHJpY2UtYXNjfDF8eHh4")] // price-asc|1|xxx: not a price
    [InlineData("Ym9ndXN8MXwy")]         // bogus|1|2: unknown sort
    [InlineData("cHJpY2UtYXNjfC0xfDE=")] // price-asc|-1|1: negative id
    public void TryDecode_RejectsTamperedCursors(string? text) =>
        Assert.False(KeysetCursor.TryDecode(text, out _));

    [Fact]
    public void TryDecode_RejectsOversizedInput() =>
        Assert.False(KeysetCursor.TryDecode(new string('A', 5000), out _));
}
