using PeakShop.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// SIGTERM to a real Web process: readiness fails at once, the replica keeps serving through its drain delay,
/// a request that was in flight before the signal still completes, and the process exits 0.
/// </summary>
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    // Long enough for several rounds of checks on a loaded 2-core CI machine, where a round can take half a second.
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sigterm_FailsReadinessAtOnce_ServesThroughDrainDelay_FinishesInFlightRequest_ExitsZero()
    {
        var productId = await InStockProductAsync();
        await using var replica = await WebProcess.StartAsync(output, new Dictionary<string, string>
        {
            ["Shutdown__DrainDelay"] = DrainDelay.ToString(),
        });
        using var fresh = new HttpClient { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        // Why it is not ready (draining) is on the management port.
        var management = replica.ManagementClient;
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        // The page checked during the drain, rendered once now: the drain is about serving, not a cold first render.
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/search?q=tent", UriKind.Relative))).StatusCode);

        // An add-to-cart POST uploaded slowly: in flight from before SIGTERM until after the drain delay. It trickles
        // (a stalled body would be cut by Kestrel's minimum request data rate, 240 B/s after 5 s, as it should be).
        var body = new TricklingBody($"productId={productId}&quantity=1&returnUrl=%2F");
        using var slowClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var slow = slowClient.PostAsync(new Uri("/cart/items", UriKind.Relative), body);
        await body.FirstPartSent.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(200);

        var clock = Stopwatch.StartNew();
        await replica.SignalAsync("TERM");

        var notReadyAfter = TimeSpan.MaxValue;
        while (clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            using var ready = await management.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
            if (ready.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                notReadyAfter = clock.Elapsed;
                Assert.Contains("draining", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                break;
            }
            await Task.Delay(25);
        }
        output.WriteLine($"readiness 503 after {notReadyAfter.TotalMilliseconds:F0} ms");
        Assert.True(notReadyAfter < TimeSpan.FromSeconds(1), $"readiness still 200 {notReadyAfter} after SIGTERM");

        // Still serving while the balancer takes it out: liveness and a page, on new connections too.
        var checks = 0;
        while (clock.Elapsed < DrainDelay - TimeSpan.FromSeconds(1))
        {
            using var newConnection = new HttpClient { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            using var live = await newConnection.GetAsync(new Uri("/healthz/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            using var page = await fresh.GetAsync(new Uri("/search?q=tent", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            checks++;
            await Task.Delay(200);
        }
        output.WriteLine($"{checks} rounds of live + page answered 200 during the drain delay");
        Assert.True(checks >= 3, $"only {checks} checks in the drain delay");
        Assert.False(replica.HasExited);

        // After the drain delay Kestrel stops accepting; the request in flight gets its answer.
        await Task.Delay(DrainDelay + TimeSpan.FromSeconds(1) - clock.Elapsed);
        body.SendRest();
        using var response = await slow.WaitAsync(TimeSpan.FromSeconds(20));
        output.WriteLine($"in-flight request answered {(int)response.StatusCode} {response.Headers.Location} after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/cart", response.Headers.Location?.OriginalString);

        await replica.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"exited with {replica.ExitCode} after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(0, replica.ExitCode);
        Assert.True(clock.Elapsed >= DrainDelay, $"exited after {clock.Elapsed}, before the drain delay");
    }

    private static async Task<int> InStockProductAsync()
    {
        await using var source = NpgsqlDataSource.Create(Platform.PrimaryConnectionString("peakshop"));
        return (int)(await source.CreateCommand("select id from products where stock > 10 and not is_archived order by id limit 1").ExecuteScalarAsync())!;
    }

    /// <summary>
    /// A form body with a known length: the fields, then a padding field written 256 bytes every 100 ms (~2.5 KB/s,
    /// a slow upload) until the test says to send the rest.
    /// </summary>
    private sealed class TricklingBody : HttpContent
    {
        private const int Chunk = 256;
        private readonly byte[] _bytes;
        private readonly TaskCompletionSource _firstPartSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TricklingBody(string form)
        {
            // 256 KB of padding lasts ~100 s of trickling: far longer than the test waits.
            _bytes = Encoding.ASCII.GetBytes(form + "&padding=" + new string('x', 256 * 1024));
            Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        }

        public Task FirstPartSent => _firstPartSent.Task;

        public void SendRest() => _rest.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var sent = 0;
            while (!_rest.Task.IsCompleted && sent + Chunk < _bytes.Length)
            {
                await stream.WriteAsync(_bytes.AsMemory(sent, Chunk));
                await stream.FlushAsync();
                sent += Chunk;
                _firstPartSent.TrySetResult();
                await Task.WhenAny(_rest.Task, Task.Delay(100));
            }
            await stream.WriteAsync(_bytes.AsMemory(sent));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            _rest.TrySetResult();
            base.Dispose(disposing);
        }
    }
}
