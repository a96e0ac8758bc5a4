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

/// <summary>
/// Staff work on orders: the list, the detail, and status transitions (<see cref="OrderTransitions"/>). A transition
/// takes its turn on the order (two staff moves of one order never overlap), checks the version the staff member saw
/// (<c>xmin</c>) and the move, asks the payment provider to void or refund with no transaction open, then writes the
/// new status, its history row, its audit row and its side effects (restock, outbox row for the shipping e-mail) in
/// one short transaction guarded by that version. A refused refund changes nothing.
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
        if (TrackingProblem(to, tracking) is { } invalid)
        {
            return invalid;
        }
        var (result, restocked) = await MoveAsync(number, to, version, tracking, actor, cancellationToken);
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

    private static OrderChangeResult? TrackingProblem(OrderStatus to, string? tracking)
    {
        if (!OrderTransitions.NeedsTracking(to))
        {
            return null;
        }
        if (string.IsNullOrEmpty(tracking))
        {
            return new(OrderChangeOutcome.Invalid, "Enter the carrier's tracking number to mark the order shipped.");
        }
        if (tracking.Length > MaxTrackingLength || tracking.Any(char.IsControl))
        {
            return new(OrderChangeOutcome.Invalid, $"A tracking number is at most {MaxTrackingLength} printable characters.");
        }
        return null;
    }

    /// <summary>Decide, pay, write: the steps of a move, in the order's turn. Returns the products restocked.</summary>
    private async Task<(OrderChangeResult Result, IReadOnlyList<int> Restocked)> MoveAsync(string number, OrderStatus to, uint version, string? tracking,
        StaffActor actor, CancellationToken cancellationToken)
    {
        // Whoever waits for the turn reads the winner's version below, and is refused before the payment provider is asked.
        await using var turn = await OrderTurn.TakeAsync(contexts, number, cancellationToken);
        var order = await turn.Db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Number == number, cancellationToken);
        if (order is null)
        {
            return (new(OrderChangeOutcome.NotFound, $"There is no order {number}."), []);
        }
        if (Refusal(order, to, version) is { } refused)
        {
            return (refused, []);
        }
        var payment = await PayAsync(order, to, cancellationToken);
        if (payment.Failure is { } failed)
        {
            return (failed, []);
        }
        return await ApplyAsync(order, to, tracking, payment, actor, cancellationToken);
    }

    /// <summary>Why <paramref name="order"/> cannot move to <paramref name="to"/> from the version the caller saw, or null when it can.</summary>
    private static OrderChangeResult? Refusal(Order order, OrderStatus to, uint version)
    {
        if (order.Version != version)
        {
            return Conflict(order.Status);
        }
        if (!OrderTransitions.IsAllowed(order.Status, to))
        {
            return new(OrderChangeOutcome.Refused, OrderTransitions.Refusal(order.Status, to), order.Status);
        }
        if (to == OrderStatus.Refunded && order.PaymentReference is null)
        {
            return new(OrderChangeOutcome.PaymentFailed, "This order has no payment to refund. Nothing was changed.", order.Status);
        }
        return null;
    }

    /// <summary>
    /// Voids the authorization of a cancelled order, refunds a refunded one; other moves pay nothing. Both calls are safe
    /// to repeat: a void is keyed by the authorization it voids, a refund by <see cref="RefundKey"/>, so a move retried
    /// after a failure never pays back twice.
    /// </summary>
    private async Task<PaymentStep> PayAsync(Order order, OrderStatus to, CancellationToken cancellationToken)
    {
        switch (to)
        {
            case OrderStatus.Cancelled when order.PaymentReference is { } authorization:
                await payments.VoidAsync(authorization, cancellationToken);
                return new PaymentStep("voided " + authorization, "payment authorization voided");
            case OrderStatus.Refunded:
                var currency = order.Currency.Trim();
                var refund = await payments.RefundAsync(new RefundRequest(order.PaymentReference!, order.Total, currency, RefundKey(order.Number)), cancellationToken);
                return refund.Succeeded
                    ? new PaymentStep("refunded " + refund.RefundId, string.Create(CultureInfo.InvariantCulture, $"Refunded {order.Total:0.00} {currency} ({refund.RefundId})"))
                    : new PaymentStep(null, null, new(OrderChangeOutcome.PaymentFailed,
                        $"The payment provider refused the refund: {refund.Message} Nothing was changed.", order.Status));
            default:
                return PaymentStep.None;
        }
    }

    /// <summary>The refund's idempotency key: one per order (an order is refunded once, in full). Never change it: a retry must send the same.</summary>
    private static string RefundKey(string number) => "refund:" + number;

    /// <summary>
    /// The move's one short transaction: locks the order row and, if the order is still at the version the move was
    /// decided on, writes the status, the restock or the shipping outbox row, the history row and the audit row.
    /// </summary>
    private async Task<(OrderChangeResult Result, IReadOnlyList<int> Restocked)> ApplyAsync(Order decided, OrderStatus to, string? tracking,
        PaymentStep payment, StaffActor actor, CancellationToken cancellationToken)
    {
        try
        {
            var applied = await contexts.InTransactionAsync(async (db, ct) =>
            {
                await db.Database.SqlQuery<long>($"select id as \"Value\" from orders where id = {decided.Id} for update").ToListAsync(ct);
                var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == decided.Id, ct);
                var now = time.GetUtcNow();
                if (order.Version != decided.Version)
                {
                    var lost = LostRace(db, order, to, payment, actor, now);
                    if (lost.Commit)
                    {
                        await db.SaveChangesAsync(ct);
                    }
                    return lost;
                }
                var from = order.Status;
                var before = Snapshot(order, null, null);
                string? note = null;
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
                        returned = await RestockAsync(db, order, actor, now, ct);
                        note = returned.Count == 0
                            ? "Nothing to restock"
                            : "Restocked " + string.Join(", ", returned.Select(r => $"{r.Quantity} × {r.Sku}"));
                        break;
                }
                note = payment.Note is null ? note : note is null ? payment.Note : note + "; " + payment.Note;
                order.Status = to;
                order.UpdatedAt = now;
                db.OrderStatusChanges.Add(new OrderStatusChange { OrderId = order.Id, At = now, From = from, To = to, ActorEmail = actor.Email, Note = note });
                AuditLog.Record(db, actor, OrderTransitions.AuditAction(to), nameof(Order), order.Number, before, Snapshot(order, payment.Done, returned), now);
                // xmin is the concurrency token as well: the UPDATE matches only the version the move was decided on.
                await db.SaveChangesAsync(ct);
                return new Applied(new(OrderChangeOutcome.Done, DoneMessage(to, order.Number), to), [.. returned?.Select(r => r.ProductId) ?? []], Commit: true);
            }, commit: a => a.Commit, cancellationToken: cancellationToken);
            return (applied.Result, applied.Restocked);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await GetAsync(decided.Number, cancellationToken);
            return (Conflict(current?.Status ?? to), []);
        }
    }

    /// <summary>
    /// The order changed between the decision and the write: by a writer that is not a staff move, or after a turn was
    /// lost with its connection. The move is not written. A void or refund the provider already made cannot be taken
    /// back, so it is not left silent: the order's history and the audit log record it, the staff member is told, and
    /// the log has an error. (When the same move won, its void or refund was this one, made once: a plain conflict.)
    /// </summary>
    private Applied LostRace(ShopDbContext db, Order order, OrderStatus to, PaymentStep payment, StaffActor actor, DateTimeOffset now)
    {
        if (payment.Done is null || order.Status == to)
        {
            return new Applied(Conflict(order.Status), [], Commit: false);
        }
        var move = to.ToString().ToLowerInvariant();
        var status = order.Status.ToString().ToLowerInvariant();
        db.OrderStatusChanges.Add(new OrderStatusChange
        {
            OrderId = order.Id, At = now, From = order.Status, To = order.Status, ActorEmail = actor.Email,
            Note = $"Not {move}: the order changed while it was being {move}, after the payment provider had {payment.Done}. The status was left {status}.",
        });
        AuditLog.Record(db, actor, OrderTransitions.AuditAction(to) + ".payment-only", nameof(Order), order.Number,
            Snapshot(order, null, null), Snapshot(order, payment.Done, null), now);
        LogPaymentOnly(logger, order.Number, to, payment.Done, order.Status);
        var message = to == OrderStatus.Cancelled
            ? $"Someone else changed this order while you were cancelling it (it is now {status}). Its payment authorization was already voided and stays voided, but the order was not cancelled and nothing was restocked. The order's history records this: check the order."
            : $"Someone else changed this order while you were refunding it (it is now {status}). The payment provider had already {payment.Done}, and that refund stands, but the order was not marked refunded. The order's history records this; refunding it again repeats that same refund, never a second one.";
        return new Applied(new(OrderChangeOutcome.Conflict, message, order.Status), [], Commit: true);
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

    /// <summary>What the payment provider did for a move: <see cref="Done"/> for the audit, <see cref="Note"/> for the history; or why it refused.</summary>
    private sealed record PaymentStep(string? Done, string? Note, OrderChangeResult? Failure = null)
    {
        public static readonly PaymentStep None = new(null, null);
    }

    /// <summary>A move's transaction: its result, the products it restocked, and whether it wrote anything to commit.</summary>
    private sealed record Applied(OrderChangeResult Result, IReadOnlyList<int> Restocked, bool Commit);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {Number} moved to {Status} by {Actor}")]
    private static partial void LogChanged(ILogger logger, string number, OrderStatus status, string actor);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order {Number} was not moved to {Status}: it changed meanwhile, after the payment provider had {Payment}; it stays {Current}")]
    private static partial void LogPaymentOnly(ILogger logger, string number, OrderStatus status, string payment, OrderStatus current);
}
