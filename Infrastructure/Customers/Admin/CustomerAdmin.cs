using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Ordering;

namespace PeakShop.Infrastructure.Customers.Admin;

public sealed record CustomerRow(string Id, string Email, string? DisplayName, DateTimeOffset CreatedAt, int Orders);

/// <summary>A page of customers by e-mail; <paramref name="After"/> is the next page's cursor, null on the last.</summary>
public sealed record CustomerListPage(IReadOnlyList<CustomerRow> Rows, string? After);

public sealed record CustomerOrderRow(string Number, DateTimeOffset CreatedAt, OrderStatus Status, decimal Total, string Currency, string Email);

public sealed record CustomerDetail(
    string Id, string Email, string? DisplayName, DateTimeOffset CreatedAt, bool EmailConfirmed, DateTimeOffset? LockedUntil,
    IReadOnlyList<CustomerOrderRow> Orders, IReadOnlyList<CustomerOrderRow> GuestOrders);

/// <summary>
/// Customers for staff: accounts (<see cref="ShopUser"/>) without a staff role, searched by part of the e-mail or name
/// (trigram indexes), keyset-paged on the normalized e-mail; a customer's orders, and guest orders placed with the
/// same e-mail address.
/// </summary>
public sealed class CustomerAdmin(IDbContextFactory<ShopDbContext> contexts)
{
    public const int PageSize = 50;
    public const int OrdersShown = 100;

    public async Task<CustomerListPage> SearchAsync(string? search, string? after, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking().Where(u => u.NormalizedEmail != null && !db.UserRoles.Any(r => r.UserId == u.Id));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePattern.Containing(search.Trim());
            users = users.Where(u => EF.Functions.ILike(u.Email!, pattern, LikePattern.Escape) || EF.Functions.ILike(u.DisplayName!, pattern, LikePattern.Escape));
        }
        if (!string.IsNullOrEmpty(after))
        {
            users = users.Where(u => string.Compare(u.NormalizedEmail, after) > 0);
        }
        var rows = await users.OrderBy(u => u.NormalizedEmail).Take(PageSize + 1)
            .Select(u => new
            {
                u.NormalizedEmail,
                Row = new CustomerRow(u.Id, u.Email!, u.DisplayName, u.CreatedAt, db.Orders.Count(o => o.CustomerId == u.Id)),
            })
            .ToListAsync(cancellationToken);
        return new CustomerListPage([.. rows.Take(PageSize).Select(r => r.Row)], rows.Count > PageSize ? rows[PageSize - 1].NormalizedEmail : null);
    }

    /// <summary>A customer (null for an unknown id or a staff account) with their orders, newest first.</summary>
    public async Task<CustomerDetail?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == id && !db.UserRoles.Any(r => r.UserId == u.Id))
            .SingleOrDefaultAsync(cancellationToken);
        if (user?.Email is null)
        {
            return null;
        }
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == id)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(OrdersShown)
            .Select(o => new CustomerOrderRow(o.Number, o.CreatedAt, o.Status, o.Total, o.Currency, o.Email))
            .ToListAsync(cancellationToken);
        // Guest checkouts with the account's address (any letter case): the trigram index finds them.
        var exact = LikePattern.Exactly(user.Email);
        var guest = await db.Orders.AsNoTracking().Where(o => o.CustomerId == null && EF.Functions.ILike(o.Email, exact, LikePattern.Escape))
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(OrdersShown)
            .Select(o => new CustomerOrderRow(o.Number, o.CreatedAt, o.Status, o.Total, o.Currency, o.Email))
            .ToListAsync(cancellationToken);
        return new CustomerDetail(user.Id, user.Email, user.DisplayName, user.CreatedAt, user.EmailConfirmed,
            user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow ? end : null,
            [.. orders.Select(o => o with { Currency = o.Currency.Trim() })], [.. guest.Select(o => o with { Currency = o.Currency.Trim() })]);
    }
}
