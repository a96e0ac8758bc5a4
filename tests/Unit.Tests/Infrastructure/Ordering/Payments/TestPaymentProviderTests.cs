using Microsoft.Extensions.Time.Testing;
using PeakShop.Infrastructure.Ordering.Payments;

namespace PeakShop.Unit.Tests.Infrastructure.Ordering.Payments;

public sealed class TestPaymentProviderTests
{
    private readonly TestPaymentProvider _provider = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero)));

    private Task<PaymentResult> PayAsync(string number, string expiry = "12/30", string cvc = "123", decimal amount = 10m) =>
        _provider.AuthorizeAsync(new PaymentRequest("ref", amount, "EUR", new CardDetails(number, expiry, cvc, "Ada")));

    [Theory]
    [InlineData("4242 4242 4242 4242")]
    [InlineData("4242424242424242")]
    [InlineData("4242-4242-4242-4242")]
    public async Task Authorize_SuccessCard_IsAuthorized(string number)
    {
        var result = await PayAsync(number);

        Assert.Equal(PaymentOutcome.Authorized, result.Outcome);
        Assert.StartsWith("test_", result.AuthorizationId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_DeclineCard_IsDeclinedWithAClearMessage()
    {
        var result = await PayAsync("4000 0000 0000 0002");

        Assert.Equal(PaymentOutcome.Declined, result.Outcome);
        Assert.Null(result.AuthorizationId);
        Assert.Equal("Your card was declined. No money was taken; try another card.", result.Message);
    }

    [Theory]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("1234")]
    [InlineData("")]
    public async Task Authorize_OtherNumbers_AreInvalid(string number)
    {
        var result = await PayAsync(number);

        Assert.Equal(PaymentOutcome.Invalid, result.Outcome);
        Assert.Contains("4242 4242 4242 4242", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10/26")]
    [InlineData("13/30")]
    [InlineData("1230")]
    public async Task Authorize_PastOrMalformedExpiry_IsInvalid(string expiry) =>
        Assert.Equal(PaymentOutcome.Invalid, (await PayAsync("4242424242424242", expiry)).Outcome);

    [Fact]
    public async Task Authorize_ExpiryThisMonth_IsAccepted() =>
        Assert.Equal(PaymentOutcome.Authorized, (await PayAsync("4242424242424242", "11/26")).Outcome);

    [Theory]
    [InlineData("12")]
    [InlineData("12a")]
    public async Task Authorize_BadCvc_IsInvalid(string cvc) =>
        Assert.Equal(PaymentOutcome.Invalid, (await PayAsync("4242424242424242", cvc: cvc)).Outcome);

    [Fact]
    public void IsTestMode_IsTrue() => Assert.True(_provider.IsTestMode);

    [Fact]
    public async Task Refund_OfATestAuthorization_Succeeds_WithTheSameIdForARetry()
    {
        var request = new RefundRequest("test_abc", 42.45m, "EUR", "refund:PS-2026-000001");

        var first = await _provider.RefundAsync(request);
        var retry = await _provider.RefundAsync(request);
        var other = await _provider.RefundAsync(request with { IdempotencyKey = "refund:PS-2026-000002" });

        Assert.True(first.Succeeded);
        Assert.StartsWith("test_refund_", first.RefundId, StringComparison.Ordinal);
        Assert.Equal(first.RefundId, retry.RefundId);
        Assert.NotEqual(first.RefundId, other.RefundId);
    }

    [Theory]
    [InlineData("live_abc", 10, "did not make this payment")]
    [InlineData("test_abc", 0, "more than zero")]
    public async Task Refund_IsRefused_ForAForeignPaymentOrNoAmount(string authorization, decimal amount, string message)
    {
        var result = await _provider.RefundAsync(new RefundRequest(authorization, amount, "EUR", "key"));

        Assert.False(result.Succeeded);
        Assert.Null(result.RefundId);
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
    }
}
