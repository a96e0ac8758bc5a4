namespace PeakShop.Infrastructure.Ordering.Payments;

public enum PaymentOutcome
{
    Authorized,
    Declined,
    Invalid,
}
