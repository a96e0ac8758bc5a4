using Microsoft.AspNetCore.Identity;

namespace PeakShop.Infrastructure.Customers;

/// <summary>A customer or staff account (ASP.NET Core Identity), in the shop's own database.</summary>
public sealed class ShopUser : IdentityUser
{
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
