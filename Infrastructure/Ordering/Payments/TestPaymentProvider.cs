using System.Globalization;

namespace PeakShop.Infrastructure.Ordering.Payments;

/// <summary>
/// The built-in test provider: no money moves. 4242 4242 4242 4242 is authorized, 4000 0000 0000 0002 is
/// declined; any other number is rejected as invalid. Expiry must be a future MM/YY, CVC 3 or 4 digits.
/// </summary>
internal sealed class TestPaymentProvider(TimeProvider time) : IPaymentProvider
{
    public const string SuccessCard = "4242424242424242";
    public const string DeclineCard = "4000000000000002";

    public bool IsTestMode => true;

    public Task<PaymentResult> AuthorizeAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        var number = new string(request.Card.Number.Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (request.Amount <= 0)
        {
            return Result(PaymentOutcome.Invalid, "The amount to pay is not valid.");
        }
        if (!IsValidExpiry(request.Card.Expiry))
        {
            return Result(PaymentOutcome.Invalid, "Enter the card's expiry date as MM/YY; it must not be in the past.");
        }
        if (request.Card.Cvc.Length is < 3 or > 4 || !request.Card.Cvc.All(char.IsAsciiDigit))
        {
            return Result(PaymentOutcome.Invalid, "Enter the 3 or 4 digit security code (CVC).");
        }
        return number switch
        {
            SuccessCard => Task.FromResult(new PaymentResult(PaymentOutcome.Authorized, "test_" + Guid.NewGuid().ToString("N"), null)),
            DeclineCard => Result(PaymentOutcome.Declined, "Your card was declined. No money was taken; try another card."),
            _ => Result(PaymentOutcome.Invalid, "This card number is not valid. In test mode, use 4242 4242 4242 4242."),
        };
    }

    public Task VoidAsync(string authorizationId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Refunds a payment this provider authorized; the refund id is derived from the key, so a retry gets the same one.</summary>
    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken cancellationToken = default)
    {
        if (!request.AuthorizationId.StartsWith("test_", StringComparison.Ordinal))
        {
            return Task.FromResult(new RefundResult(false, null, "The test provider did not make this payment, so it cannot refund it."));
        }
        if (request.Amount <= 0)
        {
            return Task.FromResult(new RefundResult(false, null, "The amount to refund must be more than zero."));
        }
        var id = "test_refund_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.IdempotencyKey)))[..24];
        return Task.FromResult(new RefundResult(true, id, null));
    }

    private static Task<PaymentResult> Result(PaymentOutcome outcome, string message) =>
        Task.FromResult(new PaymentResult(outcome, null, message));

    private bool IsValidExpiry(string expiry)
    {
        var parts = expiry.Trim().Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || month is < 1 or > 12)
        {
            return false;
        }
        year = year < 100 ? 2000 + year : year;
        var now = time.GetUtcNow();
        return year > now.Year || (year == now.Year && month >= now.Month);
    }
}
