namespace PeakShop.Unit.Tests.Deploy;

public sealed class ConnectionStringHostsTests
{
    [Theory]
    [InlineData("Host=a:5432,b;Database=x", new[] { "a", "b" })]
    [InlineData("Server = a ; Port=5432", new[] { "a" })]
    [InlineData("Database=x", new string[0])]
    public void Npgsql_ListsHostsWithoutPorts(string connectionString, string[] expected) =>
        Assert.Equal(expected, ConnectionStringHosts.Npgsql(connectionString));

    [Theory]
    [InlineData("peakshop-redis:6379,password=x", "peakshop-redis")]
    [InlineData("password=x,redis", "redis")]
    [InlineData(null, null)]
    public void Redis_IsTheFirstEndpoint(string? configuration, string? expected) =>
        Assert.Equal(expected, ConnectionStringHosts.Redis(configuration));
}
