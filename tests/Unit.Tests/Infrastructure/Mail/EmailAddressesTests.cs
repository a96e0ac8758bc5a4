using PeakShop.Infrastructure.Mail;

namespace PeakShop.Unit.Tests.Infrastructure.Mail;

public sealed class EmailAddressesTests
{
    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("Ada Lovelace <ada@example.com>")]
    [InlineData("a.b+tag@sub.example.co.uk")]
    public void IsValid_AcceptsMailboxes(string address) => Assert.True(EmailAddresses.IsValid(address));

    [Theory]
    [InlineData("")]
    [InlineData("not an e-mail address")]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.com")]
    [InlineData("ada@example")]
    [InlineData("ada@@example.com")]
    [InlineData("ada@example.com, bob@example.com")]
    public void IsValid_RefusesWhatCannotBeDelivered(string address) => Assert.False(EmailAddresses.IsValid(address));
}
