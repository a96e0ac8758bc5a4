using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;

namespace PeakShop.EndToEnd.Tests;

/// <summary>Data the browser tests arrange through the app's own services: staff accounts and products of their own.</summary>
internal static class TestData
{
    public const string Password = "Peak-Shop-2026!";

    // Old enough that test products never push the seeded catalog off the home page's "new arrivals".
    private static readonly DateTimeOffset TestCreatedAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A new account with <paramref name="role"/> and <see cref="Password"/>; returns its e-mail.</summary>
    public static Task<string> CreateStaffAsync(IServiceProvider services, string role, string prefix = "e2e-staff") =>
        CreateAccountAsync(services, role, prefix);

    /// <summary>A confirmed shopper account without a staff role and with <see cref="Password"/>; returns its e-mail.</summary>
    public static Task<string> CreateCustomerAsync(IServiceProvider services, string prefix = "e2e-customer") =>
        CreateAccountAsync(services, role: null, prefix);

    private static async Task<string> CreateAccountAsync(IServiceProvider services, string? role, string prefix)
    {
        var email = $"{prefix}-{Guid.NewGuid():N}@example.com";
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        if (role is not null)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }
        return email;
    }

    /// <summary>A product of its own (20 in stock), visible on the standby before it returns: pages and carts read there.</summary>
    public static async Task<Product> CreateProductAsync(IServiceProvider services, string name, decimal price)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var template = await db.Products.AsNoTracking().OrderBy(p => p.Id).FirstAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var product = new Product
        {
            Sku = "E-" + suffix, Slug = "e2e-" + suffix, Name = name, Description = "End-to-end test product.",
            Price = price, Currency = "EUR", Stock = 20, BrandId = template.BrandId, CategoryId = template.CategoryId,
            CreatedAt = TestCreatedAt, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        var read = scope.ServiceProvider.GetRequiredService<ShopReadDbContext>();
        for (var i = 0; i < 100 && !await read.Products.AnyAsync(p => p.Id == product.Id); i++)
        {
            await Task.Delay(50);
        }
        return product;
    }
}
