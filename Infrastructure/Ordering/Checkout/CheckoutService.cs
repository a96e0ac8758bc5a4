using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs.Outbox;
using PeakShop.Infrastructure.Ordering.Payments;

namespace PeakShop.Infrastructure.Ordering.Checkout;

public enum CheckoutOutcome
{
    Placed,
    /// <summary>The same idempotency key already made this order.</summary>
    AlreadyPlaced,
    EmptyCart,
    InvalidShipping,
    /// <summary>A line is no longer available, or not in the quantity asked for.</summary>
    OutOfStock,
    PaymentFailed,
    /// <summary>The form's idempotency key is missing or all zeros: nothing was charged or written.</summary>
    InvalidForm,
}

// SoldOut: the products whose stock this order took to zero.
public sealed record CheckoutResult(CheckoutOutcome Outcome, string? OrderNumber = null, string? Message = null, IReadOnlyList<int>? SoldOut = null)
{
    public bool HasOrder => Outcome is CheckoutOutcome.Placed or CheckoutOutcome.AlreadyPlaced;
}

public sealed record CheckoutRequest(
    string CartId,
    Guid IdempotencyKey,
    string Email,
    string? CustomerId,
    Address ShippingAddress,
    string ShippingMethod,
    CardDetails Card);

/// <summary>
/// Places an order from a cart: prices from the database at this moment (never from the form), payment
/// authorized before anything is written, then one transaction that decrements stock atomically
/// (never below zero) and writes the order.
/// </summary>
public sealed partial class CheckoutService(
    ShopDbContext db,
    CartStore carts,
    IPaymentProvider payments,
    IShopCacheInvalidator cache,
    TimeProvider time,
    ILogger<CheckoutService> logger)
{
    /// <summary>VAT included in prices (a flat rate for the demo store).</summary>
    public const decimal VatRate = 0.20m;

    public async Task<CheckoutResult> PlaceOrderAsync(CheckoutRequest request, CancellationToken cancellationToken = default)
    {
        if (!CheckoutKeys.IsAcceptable(request.IdempotencyKey))
        {
            return new CheckoutResult(CheckoutOutcome.InvalidForm, Message: InvalidFormMessage);
        }
        // From here on the key is the one bound to this cart: another cart's form key finds nothing.
        request = request with { IdempotencyKey = CheckoutKeys.Bind(request.CartId, request.IdempotencyKey) };
        if (await FindByKeyAsync(request.IdempotencyKey, cancellationToken) is { } existing)
        {
            return new CheckoutResult(CheckoutOutcome.AlreadyPlaced, existing);
        }
        var method = ShippingMethods.Find(request.ShippingMethod);
        if (method is null)
        {
            return new CheckoutResult(CheckoutOutcome.InvalidShipping, Message: "Choose a shipping method.");
        }
        // Only what the shopper chose comes from the cart; names, prices and stock come from the primary
        // below (the cart page's pricing on a standby is not the snapshot the order keeps).
        var chosen = await carts.GetLinesAsync(request.CartId);
        var ids = chosen.Select(l => l.ProductId).ToList();
        var products = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.Name, p.Price, p.Currency, p.Stock, p.IsArchived })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        // A line whose product no longer exists at all is not shown in the cart either: leave it out.
        chosen = [.. chosen.Where(l => products.ContainsKey(l.ProductId))];
        if (chosen.Count == 0)
        {
            // A concurrent submit of the same form may have placed the order and emptied the cart meanwhile.
            return await FindByKeyAsync(request.IdempotencyKey, cancellationToken) is { } placed
                ? new CheckoutResult(CheckoutOutcome.AlreadyPlaced, placed)
                : new CheckoutResult(CheckoutOutcome.EmptyCart, Message: "Your cart is empty.");
        }

        var lines = new List<OrderLine>();
        foreach (var line in chosen)
        {
            var p = products[line.ProductId];
            if (p.IsArchived)
            {
                return new CheckoutResult(CheckoutOutcome.OutOfStock, Message: $"“{p.Name}” is no longer available. Remove it from your cart to continue.");
            }
            if (p.Stock < line.Quantity)
            {
                return OutOfStock(p.Name, p.Stock);
            }
            lines.Add(new OrderLine { ProductId = p.Id, Sku = p.Sku, Name = p.Name, UnitPrice = p.Price, Quantity = line.Quantity, LineTotal = p.Price * line.Quantity });
        }
        var currency = products.Values.First().Currency.Trim();
        var subtotal = lines.Sum(l => l.LineTotal);
        var shipping = method.PriceFor(subtotal);
        var total = subtotal + shipping;

        var payment = await payments.AuthorizeAsync(
            new PaymentRequest(request.IdempotencyKey.ToString("N"), total, currency, request.Card), cancellationToken);
        if (!payment.Succeeded)
        {
            return new CheckoutResult(CheckoutOutcome.PaymentFailed, Message: payment.Message);
        }

        var result = await WriteOrderAsync(request, method, lines, currency, subtotal, shipping, total, payment.AuthorizationId!, cancellationToken);
        if (result.Outcome != CheckoutOutcome.Placed)
        {
            await payments.VoidAsync(payment.AuthorizationId!, cancellationToken);
            return result;
        }

        await carts.ClearAsync(request.CartId);
        var tags = lines.Select(l => CatalogTags.Product(l.ProductId!.Value)).ToList();
        if (result.SoldOut is { Count: > 0 })
        {
            // A product just sold out: in-stock listings change membership, not only the product's tile.
            tags.Add(CatalogTags.Catalog);
        }
        await cache.InvalidateAsync(tags, cancellationToken);
        LogPlaced(logger, result.OrderNumber!, total);
        return result;
    }

    private async Task<CheckoutResult> WriteOrderAsync(
        CheckoutRequest request, ShippingMethod method, List<OrderLine> lines, string currency,
        decimal subtotal, decimal shipping, decimal total, string paymentReference, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            var soldOut = new List<int>();
            return await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // In product id order, so two checkouts never wait on each other's rows in a cycle.
                soldOut.Clear();
                foreach (var line in lines)
                {
                    var remaining = await db.Database.SqlQuery<int>(
                        $"update products set stock = stock - {line.Quantity}, updated_at = now() where id = {line.ProductId} and stock >= {line.Quantity} and not is_archived returning stock as \"Value\"")
                        .ToListAsync(ct);
                    if (remaining is [0])
                    {
                        soldOut.Add(line.ProductId!.Value);
                    }
                    if (remaining.Count == 0)
                    {
                        await transaction.RollbackAsync(ct);
                        var left = await db.Products.Where(p => p.Id == line.ProductId).Select(p => p.Stock).SingleOrDefaultAsync(ct);
                        return OutOfStock(line.Name, left);
                    }
                }
                var sequence = await db.Database
                    .SqlQueryRaw<long>($"select nextval('{OrderNumbers.Sequence}') as \"Value\"")
                    .SingleAsync(ct);
                var now = time.GetUtcNow();
                var order = new Order
                {
                    Number = OrderNumbers.Format(now.Year, sequence),
                    Status = OrderStatus.Paid,
                    CustomerId = request.CustomerId,
                    Email = request.Email.Trim(),
                    ShippingAddress = request.ShippingAddress,
                    BillingAddress = request.ShippingAddress,
                    Currency = currency,
                    Subtotal = subtotal,
                    ShippingTotal = shipping,
                    TaxTotal = Math.Round(total - (total / (1 + VatRate)), 2, MidpointRounding.AwayFromZero),
                    Total = total,
                    IdempotencyKey = request.IdempotencyKey,
                    PaymentReference = paymentReference,
                    ShippingMethod = method.Code,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                order.Lines.AddRange(lines.Select(l => new OrderLine
                {
                    ProductId = l.ProductId, Sku = l.Sku, Name = l.Name, UnitPrice = l.UnitPrice, Quantity = l.Quantity, LineTotal = l.LineTotal,
                }));
                db.Orders.Add(order);
                // The confirmation e-mail's job is written with the order: both commit, or neither does.
                db.OutboxMessages.Add(ShopOutbox.Create(OutboxKinds.OrderConfirmation, new OrderConfirmationPayload(order.Number), now));
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return new CheckoutResult(CheckoutOutcome.Placed, order.Number, SoldOut: [.. soldOut]);
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
            && pg.ConstraintName?.Contains("idempotency", StringComparison.Ordinal) == true)
        {
            // A concurrent submit of the same form won: show its order.
            db.ChangeTracker.Clear();
            var number = await FindByKeyAsync(request.IdempotencyKey, cancellationToken);
            return new CheckoutResult(CheckoutOutcome.AlreadyPlaced, number);
        }
    }

    /// <summary>The order this cart's checkout form already made, if any (a form key of another cart finds nothing).</summary>
    public Task<string?> FindOrderNumberAsync(string cartId, Guid formKey, CancellationToken cancellationToken = default) =>
        CheckoutKeys.IsAcceptable(formKey) && !string.IsNullOrEmpty(cartId)
            ? FindByKeyAsync(CheckoutKeys.Bind(cartId, formKey), cancellationToken)
            : Task.FromResult<string?>(null);

    /// <summary>What a shopper reads when the form's key is missing or forged.</summary>
    public const string InvalidFormMessage = "This checkout form has expired. Check your details and place the order again.";

    private Task<string?> FindByKeyAsync(Guid key, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Where(o => o.IdempotencyKey == key).Select(o => o.Number).SingleOrDefaultAsync(cancellationToken);

    private static CheckoutResult OutOfStock(string name, int left) =>
        new(CheckoutOutcome.OutOfStock, Message: left <= 0
            ? $"Sorry, “{name}” has just sold out. Remove it from your cart to continue."
            : $"Sorry, only {left} of “{name}” left. Lower the quantity in your cart to continue.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {Number} placed, total {Total}")]
    private static partial void LogPlaced(ILogger logger, string number, decimal total);
}
