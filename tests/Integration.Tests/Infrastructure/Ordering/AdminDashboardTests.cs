using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Admin;
using PeakShop.Integration.Tests.Jobs;

namespace PeakShop.Integration.Tests.Infrastructure.Ordering;

/// <summary>The dashboard's figures against orders moved into a past window that no other test writes to, with the clock set after it.</summary>
public sealed class AdminDashboardTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static readonly DateOnly Day1 = new(2019, 6, 10);
    private static readonly DateOnly Day2 = new(2019, 6, 12);
    private static readonly DateTimeOffset Now = new(2019, 6, 20, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task RevenuePerDay_MatchesSqlOverTheSeededOrders_AndCountsNoCancelledOrder()
    {
        var seeded = new List<(string Number, DateTimeOffset At, OrderStatus Status)>
        {
            (await PlaceAsync(20m, 2), At(Day1, 8), OrderStatus.Paid),
            (await PlaceAsync(35.5m, 1), At(Day1, 23), OrderStatus.Delivered),
            (await PlaceAsync(9.99m, 3), At(Day2, 0), OrderStatus.Shipped),
            (await PlaceAsync(100m, 1), At(Day2, 12), OrderStatus.Cancelled),
        };
        await using var primary = NpgsqlDataSource.Create(Platform.PrimaryConnectionString("peakshop"));
        foreach (var (number, at, status) in seeded)
        {
            await using var move = primary.CreateCommand("update orders set created_at = $2, status = $3 where number = $1");
            move.Parameters.AddWithValue(number);
            move.Parameters.AddWithValue(at);
            move.Parameters.AddWithValue(status.ToString());
            await move.ExecuteNonQueryAsync();
        }
        var dashboard = new AdminDashboard(factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>(), new FixedTime(Now));

        var data = await dashboard.LoadAsync();

        Assert.Equal(AdminDashboard.Days, data.Days.Count);
        Assert.Equal(new DateOnly(2019, 6, 20), data.To);
        Assert.Equal(new DateOnly(2019, 5, 22), data.From);
        var expected = new Dictionary<DateOnly, (int Orders, decimal Revenue)>();
        await using (var sql = primary.CreateCommand("""
            select (created_at at time zone 'UTC')::date, count(*)::int, sum(total) from orders
            where created_at >= '2019-05-22T00:00:00Z' and created_at < '2019-06-21T00:00:00Z' and status not in ('Cancelled', 'Refunded', 'Pending')
            group by 1
            """))
        await using (var reader = await sql.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                expected[reader.GetFieldValue<DateOnly>(0)] = (reader.GetInt32(1), reader.GetDecimal(2));
            }
        }
        Assert.NotEmpty(expected);
        foreach (var day in data.Days)
        {
            var (orders, revenue) = expected.GetValueOrDefault(day.Day);
            Assert.True(orders == day.Orders && revenue == day.Revenue, $"{day.Day}: dashboard {day.Orders}/{day.Revenue}, SQL {orders}/{revenue}");
        }
        // The seeded orders themselves: 2 x 20 + 4.95 and 35.50 + 4.95 on day 1; 3 x 9.99 + 4.95 on day 2; the cancelled 100 is left out.
        Assert.True(data.Days.Single(d => d.Day == Day1).Revenue >= 44.95m + 40.45m);
        Assert.True(data.Days.Single(d => d.Day == Day2).Revenue >= 34.92m);
        Assert.True(data.ByStatus.Single(s => s.Status == OrderStatus.Cancelled).Count >= 1);
        Assert.Equal(Enum.GetValues<OrderStatus>().Length, data.ByStatus.Count);
        Assert.Contains(data.TopProducts, p => p.Units == 3);
        Assert.True(data.LowStock.Count <= AdminDashboard.ListSize);
        Assert.All(data.LowStock, p => Assert.True(p.Stock <= 5));

        // The summary figures: totals of the window as SQL counts them, and every low-stock product, not only the listed ten.
        Assert.Equal(expected.Values.Sum(e => e.Revenue), data.Revenue);
        Assert.Equal(expected.Values.Sum(e => e.Orders), data.Orders);
        Assert.Equal(decimal.Round(data.Revenue / data.Orders, 2, MidpointRounding.AwayFromZero), data.AverageOrder);
        await using var low = primary.CreateCommand("select count(*)::int from products where not is_archived and stock <= 5");
        Assert.Equal((int)(await low.ExecuteScalarAsync())!, data.LowStockCount);
        Assert.True(data.LowStockCount >= data.LowStock.Count);
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 30)), TimeSpan.Zero);

    private async Task<string> PlaceAsync(decimal price, int quantity)
    {
        var placed = await TestOrders.PlaceAsync(factory.Services, TestOrders.NewRecipient("dashboard"), price, quantity);
        return placed.OrderNumber!;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
