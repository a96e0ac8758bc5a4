namespace PeakShop.Infrastructure.Ordering.Payments;

/// <summary>
/// A payment service provider. Checkout authorizes before it writes anything and voids the authorization
/// when the order cannot be written (stock ran out, or the same checkout already made an order).
/// </summary>
public interface IPaymentProvider
{
    /// <summary>True for a provider that moves no money; the checkout page says so.</summary>
    bool IsTestMode { get; }

    Task<PaymentResult> AuthorizeAsync(PaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases an authorization that took no money. Voiding one that is already voided succeeds: the authorization
    /// is its own idempotency key, so a retried void (checkout or a staff cancel) is harmless.
    /// </summary>
    Task VoidAsync(string authorizationId, CancellationToken cancellationToken = default);

    /// <summary>Pays money back to the buyer (staff refund a shipped or delivered order).</summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default);
}
