using PeakShop.Infrastructure.Ordering.Checkout;

namespace PeakShop.Unit.Tests.Infrastructure.Ordering.Checkout;

public sealed class CheckoutKeysTests
{
    private static readonly Guid FormKey = Guid.Parse("5c0ffee0-1234-4abc-9def-0123456789ab");

    [Fact]
    public void Bind_SameCartAndKey_GivesTheSameKey()
    {
        Assert.Equal(CheckoutKeys.Bind("g:abc", FormKey), CheckoutKeys.Bind("g:abc", FormKey));
    }

    [Fact]
    public void Bind_AnotherCart_GivesAnotherKey()
    {
        Assert.NotEqual(CheckoutKeys.Bind("g:abc", FormKey), CheckoutKeys.Bind("g:abd", FormKey));
        Assert.NotEqual(CheckoutKeys.Bind("u:42", FormKey), CheckoutKeys.Bind("g:abc", FormKey));
    }

    [Fact]
    public void Bind_NeverReturnsTheFormKeyItself()
    {
        Assert.NotEqual(FormKey, CheckoutKeys.Bind("g:abc", FormKey));
    }

    [Fact]
    public void Bind_AllZeroKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => CheckoutKeys.Bind("g:abc", Guid.Empty));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("00000000-0000-0000-0000-000000000000", false)]
    [InlineData("5c0ffee0-1234-4abc-9def-0123456789ab", true)]
    public void IsAcceptable_RefusesMissingAndAllZeroKeys(string? key, bool acceptable)
    {
        Assert.Equal(acceptable, CheckoutKeys.IsAcceptable(key is null ? null : Guid.Parse(key)));
    }

    [Fact]
    public void Bind_GivesAWellFormedVersion8Uuid()
    {
        var bound = CheckoutKeys.Bind("g:abc", FormKey);
        Assert.Equal(8, bound.Version);
        Assert.Equal('8', bound.ToString()[14]);
    }
}
