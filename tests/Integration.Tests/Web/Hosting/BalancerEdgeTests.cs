using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// nginx as ./run.sh renders it (deploy/local/nginx.conf.template): only the shop's Host names reach a replica,
/// one hostile answer takes no replica out of the balancer, and oversized requests are a 4xx at nginx and at Kestrel.
/// </summary>
public sealed class BalancerEdgeTests(ITestOutputHelper output)
{
    private const int Normal = 20;

    [Fact]
    public async Task Nginx_RefusesAnUnknownHost_AndPassesTheShopsOwn()
    {
        var basePort = NginxBalancer.ConsecutiveFreePorts(2);
        await using var a = await FakeReplica.StartAsync(basePort, "web-1");
        await using var b = await FakeReplica.StartAsync(basePort + 1, "web-2");
        await using var balancer = await NginxBalancer.StartAsync(basePort, replicas: 2);
        var port = balancer.BaseAddress.Port;

        Assert.Equal(200, await RawStatusAsync(port, "GET / HTTP/1.1", $"Host: 127.0.0.1:{port}"));
        Assert.Equal(200, await RawStatusAsync(port, "GET / HTTP/1.1", "Host: localhost"));
        Assert.Equal(421, await RawStatusAsync(port, "GET / HTTP/1.1", "Host: evil.example"));
        Assert.Equal(421, await RawStatusAsync(port, "GET / HTTP/1.1", $"Host: evil.example:{port}"));
        Assert.Equal(421, await RawStatusAsync(port, "GET / HTTP/1.0"));
        Assert.Equal(200, await RawStatusAsync(port, "GET / HTTP/1.1", $"Host: 127.0.0.1:{port}", "X-Forwarded-Host: evil.example"));
        // X-Forwarded-Host is nginx's to set: a client's own is replaced by the (known) Host.
        Assert.Equal(0, a.Seen.Count(h => h.Contains("evil", StringComparison.Ordinal)) + b.Seen.Count(h => h.Contains("evil", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(20_000, 200)]
    [InlineData(200_000, 502)]
    public async Task OneHostileAnswer_TakesNoReplicaOut_NormalRequestsAllSucceedOnBothReplicas(int headerBytes, int hostileStatus)
    {
        var basePort = NginxBalancer.ConsecutiveFreePorts(2);
        await using var a = await FakeReplica.StartAsync(basePort, "web-1");
        await using var b = await FakeReplica.StartAsync(basePort + 1, "web-2");
        await using var balancer = await NginxBalancer.StartAsync(basePort, replicas: 2);
        using var client = new HttpClient { BaseAddress = balancer.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        // A header of 20 KB is within what the balancer takes (legitimate headers); 200 KB is not, and answers 502 alone.
        using (var hostile = await client.GetAsync(new Uri($"/hostile?bytes={headerBytes}", UriKind.Relative)))
        {
            Assert.Equal(hostileStatus, (int)hostile.StatusCode);
        }
        var answeredBy = new List<string>();
        for (var i = 0; i < Normal; i++)
        {
            using var response = await client.GetAsync(new Uri($"/page/{i}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answeredBy.Add(response.Headers.GetValues("X-Replica").Single());
        }

        output.WriteLine(string.Join(' ', answeredBy));
        Assert.True(answeredBy.Count(r => r == "web-1") >= Normal / 4 && answeredBy.Count(r => r == "web-2") >= Normal / 4, string.Join(' ', answeredBy));
    }

    [Fact]
    public async Task LongReturnUrl_ThroughNginx_IsAShortRedirect_AndBothRealReplicasKeepServing()
    {
        var basePort = NginxBalancer.ConsecutiveFreePorts(2);
        await using var a = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-1" }, basePort);
        await using var b = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-2" }, basePort + 1);
        await using var balancer = await NginxBalancer.StartAsync(basePort, replicas: 2);
        using var shopper = new ShopSession(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = balancer.BaseAddress });

        for (var i = 0; i < 2; i++)
        {
            using var hostile = await shopper.AddToCartAsync(-1, "1", "/p/" + new string('a', 10_000));
            Assert.Equal(HttpStatusCode.SeeOther, hostile.StatusCode);
            Assert.True(hostile.Headers.Location!.OriginalString.Length < 100, hostile.Headers.Location.OriginalString);
        }
        var answeredBy = new List<string>();
        for (var i = 0; i < Normal; i++)
        {
            using var response = await shopper.Client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answeredBy.Add(response.Headers.GetValues("X-Replica").Single());
        }
        Assert.Equal(["web-1", "web-2"], answeredBy.Distinct().Order());
    }

    [Theory]
    [InlineData("host", 6_000)]
    [InlineData("host", 20_000)]
    [InlineData("line", 20_000)]
    [InlineData("header", 40_000)]
    [InlineData("headers", 100)]
    public async Task OversizedRequests_AreA4xx_AtNginxAndAtKestrel(string part, int size)
    {
        var basePort = NginxBalancer.ConsecutiveFreePorts(2);
        await using var a = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-1" }, basePort);
        await using var b = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-2" }, basePort + 1);
        await using var balancer = await NginxBalancer.StartAsync(basePort, replicas: 2);
        var filler = new string('a', size);

        foreach (var port in new[] { balancer.BaseAddress.Port, a.Port })
        {
            string[] request = part switch
            {
                "host" => ["GET / HTTP/1.1", $"Host: {filler}.example"],
                "line" => [$"GET /search?q={filler} HTTP/1.1", $"Host: 127.0.0.1:{port}"],
                "header" => ["GET / HTTP/1.1", $"Host: 127.0.0.1:{port}", $"X-Filler: {filler}"],
                // 100 headers of 1 KB each.
                _ => ["GET / HTTP/1.1", $"Host: 127.0.0.1:{port}", .. Enumerable.Range(0, size).Select(i => $"X-Filler-{i}: {new string('b', 1_000)}")],
            };

            var status = await RawStatusAsync(port, request);

            output.WriteLine($"{part} {size} on {port}: {status}");
            Assert.InRange(status, 400, 499);
        }
        // Both replicas still answer.
        Assert.Equal(HttpStatusCode.OK, (await a.Client.GetAsync(new Uri("/healthz/live", UriKind.Relative))).StatusCode);
    }

    /// <summary>The status code of one raw HTTP/1.1 request (headers exactly as given: no client validation), or 0 if the connection closed.</summary>
    private static async Task<int> RawStatusAsync(int port, params string[] lines)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var request = string.Join("\r\n", lines.Append("Connection: close")) + "\r\n\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        }
        catch (IOException)
        {
            // The server answered and closed before reading everything: its answer is still there.
        }
        using var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return status is { Length: >= 12 } ? int.Parse(status.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// A stand-in replica for the balancer's own behaviour: names itself in X-Replica like the app and, on
    /// /hostile, answers with a header of the size asked for (what a bug or an echo of hostile input would send).
    /// </summary>
    private sealed class FakeReplica : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeReplica(WebApplication app) => _app = app;

        /// <summary>X-Forwarded-Host of every request it got.</summary>
        public List<string> Seen { get; } = [];

        public static async Task<FakeReplica> StartAsync(int port, string name)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var replica = new FakeReplica(app);
            app.Use((http, next) =>
            {
                lock (replica.Seen)
                {
                    replica.Seen.Add(http.Request.Headers["X-Forwarded-Host"].ToString());
                }
                http.Response.Headers["X-Replica"] = name;
                return next(http);
            });
            app.MapGet("/hostile", (int bytes, HttpContext http) =>
            {
                http.Response.Headers["X-Huge"] = new string('h', bytes);
                return "hostile";
            });
            app.MapGet("/{**rest}", () => "ok");
            await app.StartAsync();
            return replica;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
