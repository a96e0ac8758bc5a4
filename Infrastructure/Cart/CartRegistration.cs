using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Cart;

internal static class CartRegistration
{
    /// <summary>The Redis-backed cart.</summary>
    public static void AddCartServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CartStore>();
        builder.Services.AddScoped<CartService>();
    }
}
