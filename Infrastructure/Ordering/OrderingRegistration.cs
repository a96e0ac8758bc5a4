using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;

namespace PeakShop.Infrastructure.Ordering;

internal static class OrderingRegistration
{
    /// <summary>Checkout, payments and order queries.</summary>
    public static void AddOrderingServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPaymentProvider, TestPaymentProvider>();
        builder.Services.AddScoped<CheckoutService>();
        builder.Services.AddScoped<OrderQueries>();
    }
}
