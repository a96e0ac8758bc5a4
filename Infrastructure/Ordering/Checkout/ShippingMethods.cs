namespace PeakShop.Infrastructure.Ordering.Checkout;

public sealed record ShippingMethod(string Code, string Name, decimal Price, decimal? FreeFrom)
{
    public decimal PriceFor(decimal subtotal) => FreeFrom is { } threshold && subtotal >= threshold ? 0m : Price;
}

public static class ShippingMethods
{
    public static readonly ShippingMethod Standard = new("standard", "Standard (3–5 working days)", 4.95m, 50m);
    public static readonly ShippingMethod Express = new("express", "Express (next working day)", 12.95m, null);

    public static readonly IReadOnlyList<ShippingMethod> All = [Standard, Express];

    public static ShippingMethod? Find(string? code) => All.FirstOrDefault(m => m.Code == code);
}
