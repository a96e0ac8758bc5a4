namespace PeakShop.Infrastructure.Ordering.Payments;

public sealed record RefundResult(bool Succeeded, string? RefundId, string? Message);
