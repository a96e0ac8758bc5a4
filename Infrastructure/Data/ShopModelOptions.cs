using Microsoft.EntityFrameworkCore;

namespace PeakShop.Infrastructure.Data;

/// <summary>Options every context of the shop model shares, at run time and at design time.</summary>
internal static class ShopModelOptions
{
    public static DbContextOptionsBuilder Apply(DbContextOptionsBuilder builder) =>
        builder.UseSnakeCaseNamingConvention();
}
