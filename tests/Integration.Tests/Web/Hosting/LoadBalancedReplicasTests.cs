using PeakShop.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using PeakShop.Integration.Tests.Web.Storefront;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// The stateless proof: two real Web processes behind nginx with the config ./run.sh generates
/// (deploy/local/nginx.conf.template, round-robin). One shopper registers, fills a cart and checks out while
/// requests alternate between the replicas; session, sign-in, antiforgery tokens and cart hold on both.
/// </summary>
public sealed class LoadBalancedReplicasTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task OneShopper_RegistersFillsCartAndChecksOut_WhileBothReplicasAnswer()
    {
        var product = await TestProducts.CreateAsync(factory.Services, stock: 20, name: "Load balanced lantern");
        await TestProducts.WaitVisibleOnStandbyAsync(factory.Services, product.Id);

        var basePort = ConsecutiveFreePorts();
        await using var a = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-1" }, basePort);
        await using var b = await WebProcess.StartAsync(output, new Dictionary<string, string> { ["Replica__Name"] = "web-2" }, basePort + 1);
        await using var balancer = await Nginx.StartAsync(basePort, WebProcess.FreePort());

        var seen = new List<string>();
        using var shopper = new ShopSession(new HttpClient(new BrowserHeaders(balancer.BaseAddress, seen)
        {
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() },
        })
        { BaseAddress = balancer.BaseAddress });

        await shopper.RegisterAsync($"lb-{Guid.NewGuid():N}@example.com");
        using (var added = await shopper.AddToCartAsync(product.Id, "2", $"/p/{product.Slug}"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
            Assert.Equal("/cart", ShopSession.PathOf(added));
        }
        for (var i = 0; i < 4; i++)
        {
            Assert.Contains("Load balanced lantern", await shopper.GetHtmlAsync("/cart"), StringComparison.Ordinal);
            Assert.Contains("Sign out", await shopper.GetHtmlAsync("/account/orders"), StringComparison.OrdinalIgnoreCase);
        }
        using var placed = await shopper.CheckoutAsync(email: "lb-checkout@example.com");
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var confirmation = ShopSession.PathOf(placed);
        Assert.StartsWith("/checkout/confirmation/", confirmation, StringComparison.Ordinal);
        var number = confirmation.Split('/').Last();
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains(number, await shopper.GetHtmlAsync(confirmation), StringComparison.Ordinal);
            Assert.Contains(number, await shopper.GetHtmlAsync("/account/orders"), StringComparison.Ordinal);
        }

        output.WriteLine($"{seen.Count} responses: {string.Join(" ", seen)}");
        Assert.Equal(["web-1", "web-2"], seen.Distinct().Order());
        Assert.True(seen.Count(r => r == "web-1") >= 4 && seen.Count(r => r == "web-2") >= 4, string.Join(" ", seen));
    }

    /// <summary>Two free ports in a row: the topology numbers its replicas' ports from a base.</summary>
    private static int ConsecutiveFreePorts()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = WebProcess.FreePort();
            try
            {
                using var next = new TcpListener(IPAddress.Loopback, port + 1);
                next.Start();
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }

    /// <summary>What a browser adds to a form post (Origin), and which replica answered each request.</summary>
    private sealed class BrowserHeaders(Uri origin, List<string> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get)
            {
                request.Headers.Add("Origin", origin.GetLeftPart(UriPartial.Authority));
            }
            var response = await base.SendAsync(request, cancellationToken);
            lock (seen)
            {
                seen.Add(response.Headers.TryGetValues("X-Replica", out var values) ? values.Single() : "(none)");
            }
            return response;
        }
    }

    /// <summary>nginx as ./run.sh runs it, through deploy/local/topology.sh, on its own instance folder.</summary>
    private sealed class Nginx : IAsyncDisposable
    {
        private readonly string _environment;

        private Nginx(string environment, int port)
        {
            _environment = environment;
            BaseAddress = new Uri($"http://127.0.0.1:{port}");
        }

        public Uri BaseAddress { get; }

        public static async Task<Nginx> StartAsync(int webBasePort, int port)
        {
            var root = TestPaths.RepositoryRoot();
            var nginx = new Nginx(
                $"ROOT='{root}' PEAKSHOP_INSTANCE=test-lb-{port} WEB_REPLICAS=2 WEB_BASE_PORT={webBasePort} PORT={port}", port);
            await nginx.RunAsync("nginx_render && nginx_start");
            return nginx;
        }

        public async ValueTask DisposeAsync()
        {
            await RunAsync("nginx_stop; rm -rf \"$NGINX_DIR\" \"$(dirname \"$NGINX_DIR\")\"");
        }

        private async Task RunAsync(string commands)
        {
            var root = TestPaths.RepositoryRoot();
            using var bash = Process.Start(new ProcessStartInfo("bash",
                ["-c", $"set -e; {_environment}; source '{Path.Combine(root, "deploy", "local", "topology.sh")}'; {commands}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var stdout = bash.StandardOutput.ReadToEndAsync();
            var stderr = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(bash.ExitCode == 0, $"{commands}: {await stdout}{await stderr}");
        }
    }
}
