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

// SoldOut: the products whose stock this order took to zero. ProductId and Available (OutOfStock): the line that
// stopped the order and how many of it are left (0 when sold out or archived), so an API client can fix that line.
public sealed record CheckoutResult(
    CheckoutOutcome Outcome,
    string? OrderNumber = null,
    string? Message = null,
    IReadOnlyList<int>? SoldOut = null,
    int? ProductId = null,
    int? Available = null)
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
        var (cart, stopped) = await PriceCartAsync(request, cancellationToken);
        if (cart is null)
        {
            return stopped!;
        }
        var draft = OrderDraft.Of(request, method, cart);

        var payment = await payments.AuthorizeAsync(
            new PaymentRequest(request.IdempotencyKey.ToString("N"), draft.Total, draft.Currency, request.Card), cancellationToken);
        if (!payment.Succeeded)
        {
            return new CheckoutResult(CheckoutOutcome.PaymentFailed, Message: payment.Message);
        }

        var result = await WriteOrderAsync(draft, payment.AuthorizationId!, cancellationToken);
        if (result.Outcome != CheckoutOutcome.Placed)
        {
            await payments.VoidAsync(payment.AuthorizationId!, cancellationToken);
            return result;
        }
        await AfterPlacedAsync(draft, result, cancellationToken);
        return result;
    }

    /// <summary>
    /// The cart's lines at the primary's names and prices of this moment, or why checkout stops here: the cart is
    /// empty (or its order was just placed by a concurrent submit), or a line is archived or short of stock.
    /// </summary>
    private async Task<(PricedCart? Cart, CheckoutResult? Stopped)> PriceCartAsync(CheckoutRequest request, CancellationToken cancellationToken)
    {
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
            return (null, await FindByKeyAsync(request.IdempotencyKey, cancellationToken) is { } placed
                ? new CheckoutResult(CheckoutOutcome.AlreadyPlaced, placed)
                : new CheckoutResult(CheckoutOutcome.EmptyCart, Message: "Your cart is empty."));
        }

        var lines = new List<OrderLine>();
        foreach (var line in chosen)
        {
            var p = products[line.ProductId];
            if (p.IsArchived)
            {
                return (null, new CheckoutResult(CheckoutOutcome.OutOfStock, Message: $"“{p.Name}” is no longer available. Remove it from your cart to continue.", ProductId: p.Id, Available: 0));
            }
            if (p.Stock < line.Quantity)
            {
                return (null, OutOfStock(p.Id, p.Name, p.Stock));
            }
            lines.Add(new OrderLine { ProductId = p.Id, Sku = p.Sku, Name = p.Name, UnitPrice = p.Price, Quantity = line.Quantity, LineTotal = p.Price * line.Quantity });
        }
        return (new PricedCart(lines, products.Values.First().Currency.Trim()), null);
    }

    /// <summary>
    /// One transaction: takes every line's units from stock (never below zero), writes the order and its confirmation
    /// e-mail's outbox row. Stock that ran out since pricing is <see cref="CheckoutOutcome.OutOfStock"/>; a concurrent
    /// submit of the same form that won is <see cref="CheckoutOutcome.AlreadyPlaced"/>.
    /// </summary>
    private async Task<CheckoutResult> WriteOrderAsync(OrderDraft draft, string paymentReference, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            var soldOut = new List<int>();
            return await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                soldOut.Clear();
                if (await TakeStockAsync(draft.Lines, soldOut, ct) is { } shortLine)
                {
                    await transaction.RollbackAsync(ct);
                    var left = await db.Products.Where(p => p.Id == shortLine.ProductId).Select(p => p.Stock).SingleOrDefaultAsync(ct);
                    return OutOfStock(shortLine.ProductId!.Value, shortLine.Name, left);
                }
                var order = await NewOrderAsync(draft, paymentReference, ct);
                db.Orders.Add(order);
                // The confirmation e-mail's job is written with the order: both commit, or neither does.
                db.OutboxMessages.Add(ShopOutbox.Create(OutboxKinds.OrderConfirmation, new OrderConfirmationPayload(order.Number), order.CreatedAt));
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
            var number = await FindByKeyAsync(draft.Request.IdempotencyKey, cancellationToken);
            return new CheckoutResult(CheckoutOutcome.AlreadyPlaced, number);
        }
    }

    /// <summary>
    /// Decrements each line's stock atomically where enough is left; adds the products it took to zero to
    /// <paramref name="soldOut"/>. Returns the first line there was not enough of (the caller rolls back), or null.
    /// </summary>
    private async Task<OrderLine?> TakeStockAsync(List<OrderLine> lines, List<int> soldOut, CancellationToken cancellationToken)
    {
        // In product id order (the cart's), so two checkouts never wait on each other's rows in a cycle.
        foreach (var line in lines)
        {
            var remaining = await db.Database.SqlQuery<int>(
                $"update products set stock = stock - {line.Quantity}, updated_at = now() where id = {line.ProductId} and stock >= {line.Quantity} and not is_archived returning stock as \"Value\"")
                .ToListAsync(cancellationToken);
            if (remaining is [0])
            {
                soldOut.Add(line.ProductId!.Value);
            }
            if (remaining.Count == 0)
            {
                return line;
            }
        }
        return null;
    }

    /// <summary>The order as it is written: numbered from the sequence, paid, its lines a copy of the draft's.</summary>
    private async Task<Order> NewOrderAsync(OrderDraft draft, string paymentReference, CancellationToken cancellationToken)
    {
        var sequence = await db.Database
            .SqlQueryRaw<long>($"select nextval('{OrderNumbers.Sequence}') as \"Value\"")
            .SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        var request = draft.Request;
        var order = new Order
        {
            Number = OrderNumbers.Format(now.Year, sequence),
            Status = OrderStatus.Paid,
            CustomerId = request.CustomerId,
            Email = request.Email.Trim(),
            ShippingAddress = request.ShippingAddress,
            BillingAddress = request.ShippingAddress,
            Currency = draft.Currency,
            Subtotal = draft.Subtotal,
            ShippingTotal = draft.Shipping,
            TaxTotal = Math.Round(draft.Total - (draft.Total / (1 + VatRate)), 2, MidpointRounding.AwayFromZero),
            Total = draft.Total,
            IdempotencyKey = request.IdempotencyKey,
            PaymentReference = paymentReference,
            ShippingMethod = draft.Method.Code,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // Fresh entities on every attempt of the transaction: a retry must not see the tracked state of the failed one.
        order.Lines.AddRange(draft.Lines.Select(l => new OrderLine
        {
            ProductId = l.ProductId, Sku = l.Sku, Name = l.Name, UnitPrice = l.UnitPrice, Quantity = l.Quantity, LineTotal = l.LineTotal,
        }));
        return order;
    }

    /// <summary>After the commit: the cart is spent, and the products' pages show their new stock on every replica.</summary>
    private async Task AfterPlacedAsync(OrderDraft draft, CheckoutResult result, CancellationToken cancellationToken)
    {
        await carts.ClearAsync(draft.Request.CartId);
        var tags = draft.Lines.Select(l => CatalogTags.Product(l.ProductId!.Value)).ToList();
        if (result.SoldOut is { Count: > 0 })
        {
            // A product just sold out: in-stock listings change membership, not only the product's tile.
            tags.Add(CatalogTags.Catalog);
        }
        await cache.InvalidateAsync(tags, cancellationToken);
        LogPlaced(logger, result.OrderNumber!, draft.Total);
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

    private static CheckoutResult OutOfStock(int productId, string name, int left) =>
        new(CheckoutOutcome.OutOfStock, ProductId: productId, Available: Math.Max(0, left), Message: left <= 0
            ? $"Sorry, “{name}” has just sold out. Remove it from your cart to continue."
            : $"Sorry, only {left} of “{name}” left. Lower the quantity in your cart to continue.");

    /// <summary>The cart's lines priced from the primary, in product id order, and the currency they are priced in.</summary>
    private sealed record PricedCart(List<OrderLine> Lines, string Currency);

    /// <summary>What the shopper is about to pay for: the priced lines, the shipping method and the totals.</summary>
    private sealed record OrderDraft(CheckoutRequest Request, ShippingMethod Method, List<OrderLine> Lines, string Currency,
        decimal Subtotal, decimal Shipping, decimal Total)
    {
        public static OrderDraft Of(CheckoutRequest request, ShippingMethod method, PricedCart cart)
        {
            var subtotal = cart.Lines.Sum(l => l.LineTotal);
            var shipping = method.PriceFor(subtotal);
            return new OrderDraft(request, method, cart.Lines, cart.Currency, subtotal, shipping, subtotal + shipping);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {Number} placed, total {Total}")]
    private static partial void LogPlaced(ILogger logger, string number, decimal total);
}
