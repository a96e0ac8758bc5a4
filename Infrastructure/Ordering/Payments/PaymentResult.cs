namespace PeakShop.Infrastructure.Ordering.Payments;

public sealed record PaymentResult(PaymentOutcome Outcome, string? AuthorizationId, string? Message)
{
    public bool Succeeded => Outcome == PaymentOutcome.Authorized;
}
