using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Ordering.Checkout;

/// <summary>Orders as their buyers see them. Reads use the primary-or-caught-up read context.</summary>
public sealed class OrderQueries(ShopReadDbContext db)
{
    public Task<Order?> FindAsync(string number, CancellationToken cancellationToken = default) =>
        db.Orders.Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == number, cancellationToken);

    public Task<List<Order>> ForCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        db.Orders.Where(o => o.CustomerId == customerId)
            .OrderByDescending(o => o.CreatedAt)
            .Take(100)
            .ToListAsync(cancellationToken);
}
