using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Telemetry;
using PeakShop.Integration.Tests.Jobs;
using PeakShop.Integration.Tests.Web.Storefront;

namespace PeakShop.Integration.Tests.Infrastructure.Telemetry;

/// <summary>Metrics for the scraper, and a request's trace followed into the job it enqueued.</summary>
public sealed class TelemetryTests(ShopFactory factory, JobsWorker worker) : IClassFixture<ShopFactory>, IClassFixture<JobsWorker>
{
    [Fact]
    public async Task Metrics_AreScrapedInThePrometheusFormat_WithRequestAndDatabaseMeters()
    {
        using var client = factory.CreateCookielessClient();
        using var management = factory.CreateManagementClient();
        // Something to count: a page that reads the catalog.
        using (var page = await client.GetAsync(new Uri("/c/tents?sort=price-asc&_=" + Guid.NewGuid().ToString("N"), UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        string text;
        do
        {
            using var response = await management.GetAsync(new Uri("/metrics", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
            text = await response.Content.ReadAsStringAsync();
        }
        while (!(text.Contains("http_server_request_duration_seconds", StringComparison.Ordinal) && text.Contains("peakshop_db_commands", StringComparison.Ordinal))
               && DateTime.UtcNow < deadline && await Task.Delay(200).ContinueWith(_ => true));

        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("peakshop_db_commands", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobEnqueuedByARequest_RunsInTheRequestsTrace()
    {
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ShopTelemetry.JobsSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (seen) { seen.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var email = TestOrders.NewRecipient("traced");
        using var shopper = ShopSession.Open(factory);
        var html = await shopper.GetHtmlAsync("/account/register");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/register")
        {
            Content = new FormUrlEncodedContent([
                new("_handler", "register"), new("Input.Email", email), new("Input.Password", "Peak-Shop-2026!"), new("Input.ConfirmPassword", "Peak-Shop-2026!"),
                new("__RequestVerificationToken", ShopSession.Token(html))]),
        };
        ActivityTraceId traceId;
        using (var response = await shopper.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            // The request id the response names is the trace the job must run in.
            traceId = ActivityTraceId.CreateFromString(response.Headers.GetValues("X-Request-Id").Single());
        }

        await using var admin = Platform.Admin("primary", "peakshop");
        string? parameter = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (parameter is null || !Seen(seen, traceId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"sent {traceId}; job parameter {parameter ?? "(none)"}; job activities seen: {string.Join(", ", Snapshot(seen))}");
            var command = admin.CreateCommand("""
                select p.value from hangfire.job j join hangfire.jobparameter p on p.jobid = j.id
                where (j.invocationdata::text || coalesce(j.arguments::text, '')) like '%' || $1 || '%' and p.name = 'traceparent'
                """);
            command.Parameters.AddWithValue(email);
            parameter = await command.ExecuteScalarAsync() as string;
            await Task.Delay(100);
        }

        Assert.Contains(traceId.ToHexString(), JsonSerializer.Deserialize<string>(parameter)!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobDispatchedFromTheOutbox_RunsInTheTraceThatWroteTheRow()
    {
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ShopTelemetry.JobsSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (seen) { seen.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);

        // The checkout writes its e-mail as an outbox row; the dispatcher enqueues it later, outside any request.
        ActivityTraceId traceId;
        CheckoutResult placed;
        using (var request = new Activity("checkout request").Start())
        {
            traceId = request.TraceId;
            placed = await TestOrders.PlaceAsync(factory.Services, TestOrders.NewRecipient("outbox-traced"));
        }
        Assert.Equal(CheckoutOutcome.Placed, placed.Outcome);

        var jobId = await worker.JobForOrderAsync(placed.OrderNumber!);
        using (var connection = worker.Storage.GetConnection())
        {
            var parameter = connection.GetJobParameter(jobId, TraceContextJobFilter.Parameter);
            Assert.NotNull(parameter);
            Assert.Contains(traceId.ToHexString(), JsonSerializer.Deserialize<string>(parameter)!, StringComparison.Ordinal);
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Seen(seen, traceId, "OrderEmailJobs"))
        {
            Assert.True(DateTime.UtcNow < deadline, $"job activities seen: {string.Join(", ", Snapshot(seen))}");
            await Task.Delay(100);
        }
    }

    private static string[] Snapshot(List<Activity> seen)
    {
        lock (seen)
        {
            return [.. seen.Select(a => $"{a.DisplayName} {a.TraceId}")];
        }
    }

    private static bool Seen(List<Activity> seen, ActivityTraceId traceId, string job = "AccountEmailJobs")
    {
        lock (seen)
        {
            return seen.Any(a => a.TraceId == traceId && a.DisplayName.Contains(job, StringComparison.Ordinal));
        }
    }
}
