using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure.Customers;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Jobs;

public sealed class DashboardTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Dashboard_Anonymous_IsSentToSignIn()
    {
        using var client = factory.CreateCookielessClient();
        using var response = await client.GetAsync(new Uri("/admin/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", ShopSession.PathOf(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(ShopRoles.Staff + "," + ShopRoles.Marketing)]
    public async Task Dashboard_SignedInWithoutAdminRole_Is403(string roles)
    {
        using var session = await StaffAccounts.SignInAsync(factory, roles.Split(',', StringSplitOptions.RemoveEmptyEntries));
        using var response = await session.Client.GetAsync(new Uri("/admin/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Admin_Is200_AndShowsFailedJobs()
    {
        using var session = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);
        var home = await session.GetHtmlAsync("/admin/jobs");
        Assert.Contains("PeakShop jobs", home, StringComparison.Ordinal);
        var queues = await session.GetHtmlAsync("/admin/jobs/jobs/failed");
        Assert.Contains("Failed", queues, StringComparison.Ordinal);
    }

    [Fact]
    public void Web_RunsNoHangfireServer()
    {
        var hosted = factory.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName ?? "").ToList();
        Assert.DoesNotContain(hosted, name => name.StartsWith("Hangfire", StringComparison.Ordinal));
        Assert.NotEmpty(hosted);
    }
}
