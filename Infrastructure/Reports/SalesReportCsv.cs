using System.Globalization;
using System.Text;

namespace PeakShop.Infrastructure.Reports;

/// <summary>One order line as the report sees it, with its order's totals.</summary>
public sealed record SalesLine(
    string OrderNumber, DateTimeOffset CreatedAt, string Status, decimal OrderShipping, decimal OrderTotal,
    string Sku, string Name, string Category, int Quantity, decimal UnitPrice, decimal LineTotal);

public sealed record DayTotal(DateOnly Day, int Orders, int Items, decimal Merchandise, decimal Shipping, decimal Total);

public sealed record CategoryTotal(string Category, int Items, decimal Merchandise);

/// <summary>The sales report: orders and lines, then totals by day (UTC) and by category, then the grand total.</summary>
public static class SalesReportCsv
{
    public static IReadOnlyList<DayTotal> ByDay(IReadOnlyList<SalesLine> lines) =>
        [.. lines.GroupBy(l => DateOnly.FromDateTime(l.CreatedAt.UtcDateTime)).OrderBy(g => g.Key).Select(day =>
        {
            var orders = day.GroupBy(l => l.OrderNumber).Select(o => o.First()).ToList();
            return new DayTotal(day.Key, orders.Count, day.Sum(l => l.Quantity), day.Sum(l => l.LineTotal),
                orders.Sum(o => o.OrderShipping), orders.Sum(o => o.OrderTotal));
        })];

    public static IReadOnlyList<CategoryTotal> ByCategory(IReadOnlyList<SalesLine> lines) =>
        [.. lines.GroupBy(l => l.Category).Select(c => new CategoryTotal(c.Key, c.Sum(l => l.Quantity), c.Sum(l => l.LineTotal)))
            .OrderByDescending(c => c.Merchandise).ThenBy(c => c.Category, StringComparer.Ordinal)];

    public static byte[] Write(IReadOnlyList<SalesLine> lines)
    {
        var csv = new StringBuilder();
        csv.Append("# Orders and lines\n");
        csv.Append("order_number,created_at_utc,status,sku,product,category,quantity,unit_price,line_total\n");
        foreach (var l in lines)
        {
            Row(csv, l.OrderNumber, l.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), l.Status,
                l.Sku, l.Name, l.Category, Number(l.Quantity), Amount(l.UnitPrice), Amount(l.LineTotal));
        }
        csv.Append("\n# Totals by day\n");
        csv.Append("day,orders,items,merchandise,shipping,total\n");
        var days = ByDay(lines);
        foreach (var d in days)
        {
            Row(csv, d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Number(d.Orders), Number(d.Items), Amount(d.Merchandise), Amount(d.Shipping), Amount(d.Total));
        }
        csv.Append("\n# Totals by category\n");
        csv.Append("category,items,merchandise\n");
        foreach (var c in ByCategory(lines))
        {
            Row(csv, c.Category, Number(c.Items), Amount(c.Merchandise));
        }
        csv.Append("\n# Grand total\n");
        csv.Append("orders,items,merchandise,shipping,total\n");
        Row(csv, Number(days.Sum(d => d.Orders)), Number(days.Sum(d => d.Items)), Amount(days.Sum(d => d.Merchandise)),
            Amount(days.Sum(d => d.Shipping)), Amount(days.Sum(d => d.Total)));
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Amount(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }
            csv.Append(Escape(fields[i]));
        }
        csv.Append('\n');
    }

    /// <summary>RFC 4180 quoting; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.</summary>
    public static string Escape(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '@' or '\t' or '\r' || (field.StartsWith('-') && !decimal.TryParse(field, NumberStyles.Number, CultureInfo.InvariantCulture, out _)))
        {
            field = "'" + field;
        }
        return field.AsSpan().IndexOfAny("\",\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}
