using System.Globalization;
using System.Text;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Reports;

namespace PeakShop.Infrastructure.Mail;

/// <summary>The plain-text bodies: the same content as the HTML templates, for clients that show text only.</summary>
public static class EmailTexts
{
    public static string OrderConfirmation(Order order)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {order.ShippingAddress.FullName},\n\n");
        text.Append(CultureInfo.InvariantCulture, $"we have received your order {order.Number} of {order.CreatedAt.UtcDateTime:d MMMM yyyy} and your payment is authorized.\n\n");
        AppendLines(text, order);
        text.Append(CultureInfo.InvariantCulture, $"\nShips to: {order.ShippingAddress.FullName}, {order.ShippingAddress.Line1}, {order.ShippingAddress.PostalCode} {order.ShippingAddress.City}, {order.ShippingAddress.Country}\n");
        text.Append("We will write again when it ships.\n\n-- \nPeakShop\n");
        return text.ToString();
    }

    public static string ShippingNotification(Order order, string? trackingCode)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {order.ShippingAddress.FullName},\n\n");
        text.Append(CultureInfo.InvariantCulture, $"your order {order.Number} has shipped to {order.ShippingAddress.Line1}, {order.ShippingAddress.PostalCode} {order.ShippingAddress.City}.\n");
        if (!string.IsNullOrEmpty(trackingCode))
        {
            text.Append(CultureInfo.InvariantCulture, $"Tracking code: {trackingCode}\n");
        }
        text.Append('\n');
        AppendLines(text, order);
        text.Append("\n-- \nPeakShop\n");
        return text.ToString();
    }

    public static string AccountLink(string intro, string? link, string? code)
    {
        var text = new StringBuilder(intro).Append("\n\n");
        if (!string.IsNullOrEmpty(link))
        {
            text.Append(link).Append("\n\n");
        }
        if (!string.IsNullOrEmpty(code))
        {
            text.Append("Your code: ").Append(code).Append("\n\n");
        }
        text.Append("If you did not ask for this, ignore this message.\n\n-- \nPeakShop\n");
        return text.ToString();
    }

    public static string DailySummary(DailySummary summary)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Sales on {summary.Day:yyyy-MM-dd}: {summary.Orders} orders, {summary.Items} items, revenue {MailMoney.Format(summary.Revenue, summary.Currency)} (shipping included).\n\n");
        foreach (var c in summary.TopCategories)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {c.Category}: {c.Items} items, {MailMoney.Format(c.Merchandise, summary.Currency)}\n");
        }
        return text.ToString();
    }

    private static void AppendLines(StringBuilder text, Order order)
    {
        foreach (var line in order.Lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {line.Quantity} x {line.Name} ({line.Sku}) at {MailMoney.Format(line.UnitPrice, order.Currency)} = {MailMoney.Format(line.LineTotal, order.Currency)}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"\n  Subtotal: {MailMoney.Format(order.Subtotal, order.Currency)}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Shipping: {(order.ShippingTotal == 0 ? "Free" : MailMoney.Format(order.ShippingTotal, order.Currency))}\n");
        text.Append(CultureInfo.InvariantCulture, $"  Total: {MailMoney.Format(order.Total, order.Currency)} (incl. VAT {MailMoney.Format(order.TaxTotal, order.Currency)})\n");
    }
}
