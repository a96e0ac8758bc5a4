namespace PeakShop.Infrastructure.Ordering.Payments;

public sealed record PaymentRequest(string Reference, decimal Amount, string Currency, CardDetails Card);
