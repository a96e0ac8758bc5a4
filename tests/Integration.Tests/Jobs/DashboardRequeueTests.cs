using System.Net;
using System.Text.RegularExpressions;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Ordering.Checkout;

namespace PeakShop.Integration.Tests.Jobs;

/// <summary>A job that failed for good shows on the dashboard's Failed page, and an Admin can requeue it from there.</summary>
public sealed class DashboardRequeueTests(JobsWorker worker, ShopFactory factory) : IClassFixture<JobsWorker>, IClassFixture<ShopFactory>
{
    [Fact]
    public async Task FailedJob_IsListed_AndRequeuedFromTheDashboard()
    {
        var placed = await TestOrders.PlaceAsync(worker.Services, "still not an e-mail address");
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);
        var jobId = await worker.JobForOrderAsync(placed.OrderNumber!);
        await worker.WaitForStateAsync(jobId, "Failed");
        using var admin = await StaffAccounts.SignInAsync(factory, ShopRoles.Admin);

        var failedPage = await admin.GetHtmlAsync("/admin/jobs/jobs/failed");
        Assert.Contains($"/admin/jobs/jobs/details/{jobId}", failedPage, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/jobs/failed/requeue")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", jobId)]),
        };
        // The dashboard's own antiforgery token, from its <meta> tags, as its script sends it.
        var header = MetaPattern("csrf-header").Match(failedPage);
        var token = MetaPattern("csrf-token").Match(failedPage);
        Assert.True(header.Success && token.Success, "the dashboard page carries its antiforgery token");
        request.Headers.Add(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
        using var response = await admin.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        // Requeued: it runs again (and, the address being invalid still, fails again).
        await worker.WaitForStateAsync(jobId, "Failed", times: 2);
        var history = worker.History(jobId);
        Assert.Equal(2, history.Count(h => h.StateName == "Processing"));
        Assert.Contains(history, h => h.StateName == "Enqueued" && h.Reason?.Contains("dashboard", StringComparison.OrdinalIgnoreCase) == true);
    }

    private static Regex MetaPattern(string name) => new($"<meta name=\"{name}\" content=\"([^\"]+)\"");
}
