namespace PeakShop.Infrastructure.Ordering.Payments;

/// <summary>Card details as typed at checkout. Never stored.</summary>
public sealed record CardDetails(string Number, string Expiry, string Cvc, string Holder);

public sealed record PaymentRequest(string Reference, decimal Amount, string Currency, CardDetails Card);

public enum PaymentOutcome
{
    Authorized,
    Declined,
    Invalid,
}

public sealed record PaymentResult(PaymentOutcome Outcome, string? AuthorizationId, string? Message)
{
    public bool Succeeded => Outcome == PaymentOutcome.Authorized;
}

/// <summary>
/// Gives back an amount of the payment authorized as <c>AuthorizationId</c>. A retried refund carries the same
/// <c>IdempotencyKey</c>, so the provider pays back once.
/// </summary>
public sealed record RefundRequest(string AuthorizationId, decimal Amount, string Currency, string IdempotencyKey);

public sealed record RefundResult(bool Succeeded, string? RefundId, string? Message);

/// <summary>
/// A payment service provider. Checkout authorizes before it writes anything and voids the authorization
/// when the order cannot be written (stock ran out, or the same checkout already made an order).
/// </summary>
public interface IPaymentProvider
{
    /// <summary>True for a provider that moves no money; the checkout page says so.</summary>
    bool IsTestMode { get; }

    Task<PaymentResult> AuthorizeAsync(PaymentRequest request, CancellationToken cancellationToken = default);

    Task VoidAsync(string authorizationId, CancellationToken cancellationToken = default);

    /// <summary>Pays money back to the buyer (staff refund a shipped or delivered order).</summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default);
}
