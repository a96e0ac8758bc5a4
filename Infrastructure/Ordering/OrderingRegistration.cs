using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Ordering;

internal static class OrderingRegistration
{
    /// <summary>Checkout, payments and order queries.</summary>
    public static void AddOrderingServices(this IHostApplicationBuilder builder)
    {
        _ = builder;
    }
}
