using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure.Customers.Admin;
using PeakShop.Infrastructure.Ordering.Admin;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;

namespace PeakShop.Infrastructure.Ordering;

internal static class OrderingRegistration
{
    /// <summary>Checkout, payments, order queries, and the staff side: orders, customers, staff accounts, dashboard.</summary>
    public static void AddOrderingServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPaymentProvider, TestPaymentProvider>();
        builder.Services.AddScoped<CheckoutService>();
        builder.Services.AddScoped<OrderQueries>();
        builder.Services.AddSingleton<OrderAdmin>();
        builder.Services.AddSingleton<AdminDashboard>();
        builder.Services.AddSingleton<CustomerAdmin>();
        builder.Services.AddScoped<StaffAdmin>();
    }
}
