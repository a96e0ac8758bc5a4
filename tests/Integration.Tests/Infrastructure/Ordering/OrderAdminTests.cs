using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs.Outbox;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Admin;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;
using PeakShop.Integration.Tests.Jobs;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Infrastructure.Ordering;

/// <summary>Staff order transitions on the real primary: legal moves, refusals, restock, refunds, concurrency, the shipping outbox row.</summary>
public sealed class OrderAdminTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static readonly StaffActor Alice = new("alice-id", "alice@peakshop.test");
    private static readonly StaffActor Bob = new("bob-id", "bob@peakshop.test");

    private OrderAdmin Admin => factory.Services.GetRequiredService<OrderAdmin>();

    [Fact]
    public async Task PaidOrder_GoesPackedShippedDelivered_WithHistoryAndOneAuditRowPerStep()
    {
        var number = await PlaceAsync();

        Assert.True((await MoveAsync(number, OrderStatus.Packed, Alice)).Succeeded);
        Assert.True((await MoveAsync(number, OrderStatus.Shipped, Bob, "1Z999AA10123456784")).Succeeded);
        Assert.True((await MoveAsync(number, OrderStatus.Delivered, Alice)).Succeeded);

        var order = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.Equal("1Z999AA10123456784", order.TrackingNumber);
        Assert.Equal([OrderStatus.Paid, OrderStatus.Packed, OrderStatus.Shipped, OrderStatus.Delivered], order.History.Select(h => h.To));
        Assert.Equal([null, Alice.Email, Bob.Email, Alice.Email], order.History.Select(h => h.ActorEmail));

        var audit = await AuditAsync(number);
        Assert.Equal(["order.pack", "order.ship", "order.deliver"], audit.Select(a => a.Action));
        Assert.Equal([Alice.Id, Bob.Id, Alice.Id], audit.Select(a => a.ActorId));
        Assert.Equal(["Paid", "Packed", "Shipped"], audit.Select(a => Status(a.Before)));
        Assert.Equal(["Packed", "Shipped", "Delivered"], audit.Select(a => Status(a.After)));
        Assert.All(audit, a => Assert.True(DateTimeOffset.UtcNow - a.At < TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task IllegalMoves_AreRefusedWithAClearMessage_AndChangeNothing()
    {
        var number = await PlaceAsync();
        await MoveAsync(number, OrderStatus.Packed, Alice);
        await MoveAsync(number, OrderStatus.Shipped, Alice, "TRACK-1");
        var before = (await Admin.GetAsync(number))!;
        var auditBefore = (await AuditAsync(number)).Count;

        var toPaid = await Admin.ChangeStatusAsync(number, OrderStatus.Paid, before.Version, null, Bob);
        var cancel = await Admin.ChangeStatusAsync(number, OrderStatus.Cancelled, before.Version, null, Bob);
        await MoveAsync(number, OrderStatus.Delivered, Alice);
        var delivered = (await Admin.GetAsync(number))!;
        var deliveredToCancelled = await Admin.ChangeStatusAsync(number, OrderStatus.Cancelled, delivered.Version, null, Bob);

        Assert.Equal(OrderChangeOutcome.Refused, toPaid.Outcome);
        Assert.Equal("An order that is shipped cannot be paid. It can only be delivered or refunded. Nothing was changed.", toPaid.Message);
        Assert.Equal(OrderChangeOutcome.Refused, cancel.Outcome);
        Assert.Equal(OrderChangeOutcome.Refused, deliveredToCancelled.Outcome);
        Assert.Contains("cannot be cancelled", deliveredToCancelled.Message, StringComparison.Ordinal);
        var after = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Delivered, after.Status);
        Assert.Equal(delivered.Version, after.Version);
        // Only the legal delivery was audited.
        Assert.Equal(auditBefore + 1, (await AuditAsync(number)).Count);
    }

    [Fact]
    public async Task ShippingWithoutTrackingNumber_IsInvalid_AndChangesNothing()
    {
        var number = await PlaceAsync();
        await MoveAsync(number, OrderStatus.Packed, Alice);
        var packed = (await Admin.GetAsync(number))!;

        var result = await Admin.ChangeStatusAsync(number, OrderStatus.Shipped, packed.Version, "   ", Alice);

        Assert.Equal(OrderChangeOutcome.Invalid, result.Outcome);
        Assert.Contains("tracking number", result.Message, StringComparison.Ordinal);
        Assert.Equal(packed.Version, (await Admin.GetAsync(number))!.Version);
        Assert.Equal(0, await ShippingRowsAsync(number));
    }

    [Fact]
    public async Task Cancel_RestocksExactlyTheOrderedQuantities_VoidsThePayment_AndInvalidatesTheProducts()
    {
        var tent = await TestProducts.CreateAsync(factory.Services, stock: 10);
        var stove = await TestProducts.CreateAsync(factory.Services, stock: 7);
        var bystander = await TestProducts.CreateAsync(factory.Services, stock: 4);
        var number = await PlaceAsync((tent, 2), (stove, 3));
        Assert.Equal(8, await TestProducts.StockAsync(factory.Services, tent.Id));
        Assert.Equal(4, await TestProducts.StockAsync(factory.Services, stove.Id));
        var payments = new RecordingPayments(factory.Services.GetRequiredService<IPaymentProvider>());
        var cache = new RecordingCache();
        var admin = NewAdmin(payments, cache);
        await MoveAsync(number, OrderStatus.Packed, Alice);

        var result = await admin.ChangeStatusAsync(number, OrderStatus.Cancelled, (await Admin.GetAsync(number))!.Version, null, Bob);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(10, await TestProducts.StockAsync(factory.Services, tent.Id));
        Assert.Equal(7, await TestProducts.StockAsync(factory.Services, stove.Id));
        Assert.Equal(4, await TestProducts.StockAsync(factory.Services, bystander.Id));
        var order = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal([order.PaymentReference!], payments.Voided);
        Assert.Empty(payments.Refunds);
        Assert.Contains(CatalogTags.Catalog, cache.Tags);
        Assert.Contains(CatalogTags.Product(tent.Id), cache.Tags);
        Assert.Contains(CatalogTags.Product(stove.Id), cache.Tags);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var movements = await db.StockMovements.Where(m => m.ProductId == tent.Id || m.ProductId == stove.Id)
            .OrderBy(m => m.ProductId).Select(m => new { m.ProductId, m.Delta, m.StockAfter, m.Reason }).ToListAsync();
        Assert.Equal([(tent.Id, 2, 10), (stove.Id, 3, 7)], movements.Select(m => (m.ProductId, m.Delta, m.StockAfter)));
        Assert.All(movements, m => Assert.Equal($"Order {number} cancelled", m.Reason));
        var audit = Assert.Single(await AuditAsync(number), a => a.Action == "order.cancel");
        Assert.Equal(2, JsonDocument.Parse(audit.After!).RootElement.GetProperty("restocked").GetArrayLength());
    }

    [Fact]
    public async Task Cancel_OfAShippedOrder_IsRefused_AndRestocksNothing()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 5);
        var number = await PlaceAsync((product, 2));
        await MoveAsync(number, OrderStatus.Packed, Alice);
        await MoveAsync(number, OrderStatus.Shipped, Alice, "TRACK-2");
        var payments = new RecordingPayments(factory.Services.GetRequiredService<IPaymentProvider>());

        var result = await NewAdmin(payments, new RecordingCache())
            .ChangeStatusAsync(number, OrderStatus.Cancelled, (await Admin.GetAsync(number))!.Version, null, Bob);

        Assert.Equal(OrderChangeOutcome.Refused, result.Outcome);
        Assert.Equal(3, await TestProducts.StockAsync(factory.Services, product.Id));
        Assert.Empty(payments.Voided);
        Assert.Equal(OrderStatus.Shipped, (await Admin.GetAsync(number))!.Status);
    }

    [Fact]
    public async Task Refund_CallsTheProviderWithTheOrderTotal_AndSetsRefunded()
    {
        var number = await PlaceAsync();
        await MoveAsync(number, OrderStatus.Packed, Alice);
        await MoveAsync(number, OrderStatus.Shipped, Alice, "TRACK-3");
        var payments = new RecordingPayments(factory.Services.GetRequiredService<IPaymentProvider>());
        var shipped = (await Admin.GetAsync(number))!;

        var result = await NewAdmin(payments, new RecordingCache()).ChangeStatusAsync(number, OrderStatus.Refunded, shipped.Version, null, Bob);

        Assert.True(result.Succeeded, result.Message);
        var refund = Assert.Single(payments.Refunds);
        Assert.Equal(shipped.PaymentReference, refund.AuthorizationId);
        Assert.Equal(shipped.Total, refund.Amount);
        Assert.Equal("EUR", refund.Currency);
        var order = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Refunded, order.Status);
        Assert.StartsWith("Refunded ", order.History[^1].Note, StringComparison.Ordinal);
        Assert.Contains("test_refund_", order.History[^1].Note, StringComparison.Ordinal);
        Assert.Single(await AuditAsync(number), a => a.Action == "order.refund");
    }

    [Fact]
    public async Task Refund_RefusedByTheProvider_ChangesNothing()
    {
        var number = await PlaceAsync();
        await MoveAsync(number, OrderStatus.Packed, Alice);
        await MoveAsync(number, OrderStatus.Shipped, Alice, "TRACK-4");
        var shipped = (await Admin.GetAsync(number))!;
        var auditBefore = (await AuditAsync(number)).Count;

        var result = await NewAdmin(new RecordingPayments(factory.Services.GetRequiredService<IPaymentProvider>()) { RefuseRefunds = true }, new RecordingCache())
            .ChangeStatusAsync(number, OrderStatus.Refunded, shipped.Version, null, Bob);

        Assert.Equal(OrderChangeOutcome.PaymentFailed, result.Outcome);
        Assert.Contains("refused the refund", result.Message, StringComparison.Ordinal);
        var after = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Shipped, after.Status);
        Assert.Equal(shipped.Version, after.Version);
        Assert.Equal(auditBefore, (await AuditAsync(number)).Count);
    }

    [Fact]
    public async Task TwoStaffActingAtOnce_OneWins_TheOtherGetsAConflict_AndItsSideEffectsDoNotHappen()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 6);
        var number = await PlaceAsync((product, 2));
        var seen = (await Admin.GetAsync(number))!;

        // Both loaded the paid order; one packs it while the other cancels it.
        var results = await Task.WhenAll(
            Task.Run(() => Admin.ChangeStatusAsync(number, OrderStatus.Packed, seen.Version, null, Alice)),
            Task.Run(() => Admin.ChangeStatusAsync(number, OrderStatus.Cancelled, seen.Version, null, Bob)));

        var winner = Assert.Single(results, r => r.Succeeded);
        var loser = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(OrderChangeOutcome.Conflict, loser.Outcome);
        Assert.StartsWith("Someone else changed this order", loser.Message, StringComparison.Ordinal);
        var order = (await Admin.GetAsync(number))!;
        Assert.Equal(winner.Status, order.Status);
        Assert.Single(await AuditAsync(number));
        Assert.Equal(order.Status == OrderStatus.Cancelled ? 6 : 4, await TestProducts.StockAsync(factory.Services, product.Id));

        // A later post from the page loaded before either move is a conflict too.
        var stale = await Admin.ChangeStatusAsync(number, OrderStatus.Packed, seen.Version, null, Alice);
        Assert.Equal(OrderChangeOutcome.Conflict, stale.Outcome);
    }

    [Fact]
    public async Task TwoStaffCancellingAtOnce_TheSecondWaitsItsTurn_AndThePaymentIsVoidedOnce()
    {
        var number = await PlaceAsync();
        var seen = (await Admin.GetAsync(number))!;
        var payments = new RecordingPayments(factory.Services.GetRequiredService<IPaymentProvider>());
        var admin = NewAdmin(payments, new RecordingCache());

        var results = await Task.WhenAll(
            Task.Run(() => admin.ChangeStatusAsync(number, OrderStatus.Cancelled, seen.Version, null, Alice)),
            Task.Run(() => admin.ChangeStatusAsync(number, OrderStatus.Cancelled, seen.Version, null, Bob)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(OrderChangeOutcome.Conflict, Assert.Single(results, r => !r.Succeeded).Outcome);
        // The loser read the winner's version before asking the provider anything.
        Assert.Equal([seen.PaymentReference!], payments.Voided);
    }

    [Fact]
    public async Task Refund_WhoseOrderChangesWhileTheProviderPays_IsAConflict_ThatRecordsTheRefund_AndARetryReusesIt()
    {
        var number = await PlaceAsync();
        await MoveAsync(number, OrderStatus.Packed, Alice);
        await MoveAsync(number, OrderStatus.Shipped, Alice, "TRACK-5");
        var shipped = (await Admin.GetAsync(number))!;
        // A writer that takes no turn (or a turn lost with its connection) delivers the order while the refund is made.
        var payments = new RecordingPayments(factory.Services.GetRequiredService<IPaymentProvider>())
        {
            WhilePaying = () => ExecuteAsync($"update orders set status = 'Delivered', updated_at = now() where number = {number}"),
        };

        var result = await NewAdmin(payments, new RecordingCache()).ChangeStatusAsync(number, OrderStatus.Refunded, shipped.Version, null, Bob);

        Assert.Equal(OrderChangeOutcome.Conflict, result.Outcome);
        Assert.Equal(OrderStatus.Delivered, result.Status);
        Assert.Contains("that refund stands", result.Message, StringComparison.Ordinal);
        var delivered = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Delivered, delivered.Status);
        var noted = delivered.History[^1];
        Assert.Equal((OrderStatus.Delivered, OrderStatus.Delivered, Bob.Email), (noted.From!.Value, noted.To, noted.ActorEmail));
        Assert.StartsWith("Not refunded: the order changed while it was being refunded, after the payment provider had refunded test_refund_", noted.Note, StringComparison.Ordinal);
        Assert.Single(await AuditAsync(number), a => a.Action == "order.refund.payment-only");

        // Refunding again (from the page reloaded) asks for the same refund, and this time the order says so.
        var again = await NewAdmin(payments with { WhilePaying = null }, new RecordingCache())
            .ChangeStatusAsync(number, OrderStatus.Refunded, delivered.Version, null, Bob);

        Assert.True(again.Succeeded, again.Message);
        Assert.Equal(2, payments.Refunds.Count);
        Assert.Single(payments.Refunds.Select(r => r.IdempotencyKey).Distinct());
        var refunded = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Refunded, refunded.Status);
        var note = noted.Note!;
        var refundId = note[note.IndexOf("test_refund_", StringComparison.Ordinal)..].Split('.')[0];
        Assert.Contains(refundId, refunded.History[^1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_WhoseOrderShipsWhileTheAuthorizationIsVoided_IsAConflict_RestocksNothing_AndRecordsTheVoid()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 5);
        var number = await PlaceAsync((product, 2));
        await MoveAsync(number, OrderStatus.Packed, Alice);
        var packed = (await Admin.GetAsync(number))!;
        var payments = new RecordingPayments(factory.Services.GetRequiredService<IPaymentProvider>())
        {
            WhilePaying = () => ExecuteAsync($"update orders set status = 'Shipped', tracking_number = 'TRACK-6' where number = {number}"),
        };

        var result = await NewAdmin(payments, new RecordingCache()).ChangeStatusAsync(number, OrderStatus.Cancelled, packed.Version, null, Bob);

        Assert.Equal(OrderChangeOutcome.Conflict, result.Outcome);
        Assert.Contains("stays voided", result.Message, StringComparison.Ordinal);
        Assert.Equal(3, await TestProducts.StockAsync(factory.Services, product.Id));
        var order = (await Admin.GetAsync(number))!;
        Assert.Equal(OrderStatus.Shipped, order.Status);
        Assert.Equal($"Not cancelled: the order changed while it was being cancelled, after the payment provider had voided {packed.PaymentReference}. The status was left shipped.",
            order.History[^1].Note);
        Assert.Single(await AuditAsync(number), a => a.Action == "order.cancel.payment-only");
        Assert.DoesNotContain(await AuditAsync(number), a => a.Action == "order.cancel");
    }

    [Fact]
    public async Task MarkShipped_WritesExactlyOneShippingOutboxRow_WithTheTrackingNumber()
    {
        var number = await PlaceAsync();
        await MoveAsync(number, OrderStatus.Packed, Alice);
        Assert.Equal(0, await ShippingRowsAsync(number));

        await MoveAsync(number, OrderStatus.Shipped, Alice, "JJD0099887766");
        // A second attempt (a double submit with the same version) is a conflict and writes nothing.
        var again = await Admin.ChangeStatusAsync(number, OrderStatus.Shipped, 0, "JJD0099887766", Alice);

        Assert.Equal(OrderChangeOutcome.Conflict, again.Outcome);
        Assert.Equal(1, await ShippingRowsAsync(number));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var row = await db.Database.SqlQuery<string>(
            $"select payload::text as \"Value\" from outbox_messages where kind = {OutboxKinds.ShippingNotification} and payload->>'orderNumber' = {number}").SingleAsync();
        var payload = JsonSerializer.Deserialize<ShippingNotificationPayload>(row, JsonSerializerOptions.Web)!;
        Assert.Equal(new ShippingNotificationPayload(number, "JJD0099887766"), payload);
    }

    [Fact]
    public async Task List_ByEmail_TakesLikeWildcardsLiterally()
    {
        // "_" and "%" are a letter and a percent sign to the person typing, never "any character".
        var tag = Guid.NewGuid().ToString("N")[..12];
        var underscore = await PlaceAsync(email: $"a_b.{tag}@example.com");
        var other = await PlaceAsync(email: $"axb.{tag}@example.com");

        var byUnderscore = await Admin.ListAsync(new OrderListQuery(Email: $"a_b.{tag}"));
        var byPercent = await Admin.ListAsync(new OrderListQuery(Email: $"a%b.{tag}"));
        var byLetters = await Admin.ListAsync(new OrderListQuery(Email: $"b.{tag}"));

        Assert.Equal([underscore], byUnderscore.Rows.Select(r => r.Number));
        Assert.Empty(byPercent.Rows);
        Assert.Equal([other, underscore], byLetters.Rows.Select(r => r.Number));
    }

    [Fact]
    public async Task List_FiltersByStatusDateAndEmail_AndPagesByCursor()
    {
        var email = TestOrders.NewRecipient("List-Filter");
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            numbers.Add(await PlaceAsync(email: email));
        }
        await MoveAsync(numbers[0], OrderStatus.Packed, Alice);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var byEmail = await Admin.ListAsync(new OrderListQuery(Email: email.ToUpperInvariant()[..20], From: today.AddDays(-1), To: today.AddDays(1)));
        var packed = await Admin.ListAsync(new OrderListQuery(Status: OrderStatus.Packed, Email: email));
        var inverted = await Admin.ListAsync(new OrderListQuery(From: today, To: today.AddDays(-1)));
        var yesterday = await Admin.ListAsync(new OrderListQuery(Email: email, To: today.AddDays(-1)));

        Assert.Equal(numbers.AsEnumerable().Reverse(), byEmail.Rows.Where(r => r.Email == email).Select(r => r.Number));
        Assert.Equal([numbers[0]], packed.Rows.Select(r => r.Number));
        Assert.Equal("The end date must be on or after the start date.", inverted.Error);
        Assert.Empty(yesterday.Rows);

        // Page through everything in pages of 50 by the cursor: no order twice, newest first.
        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            var result = await Admin.ListAsync(new OrderListQuery(Before: cursor));
            seen.AddRange(result.Rows.Select(r => r.Number));
            if ((cursor = result.Older) is null)
            {
                break;
            }
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), numbers.ToHashSet());
    }

    private OrderAdmin NewAdmin(IPaymentProvider payments, IShopCacheInvalidator cache) => new(
        factory.Services.GetRequiredService<IDbContextFactory<ShopDbContext>>(), cache, payments, TimeProvider.System, NullLogger<OrderAdmin>.Instance);

    private async Task<OrderChangeResult> MoveAsync(string number, OrderStatus to, StaffActor actor, string? tracking = null)
    {
        var order = (await Admin.GetAsync(number))!;
        var result = await Admin.ChangeStatusAsync(number, to, order.Version, tracking, actor);
        Assert.True(result.Succeeded, result.Message);
        return result;
    }

    /// <summary>An order through the real checkout: one new product unless lines are given.</summary>
    private async Task<string> PlaceAsync(params (Product Product, int Quantity)[] lines) => await PlaceAsync(null, lines);

    private async Task<string> PlaceAsync(string? email, params (Product Product, int Quantity)[] lines)
    {
        if (lines.Length == 0)
        {
            lines = [(await TestProducts.CreateAsync(factory.Services, stock: 20, price: 15m), 1)];
        }
        var cart = $"test:{Guid.NewGuid():N}";
        foreach (var (product, quantity) in lines)
        {
            await factory.Services.GetRequiredService<CartStore>().SetLineAsync(cart, new StoredCartLine(product.Id, quantity, product.Price));
        }
        await using var scope = factory.Services.CreateAsyncScope();
        var placed = await scope.ServiceProvider.GetRequiredService<CheckoutService>().PlaceOrderAsync(new CheckoutRequest(
            cart, Guid.NewGuid(), email ?? TestOrders.NewRecipient("admin-order"), null, TestOrders.Berlin, "standard",
            new CardDetails("4242 4242 4242 4242", "12/39", "123", "Ada Lovelace")));
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
        return placed.OrderNumber!;
    }

    private async Task<List<AuditEntry>> AuditAsync(string number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        return await db.AuditLog.AsNoTracking().Where(a => a.EntityType == "Order" && a.EntityId == number).OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<int> ShippingRowsAsync(string number)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        return await db.Database.SqlQuery<int>(
            $"select count(*)::int as \"Value\" from outbox_messages where kind = {OutboxKinds.ShippingNotification} and payload->>'orderNumber' = {number}").SingleAsync();
    }

    private static string Status(string? json) => JsonDocument.Parse(json!).RootElement.GetProperty("status").GetString()!;

    private async Task ExecuteAsync(FormattableString sql)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.ExecuteSqlAsync(sql);
    }

    /// <summary>
    /// The real test provider, with every void and refund recorded (and refunds refused on demand); <see cref="WhilePaying"/>
    /// runs while a void or refund is under way.
    /// </summary>
    private sealed record RecordingPayments(IPaymentProvider Inner) : IPaymentProvider
    {
        public ConcurrentQueue<string> Voided { get; init; } = new();
        public ConcurrentQueue<RefundRequest> Refunds { get; init; } = new();
        public bool RefuseRefunds { get; init; }
        public Func<Task>? WhilePaying { get; init; }

        public bool IsTestMode => Inner.IsTestMode;

        public Task<PaymentResult> AuthorizeAsync(PaymentRequest request, CancellationToken cancellationToken = default) => Inner.AuthorizeAsync(request, cancellationToken);

        public async Task VoidAsync(string authorizationId, CancellationToken cancellationToken = default)
        {
            Voided.Enqueue(authorizationId);
            await (WhilePaying?.Invoke() ?? Task.CompletedTask);
            await Inner.VoidAsync(authorizationId, cancellationToken);
        }

        public async Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
        {
            Refunds.Enqueue(request);
            await (WhilePaying?.Invoke() ?? Task.CompletedTask);
            return RefuseRefunds
                ? new RefundResult(false, null, "The card account is closed.")
                : await Inner.RefundAsync(request, cancellationToken);
        }
    }

    private sealed class RecordingCache : IShopCacheInvalidator
    {
        public ConcurrentBag<string> Tags { get; } = [];

        public Task InvalidateAsync(IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
        {
            foreach (var tag in tags)
            {
                Tags.Add(tag);
            }
            return Task.CompletedTask;
        }
    }
}
