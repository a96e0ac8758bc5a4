using System.Net;
using Microsoft.AspNetCore.Http;
using PeakShop.Web.Hosting;

namespace PeakShop.Unit.Tests.Web.Hosting;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Partition_CountsIPv4PerAddressAndIPv6PerSlash64(string address, string expected)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);

        Assert.Equal(expected, ClientAddress.Partition(http));
    }

    [Fact]
    public void Partition_WithoutAnAddress_IsOneSharedPartition()
    {
        Assert.Equal("none", ClientAddress.Partition(new DefaultHttpContext()));
    }
}
