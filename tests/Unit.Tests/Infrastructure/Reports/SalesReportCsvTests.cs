using System.Text;
using PeakShop.Infrastructure.Reports;

namespace PeakShop.Unit.Tests.Infrastructure.Reports;

public sealed class SalesReportCsvTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_TotalsByDayCountOrderShippingOnce_AndByCategorySumLines()
    {
        SalesLine[] lines =
        [
            new("PS-1", Monday, "Paid", 4.95m, 44.95m, "A", "Tent", "Tents", 1, 30m, 30m),
            new("PS-1", Monday, "Paid", 4.95m, 44.95m, "B", "Peg, steel", "Tents", 2, 5m, 10m),
            new("PS-2", Monday.AddDays(1), "Paid", 0m, 60m, "C", "Boots", "Footwear", 1, 60m, 60m),
        ];

        var csv = Encoding.UTF8.GetString(SalesReportCsv.Write(lines));

        Assert.Contains("\"Peg, steel\"", csv, StringComparison.Ordinal);
        Assert.Contains("2026-03-02,1,3,40.00,4.95,44.95\n", csv, StringComparison.Ordinal);
        Assert.Contains("2026-03-03,1,1,60.00,0.00,60.00\n", csv, StringComparison.Ordinal);
        Assert.Contains("Footwear,1,60.00\nTents,3,40.00\n", csv, StringComparison.Ordinal);
        Assert.EndsWith("# Grand total\norders,items,merchandise,shipping,total\n2,4,100.00,4.95,104.95\n", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-12.50", "-12.50")]
    [InlineData("plain", "plain")]
    public void Escape_QuotesAndDefusesFormulas(string field, string expected) => Assert.Equal(expected, SalesReportCsv.Escape(field));

    [Theory]
    [InlineData("2026-03-05", "2026-03-01", "to")]
    [InlineData(null, "2026-03-01", "from")]
    [InlineData("2024-01-01", "2026-01-01", "to")]
    public void Validate_RefusesBadRanges(string? from, string? to, string field)
    {
        var errors = ReportService.Validate(from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(errors);
        Assert.True(errors.ContainsKey(field));
    }

    [Fact]
    public void Validate_AcceptsASingleDay() => Assert.Null(ReportService.Validate(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 1)));
}
