namespace PeakShop.Infrastructure.Ordering.Payments;

/// <summary>
/// Gives back an amount of the payment authorized as <c>AuthorizationId</c>. A retried refund carries the same
/// <c>IdempotencyKey</c>, so the provider pays back once.
/// </summary>
public sealed record RefundRequest(string AuthorizationId, decimal Amount, string Currency, string IdempotencyKey);
