using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Ordering.Admin;

public sealed record DayPoint(DateOnly Day, int Orders, decimal Revenue);

public sealed record StatusCount(OrderStatus Status, int Count);

public sealed record LowStockRow(int Id, string Sku, string Name, int Stock);

public sealed record TopProductRow(int ProductId, string Sku, string Name, int Units, decimal Revenue);

public sealed record DashboardData(DateOnly From, DateOnly To, IReadOnlyList<DayPoint> Days, IReadOnlyList<StatusCount> ByStatus,
    IReadOnlyList<LowStockRow> LowStock, IReadOnlyList<TopProductRow> TopProducts, int LowStockCount = 0)
{
    /// <summary>Revenue over the window (orders that count as revenue).</summary>
    public decimal Revenue => Days.Sum(d => d.Revenue);

    /// <summary>Orders that count as revenue over the window.</summary>
    public int Orders => Days.Sum(d => d.Orders);

    /// <summary>Revenue per counted order, rounded to the cent; null without orders (not a zero that looks like data).</summary>
    public decimal? AverageOrder => Orders == 0 ? null : decimal.Round(Revenue / Orders, 2, MidpointRounding.AwayFromZero);
}

/// <summary>
/// The staff dashboard's figures, on the primary (staff expect to see an order they just handled), each query
/// bounded by the 30-day window on an index or by a row limit. Revenue counts orders that are not cancelled,
/// refunded or pending, by the UTC day they were placed.
/// </summary>
public sealed class AdminDashboard(IDbContextFactory<ShopDbContext> contexts, TimeProvider time)
{
    public const int Days = 30;
    public const int ListSize = 10;

    /// <summary>Statuses whose orders count as revenue.</summary>
    public static IReadOnlyList<OrderStatus> Revenue { get; } = [OrderStatus.Paid, OrderStatus.Packed, OrderStatus.Shipped, OrderStatus.Delivered];

    public async Task<DashboardData> LoadAsync(CancellationToken cancellationToken = default)
    {
        var to = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = to.AddDays(-(Days - 1));
        var start = OrderAdmin.StartOf(from);
        var end = OrderAdmin.StartOf(to.AddDays(1));
        var counted = Revenue.Select(s => s.ToString()).ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        var perDay = new Dictionary<DateOnly, DayPoint>();
        await ReadAsync(db, """
            select (created_at at time zone 'UTC')::date, count(*)::int, coalesce(sum(total), 0)
            from orders
            where created_at >= @start and created_at < @end and status = any(@statuses)
            group by 1
            """, [("start", start), ("end", end), ("statuses", counted)],
            r => perDay[r.GetFieldValue<DateOnly>(0)] = new DayPoint(r.GetFieldValue<DateOnly>(0), r.GetInt32(1), r.GetDecimal(2)),
            cancellationToken);
        var days = Enumerable.Range(0, Days).Select(i => from.AddDays(i))
            .Select(d => perDay.TryGetValue(d, out var p) ? p : new DayPoint(d, 0, 0m)).ToList();

        var byStatus = await db.Orders.AsNoTracking().Where(o => o.CreatedAt >= start && o.CreatedAt < end)
            .GroupBy(o => o.Status).Select(g => new StatusCount(g.Key, g.Count()))
            .ToListAsync(cancellationToken);

        var lowStockCount = await db.Products.CountAsync(p => !p.IsArchived && p.Stock <= ProductListQuery.LowStock, cancellationToken);
        var lowStock = await db.Products.AsNoTracking().Where(p => !p.IsArchived && p.Stock <= ProductListQuery.LowStock)
            .OrderBy(p => p.Stock).ThenBy(p => p.Name).ThenBy(p => p.Id).Take(ListSize)
            .Select(p => new LowStockRow(p.Id, p.Sku, p.Name, p.Stock))
            .ToListAsync(cancellationToken);

        var top = new List<TopProductRow>();
        await ReadAsync(db, """
            select l.product_id, min(l.sku), min(l.name), sum(l.quantity)::int, sum(l.line_total)
            from orders o join order_lines l on l.order_id = o.id
            where o.created_at >= @start and o.created_at < @end and o.status = any(@statuses) and l.product_id is not null
            group by l.product_id
            order by 4 desc, 1
            limit @limit
            """, [("start", start), ("end", end), ("statuses", counted), ("limit", ListSize)],
            r => top.Add(new TopProductRow(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetDecimal(4))),
            cancellationToken);

        return new DashboardData(from, to, days,
            [.. Enum.GetValues<OrderStatus>().Select(s => byStatus.FirstOrDefault(c => c.Status == s) ?? new StatusCount(s, 0))],
            lowStock, top, lowStockCount);
    }

    /// <summary>Plain SQL for the aggregates (a date from a timestamptz, an array parameter), read row by row.</summary>
    private static async Task ReadAsync(ShopDbContext db, string sql, (string Name, object Value)[] parameters, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                row(reader);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
