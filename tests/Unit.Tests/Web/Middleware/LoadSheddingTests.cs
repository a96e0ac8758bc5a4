using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeakShop.Web.Hosting;
using PeakShop.Web.Middleware;

namespace PeakShop.Unit.Tests.Web.Middleware;

public sealed class LoadSheddingTests
{
    /// <summary>A page that works until the test lets it finish: the slot it holds stays taken meanwhile.</summary>
    private sealed class HeldPages
    {
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Started;

        public async Task Render(HttpContext http)
        {
            Interlocked.Increment(ref Started);
            await release.Task;
            http.Response.StatusCode = 200;
        }

        public void Release() => release.SetResult();
    }

    private static LoadShedding.LoadSheddingMiddleware Middleware(HeldPages pages, int inFlight, int queued) =>
        new(pages.Render, Options.Create(new LoadSheddingOptions { MaxRequestsInFlight = inFlight, MaxQueued = queued }),
            TimeProvider.System, NullLogger<LoadShedding.LoadSheddingMiddleware>.Instance);

    private static DefaultHttpContext Request(string path = "/p/kettle", string accept = "text/html")
    {
        var http = new DefaultHttpContext();
        http.Request.Path = path;
        http.Request.Headers.Accept = accept;
        http.Response.Body = new MemoryStream();
        return http;
    }

    [Fact]
    public async Task PastTheSlotsAndTheQueue_ARequestIsRefusedAtOnce_AndTheQueuedOneRunsWhenASlotFrees()
    {
        var pages = new HeldPages();
        await using var shedding = Middleware(pages, inFlight: 1, queued: 1);
        var running = Request();
        var queued = Request();
        var refused = Request();

        var first = shedding.InvokeAsync(running);
        var second = shedding.InvokeAsync(queued);
        await shedding.InvokeAsync(refused);

        Assert.Equal(503, refused.Response.StatusCode);
        Assert.Equal("5", refused.Response.Headers.RetryAfter.ToString());
        Assert.Equal("no-store", refused.Response.Headers.CacheControl.ToString());
        Assert.Equal(Outage.Busy, OutageHosting.Of(refused));
        Assert.Equal(1, pages.Started);
        Assert.False(second.IsCompleted);

        pages.Release();
        await Task.WhenAll(first, second);

        Assert.Equal(2, pages.Started);
        Assert.Equal(200, running.Response.StatusCode);
        Assert.Equal(200, queued.Response.StatusCode);
    }

    [Fact]
    public async Task AJsonClient_GetsProblemDetailsWithRetryAfter()
    {
        var pages = new HeldPages();
        await using var shedding = Middleware(pages, inFlight: 1, queued: 0);
        var running = shedding.InvokeAsync(Request());
        var refused = Request(accept: "application/json");
        refused.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();

        await shedding.InvokeAsync(refused);

        Assert.Equal(503, refused.Response.StatusCode);
        refused.Response.Body.Position = 0;
        var body = await new StreamReader(refused.Response.Body).ReadToEndAsync();
        Assert.Contains("\"title\":\"We are very busy right now\"", body, StringComparison.Ordinal);
        Assert.Contains("\"retryAfterSeconds\":5", body, StringComparison.Ordinal);
        pages.Release();
        await running;
    }

    [Theory]
    [InlineData("/_blazor")]
    [InlineData("/_blazor/negotiate")]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    [InlineData("/metrics")]
    public async Task CircuitsAndHealthProbes_HoldNoSlot(string path)
    {
        var pages = new HeldPages();
        await using var shedding = Middleware(pages, inFlight: 1, queued: 0);
        var running = shedding.InvokeAsync(Request());

        var exempt = shedding.InvokeAsync(Request(path));

        Assert.Equal(2, pages.Started);
        pages.Release();
        await Task.WhenAll(running, exempt);
    }

    [Fact]
    public async Task TheBusyPage_ReExecutedForARefusal_IsNotRefusedAgain()
    {
        var pages = new HeldPages();
        await using var shedding = Middleware(pages, inFlight: 1, queued: 0);
        var running = shedding.InvokeAsync(Request());
        var statusPage = Request("/status/503");
        statusPage.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature { OriginalPath = "/p/kettle" });

        var rendered = shedding.InvokeAsync(statusPage);

        Assert.Equal(2, pages.Started);
        pages.Release();
        await Task.WhenAll(running, rendered);
        Assert.Equal(200, statusPage.Response.StatusCode);
    }

    [Fact]
    public async Task AClientThatLeavesWhileQueued_FreesItsPlace()
    {
        var pages = new HeldPages();
        await using var shedding = Middleware(pages, inFlight: 1, queued: 1);
        var running = shedding.InvokeAsync(Request());
        using var leaving = new CancellationTokenSource();
        var gone = Request();
        gone.RequestAborted = leaving.Token;
        var waiting = shedding.InvokeAsync(gone);

        await leaving.CancelAsync();
        await waiting;
        var next = Request();
        var queued = shedding.InvokeAsync(next);

        Assert.False(queued.IsCompleted); // queued in the freed place, not refused
        pages.Release();
        await Task.WhenAll(running, queued);
        Assert.Equal(1 + 1, pages.Started);
        Assert.Equal(200, next.Response.StatusCode);
    }
}
