using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs.Outbox;
using PeakShop.Infrastructure.Ordering.Payments;

namespace PeakShop.Infrastructure.Ordering.Admin;

/// <summary>The staff order list's filters and position: newest first, keyset-paged on (created_at, id).</summary>
public sealed record OrderListQuery(OrderStatus? Status = null, DateOnly? From = null, DateOnly? To = null, string? Email = null, string? Before = null)
{
    public const int PageSize = 50;
}

public sealed record OrderRow(string Number, DateTimeOffset CreatedAt, string Email, OrderStatus Status, int Items, decimal Total, string Currency);

/// <summary>A page of orders; <paramref name="Older"/> is the cursor of the next (older) page, null on the last.</summary>
public sealed record OrderListPage(IReadOnlyList<OrderRow> Rows, string? Older, string? Error = null);

public sealed record OrderLineRow(int? ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record OrderHistoryRow(DateTimeOffset At, OrderStatus? From, OrderStatus To, string? ActorEmail, string? Note);

public sealed record OrderDetail(
    string Number, OrderStatus Status, uint Version, string Email, string? CustomerId,
    Address ShippingAddress, Address BillingAddress, string Currency,
    decimal Subtotal, decimal ShippingTotal, decimal TaxTotal, decimal Total,
    string? PaymentReference, string? ShippingMethod, string? TrackingNumber,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<OrderLineRow> Lines, IReadOnlyList<OrderHistoryRow> History);

public enum OrderChangeOutcome
{
    Done,
    NotFound,
    /// <summary>The input is not valid (e.g. no tracking number); nothing was changed.</summary>
    Invalid,
    /// <summary>The order's status does not allow this move; nothing was changed.</summary>
    Refused,
    /// <summary>Someone changed the order since the caller loaded it; nothing was changed.</summary>
    Conflict,
    /// <summary>The payment provider refused the void or refund; nothing was changed.</summary>
    PaymentFailed,
}

public sealed record OrderChangeResult(OrderChangeOutcome Outcome, string Message, OrderStatus? Status = null)
{
    public bool Succeeded => Outcome == OrderChangeOutcome.Done;
}

/// <summary>
/// Staff work on orders: the list, the detail, and status transitions (<see cref="OrderTransitions"/>). A transition
/// locks the order row, checks the version the staff member saw (<c>xmin</c>), then writes the new status, its
/// history row, its audit row and its side effects (restock, outbox row for the shipping e-mail) in one
/// transaction; payment calls happen inside it, before the commit, so a refused refund changes nothing.
/// </summary>
public sealed partial class OrderAdmin(
    IDbContextFactory<ShopDbContext> contexts,
    IShopCacheInvalidator cache,
    IPaymentProvider payments,
    TimeProvider time,
    ILogger<OrderAdmin> logger)
{
    public const int MaxTrackingLength = 64;

    public async Task<OrderListPage> ListAsync(OrderListQuery query, CancellationToken cancellationToken = default)
    {
        if (query.From is { } f && query.To is { } t && t < f)
        {
            return new OrderListPage([], null, "The end date must be on or after the start date.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orders = db.Orders.AsNoTracking();
        if (query.Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
        }
        if (query.From is { } from)
        {
            var start = StartOf(from);
            orders = orders.Where(o => o.CreatedAt >= start);
        }
        if (query.To is { } to)
        {
            var end = StartOf(to.AddDays(1));
            orders = orders.Where(o => o.CreatedAt < end);
        }
        if (!string.IsNullOrWhiteSpace(query.Email))
        {
            var pattern = LikePattern.Containing(query.Email.Trim());
            orders = orders.Where(o => EF.Functions.ILike(o.Email, pattern, LikePattern.Escape));
        }
        if (Cursor.TryParse(query.Before, out var at, out var id))
        {
            // A row-value comparison, so PostgreSQL seeks the (created_at, id) index: page 1,000 costs what page 1 costs.
            orders = orders.Where(o => EF.Functions.LessThan(ValueTuple.Create(o.CreatedAt, o.Id), ValueTuple.Create(at, id)));
        }
        var rows = await orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Take(OrderListQuery.PageSize + 1)
            .Select(o => new { o.Id, Row = new OrderRow(o.Number, o.CreatedAt, o.Email, o.Status, o.Lines.Sum(l => l.Quantity), o.Total, o.Currency) })
            .ToListAsync(cancellationToken);
        var older = rows.Count > OrderListQuery.PageSize ? Cursor.Format(rows[OrderListQuery.PageSize - 1].Row.CreatedAt, rows[OrderListQuery.PageSize - 1].Id) : null;
        return new OrderListPage([.. rows.Take(OrderListQuery.PageSize).Select(r => r.Row with { Currency = r.Row.Currency.Trim() })], older);
    }

    public async Task<OrderDetail?> GetAsync(string number, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleOrDefaultAsync(o => o.Number == number, cancellationToken);
        if (order is null)
        {
            return null;
        }
        var changes = await db.OrderStatusChanges.AsNoTracking().Where(c => c.OrderId == order.Id)
            .OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new OrderHistoryRow(c.At, c.From, c.To, c.ActorEmail, c.Note))
            .ToListAsync(cancellationToken);
        // Checkout writes the order as paid; that is where its history starts.
        List<OrderHistoryRow> history = [new(order.CreatedAt, null, OrderStatus.Paid, null, "Placed at checkout, payment authorized"), .. changes];
        return new OrderDetail(order.Number, order.Status, order.Version, order.Email, order.CustomerId,
            order.ShippingAddress, order.BillingAddress, order.Currency.Trim(),
            order.Subtotal, order.ShippingTotal, order.TaxTotal, order.Total,
            order.PaymentReference, order.ShippingMethod, order.TrackingNumber, order.CreatedAt, order.UpdatedAt,
            [.. order.Lines.OrderBy(l => l.Id).Select(l => new OrderLineRow(l.ProductId, l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))],
            history);
    }

    /// <summary>
    /// Moves order <paramref name="number"/> to <paramref name="to"/>, if the order is still at
    /// <paramref name="version"/> and the move is legal. Shipping needs <paramref name="trackingNumber"/>.
    /// </summary>
    public async Task<OrderChangeResult> ChangeStatusAsync(string number, OrderStatus to, uint version, string? trackingNumber, StaffActor actor,
        CancellationToken cancellationToken = default)
    {
        var tracking = trackingNumber?.Trim();
        if (OrderTransitions.NeedsTracking(to))
        {
            if (string.IsNullOrEmpty(tracking))
            {
                return new(OrderChangeOutcome.Invalid, "Enter the carrier's tracking number to mark the order shipped.");
            }
            if (tracking.Length > MaxTrackingLength || tracking.Any(char.IsControl))
            {
                return new(OrderChangeOutcome.Invalid, $"A tracking number is at most {MaxTrackingLength} printable characters.");
            }
        }
        var restocked = new List<int>();
        OrderChangeResult result;
        try
        {
            result = await contexts.InTransactionAsync(async (db, _) =>
            {
                restocked.Clear();
                // The row lock serializes staff acting on one order: whoever waits sees the winner's version below.
                var ids = await db.Database.SqlQuery<long>($"select id as \"Value\" from orders where number = {number} for update")
                    .ToListAsync(cancellationToken);
                if (ids.Count == 0)
                {
                    return new OrderChangeResult(OrderChangeOutcome.NotFound, $"There is no order {number}.");
                }
                var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == ids[0], cancellationToken);
                if (order.Version != version)
                {
                    return Conflict(order.Status);
                }
                if (!OrderTransitions.IsAllowed(order.Status, to))
                {
                    return new OrderChangeResult(OrderChangeOutcome.Refused, OrderTransitions.Refusal(order.Status, to), order.Status);
                }
                var from = order.Status;
                var before = Snapshot(order, null, null);
                var now = time.GetUtcNow();
                string? note = null;
                string? payment = null;
                List<RestockedLine>? returned = null;
                switch (to)
                {
                    case OrderStatus.Shipped:
                        order.TrackingNumber = tracking;
                        // Committed with the status below: the e-mail goes out once the order is shipped, never otherwise.
                        new ShopOutbox(db, time).ShippingNotification(order.Number, tracking);
                        note = "Tracking number " + tracking;
                        break;
                    case OrderStatus.Cancelled:
                        returned = await RestockAsync(db, order, actor, now, cancellationToken);
                        restocked.AddRange(returned.Select(r => r.ProductId));
                        note = returned.Count == 0
                            ? "Nothing to restock"
                            : "Restocked " + string.Join(", ", returned.Select(r => $"{r.Quantity} × {r.Sku}"));
                        if (order.PaymentReference is { } authorization)
                        {
                            await payments.VoidAsync(authorization, cancellationToken);
                            payment = "voided " + authorization;
                            note += "; payment authorization voided";
                        }
                        break;
                    case OrderStatus.Refunded:
                        if (order.PaymentReference is not { } paid)
                        {
                            return new OrderChangeResult(OrderChangeOutcome.PaymentFailed, "This order has no payment to refund. Nothing was changed.", order.Status);
                        }
                        var refund = await payments.RefundAsync(new RefundRequest(paid, order.Total, order.Currency.Trim(), "refund:" + order.Number), cancellationToken);
                        if (!refund.Succeeded)
                        {
                            return new OrderChangeResult(OrderChangeOutcome.PaymentFailed,
                                $"The payment provider refused the refund: {refund.Message} Nothing was changed.", order.Status);
                        }
                        payment = "refunded " + refund.RefundId;
                        note = string.Create(CultureInfo.InvariantCulture, $"Refunded {order.Total:0.00} {order.Currency.Trim()} ({refund.RefundId})");
                        break;
                }
                order.Status = to;
                order.UpdatedAt = now;
                db.OrderStatusChanges.Add(new OrderStatusChange { OrderId = order.Id, At = now, From = from, To = to, ActorEmail = actor.Email, Note = note });
                AuditLog.Record(db, actor, OrderTransitions.AuditAction(to), nameof(Order), order.Number, before, Snapshot(order, payment, returned), now);
                // xmin is the concurrency token as well: the UPDATE matches only the version loaded above.
                await db.SaveChangesAsync(cancellationToken);
                return new OrderChangeResult(OrderChangeOutcome.Done, DoneMessage(to, order.Number), to);
            }, commit: r => r.Succeeded, cancellationToken: cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await GetAsync(number, cancellationToken);
            result = Conflict(current?.Status ?? to);
        }
        if (result.Succeeded)
        {
            LogChanged(logger, number, to, actor.Email);
            if (restocked.Count > 0)
            {
                // Stock came back: product pages and in-stock listings change.
                await cache.InvalidateAsync([CatalogTags.Catalog, .. restocked.Distinct().Select(CatalogTags.Product)], cancellationToken);
            }
        }
        return result;
    }

    /// <summary>Returns every line's units to its product (lines whose product was deleted return nothing), in product id order.</summary>
    private static async Task<List<RestockedLine>> RestockAsync(ShopDbContext db, Order order, StaffActor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var returned = new List<RestockedLine>();
        var lines = order.Lines.Where(l => l.ProductId is not null)
            .GroupBy(l => l.ProductId!.Value)
            .Select(g => (ProductId: g.Key, Quantity: g.Sum(l => l.Quantity), g.First().Sku))
            .OrderBy(l => l.ProductId);
        foreach (var (productId, quantity, sku) in lines)
        {
            var stock = await db.Database.SqlQuery<int>($"""
                update products set stock = stock + {quantity}, updated_at = {now}
                where id = {productId}
                returning stock as "Value"
                """).ToListAsync(cancellationToken);
            if (stock.Count == 0)
            {
                continue;
            }
            db.StockMovements.Add(new StockMovement
            {
                ProductId = productId, At = now, Delta = quantity, StockAfter = stock[0],
                Reason = $"Order {order.Number} cancelled", ActorEmail = actor.Email,
            });
            returned.Add(new RestockedLine(productId, sku, quantity));
        }
        return returned;
    }

    private static OrderChangeResult Conflict(OrderStatus now) => new(OrderChangeOutcome.Conflict,
        $"Someone else changed this order while you were looking at it (it is now {now.ToString().ToLowerInvariant()}). Nothing was changed: check the order and try again.",
        now);

    /// <summary>What the page says after a move to <paramref name="to"/>.</summary>
    public static string DoneMessage(OrderStatus to, string number) => to switch
    {
        OrderStatus.Packed => $"Order {number} is packed.",
        OrderStatus.Shipped => $"Order {number} is shipped; the customer's shipping e-mail is on its way.",
        OrderStatus.Delivered => $"Order {number} is delivered.",
        OrderStatus.Cancelled => $"Order {number} is cancelled; its items are back in stock and the payment authorization is voided.",
        OrderStatus.Refunded => $"Order {number} is refunded.",
        _ => $"Order {number} is {to.ToString().ToLowerInvariant()}.",
    };

    internal static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static OrderSnapshot Snapshot(Order o, string? payment, List<RestockedLine>? restocked) =>
        new(o.Status.ToString(), o.TrackingNumber, payment, restocked);

    private sealed record OrderSnapshot(string Status, string? TrackingNumber, string? Payment, List<RestockedLine>? Restocked);

    private sealed record RestockedLine(int ProductId, string Sku, int Quantity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {Number} moved to {Status} by {Actor}")]
    private static partial void LogChanged(ILogger logger, string number, OrderStatus status, string actor);

    /// <summary>The list's position: <c>{created_at in UTC ticks}-{id}</c>; anything else means the first page.</summary>
    internal static class Cursor
    {
        public static string Format(DateTimeOffset at, long id) => string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}-{id}");

        public static bool TryParse(string? value, out DateTimeOffset at, out long id)
        {
            at = default;
            id = 0;
            var parts = value?.Split('-');
            if (parts is not [var ticks, var key]
                || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                || !long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out id)
                || t < DateTimeOffset.MinValue.UtcTicks || t > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }
            at = new DateTimeOffset(t, TimeSpan.Zero);
            return true;
        }
    }
}
