using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PeakShop.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting a host.</summary>
internal sealed class DesignTimeShopDbContextFactory : IDesignTimeDbContextFactory<ShopDbContext>
{
    public ShopDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<ShopDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__Shop") ?? "Host=127.0.0.1;Database=peakshop");
        ShopModelOptions.Apply(builder);
        return new ShopDbContext((DbContextOptions<ShopDbContext>)builder.Options);
    }
}
