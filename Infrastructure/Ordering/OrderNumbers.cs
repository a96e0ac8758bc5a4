using System.Globalization;

namespace PeakShop.Infrastructure.Ordering;

/// <summary>Order numbers such as PS-2026-000123, from a PostgreSQL sequence (unique across replicas, no gaps race).</summary>
public static class OrderNumbers
{
    public const string Sequence = "order_number_seq";

    public static string Format(int year, long value) =>
        string.Create(CultureInfo.InvariantCulture, $"PS-{year}-{value:D6}");
}
