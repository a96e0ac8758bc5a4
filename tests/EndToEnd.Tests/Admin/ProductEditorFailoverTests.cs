using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data;
using PeakShop.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>
/// A staff member's unsaved edit in the Interactive Server product editor survives the replica it was typed on:
/// two real Web processes (shared PostgreSQL, Redis and Data Protection keys) behind <see cref="ReplicaProxy"/>,
/// the first one stopped in the middle of the edit, the edit saved through the second.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProductEditorFailoverTests(BrowserFixture fixture, ITestOutputHelper output)
{

    /// <summary>Where the HybridCache L2 keeps a persisted circuit: the Redis instance name, then the circuit's protected secret.</summary>
    private const string PersistedCircuitKeys = "peakshop:CfDJ8*";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PausedCircuit_ResumesOnAnotherReplica_AfterTheFirstWasKilled_WithDraftAndConflict()
    {
        await using var editor = await EditorSession.OpenAsync(fixture, output);
        var unsaved = await editor.TypeUnsavedNameAsync();
        // Someone else saves first: the editor shows the conflict, which is [PersistentState] too.
        await editor.SaveElsewhereAsync(price: 249m);
        await editor.Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        var conflict = editor.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone else saved this product" });
        await conflict.WaitForAsync();

        var clock = Stopwatch.StartNew();
        Assert.True(await editor.Page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()"));
        output.WriteLine($"pause: {clock.ElapsedMilliseconds} ms");
        // The state is in the browser now: even SIGKILL (no shutdown code at all) loses nothing.
        editor.Proxy.RouteTo(editor.Second.Port);
        await editor.First.DisposeAsync();

        clock.Restart();
        Assert.True(await editor.Page.EvaluateAsync<bool>("() => Blazor.resumeCircuit()"));
        output.WriteLine($"resume on the other replica: {clock.ElapsedMilliseconds} ms; resume message {editor.LargestFrameSent} bytes");

        // The other replica renders the conflict from the resumed state, and its button works there.
        await editor.WaitForResumedRenderAsync();
        Assert.Contains("249.00", await conflict.InnerTextAsync(), StringComparison.Ordinal);
        await editor.Page.GetByRole(AriaRole.Button, new() { Name = "Save mine over it" }).ClickAsync();
        await editor.AssertSavedAsync(unsaved);
    }

    [Fact]
    public async Task ConnectedCircuit_IsPausedByItsReplicaOnSigterm_AndResumesOnAnother()
    {
        await using var editor = await EditorSession.OpenAsync(fixture, output);
        var unsaved = await editor.TypeUnsavedNameAsync();

        // A rolling update: the terminating replica leaves the load balancer, then gets SIGTERM.
        editor.Proxy.RouteTo(editor.Second.Port);
        var clock = Stopwatch.StartNew();
        var exited = await editor.First.TerminateAsync(Deadline);
        var report = await editor.First.WaitForOutputAsync("admin circuits paused", TimeSpan.FromSeconds(5));
        output.WriteLine($"SIGTERM to exit: {exited.TotalMilliseconds:F0} ms; {report}");
        Assert.Contains("1 of 1 connected admin circuits paused", report, StringComparison.Ordinal);

        // Nobody touches the page: admin-circuits.js resumes it wherever a replica answers.
        await editor.WaitForCircuitStateAsync("connected");
        output.WriteLine($"SIGTERM to resumed on the other replica: {clock.ElapsedMilliseconds} ms");

        await editor.SaveAndAssertStoredAsync(unsaved);
    }

    /// <summary>
    /// The same rolling update through the nginx that ./run.sh generates: cookie affinity pins the circuit's
    /// <c>/_blazor</c> connection to one replica; that replica is taken out of the balancer and gets SIGTERM, and the
    /// browser's reconnection is hashed to the other one, which resumes the editor with the draft.
    /// </summary>
    [Fact]
    public async Task ConnectedCircuit_BehindNginx_ResumesOnTheOtherReplica_WhenItsReplicaIsStopped()
    {
        await using var editor = await EditorSession.OpenAsync(fixture, output, throughNginx: true);
        var unsaved = await editor.TypeUnsavedNameAsync();
        var holder = editor.CircuitReplica;
        var (stopping, other) = holder == "web-1" ? (editor.First, editor.Second) : (editor.Second, editor.First);
        output.WriteLine($"circuit on {holder}");

        await editor.Balancer.TakeOutAsync(holder == "web-1" ? 1 : 2);
        await stopping.TerminateAsync(Deadline);
        var report = await stopping.WaitForOutputAsync("admin circuits paused", TimeSpan.FromSeconds(5));
        Assert.Contains("1 of 1 connected admin circuits paused", report, StringComparison.Ordinal);

        await editor.WaitForCircuitStateAsync("connected");
        Assert.Equal(other == editor.First ? "web-1" : "web-2", editor.CircuitReplica);
        await editor.SaveAndAssertStoredAsync(unsaved);
        // The circuit was pinned by nginx's affinity cookie (on /_blazor only), not by luck.
        Assert.True(await editor.HasAffinityCookieAsync(), "nginx set no ps_lb affinity cookie on /_blazor");
    }

    [Fact]
    public async Task HiddenTab_PausesItsCircuit_AndResumesOnAnotherReplicaWhenShownAgain()
    {
        await using var editor = await EditorSession.OpenAsync(fixture, output);
        var unsaved = await editor.TypeUnsavedNameAsync();

        var clock = Stopwatch.StartNew();
        await editor.SetVisibilityAsync("hidden");
        await editor.WaitForCircuitStateAsync("paused");
        output.WriteLine($"hidden to paused: {clock.ElapsedMilliseconds} ms (grace 200 ms)");
        // Paused means the replica forgot the circuit: it can go away without taking the form with it.
        editor.Proxy.RouteTo(editor.Second.Port);
        await editor.First.DisposeAsync();

        clock.Restart();
        await editor.SetVisibilityAsync("visible");
        await editor.WaitForCircuitStateAsync("connected");
        output.WriteLine($"visible to resumed on the other replica: {clock.ElapsedMilliseconds} ms");

        await editor.SaveAndAssertStoredAsync(unsaved);
    }

    [Fact]
    public async Task EvictedDisconnectedCircuit_IsPersistedInRedis_AndRestoredByAnotherReplica()
    {
        var redis = fixture.Services.GetRequiredService<IConnectionMultiplexer>();
        var server = redis.GetServers()[0];
        await using var editor = await EditorSession.OpenAsync(fixture, output);
        var unsaved = await editor.TypeUnsavedNameAsync();
        var before = await KeysAsync(server);

        // The network drops: the browser cannot hand anything over; the replica keeps the circuit for
        // DisconnectedRetention (1 s here), then evicts it into HybridCache, whose L2 is Redis.
        editor.Proxy.Cut();
        var persisted = await PollAsync(async () => (await KeysAsync(server)).Except(before).Cast<RedisKey?>().SingleOrDefault(), "a persisted circuit in Redis");
        var bytes = (await redis.GetDatabase().HashGetAsync(persisted!.Value, "data")).Length();
        output.WriteLine($"persisted circuit in Redis: {persisted.Value.ToString()[..24]}…, {bytes} bytes");
        Assert.True(bytes > 0);

        // The browser's reconnection finds another replica, which has never seen the circuit: it can only get it from Redis.
        editor.Proxy.RouteTo(editor.Second.Port);
        await PollAsync(async () => await redis.GetDatabase().KeyExistsAsync(persisted.Value) ? null : "taken", "the other replica taking the circuit from Redis");

        await editor.SaveAndAssertStoredAsync(unsaved);
    }

    private static async Task<HashSet<RedisKey>> KeysAsync(IServer server)
    {
        var keys = new HashSet<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: PersistedCircuitKeys))
        {
            keys.Add(key);
        }
        return keys;
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {Deadline} for {what}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Two replicas behind a proxy, a signed-in staff member's browser on the editor of a new product.</summary>
    private sealed class EditorSession : IAsyncDisposable
    {
        private static readonly Dictionary<string, string> Settings = new()
        {
            ["AdminCircuits:DisconnectedRetention"] = "00:00:01",
            ["AdminCircuits:IdlePauseAfter"] = "00:00:00.200",
        };

        private readonly BrowserFixture _fixture;
        private IBrowserContext? _context;

        private readonly ReplicaProxy? _proxy;
        private readonly NginxBalancer? _balancer;

        private EditorSession(BrowserFixture fixture, WebProcess first, WebProcess second, ReplicaProxy? proxy, NginxBalancer? balancer)
        {
            _fixture = fixture;
            First = first;
            Second = second;
            _proxy = proxy;
            _balancer = balancer;
        }

        public WebProcess First { get; }

        public WebProcess Second { get; }

        public ReplicaProxy Proxy => _proxy ?? throw new InvalidOperationException("this session runs behind nginx");

        public NginxBalancer Balancer => _balancer ?? throw new InvalidOperationException("this session runs behind the test proxy");

        /// <summary>The replica (X-Replica) that answered the latest <c>/_blazor</c> request: the one holding the circuit.</summary>
        public string? CircuitReplica { get; private set; }

        /// <summary>The affinity cookie nginx sets on the first <c>/_blazor</c> request, if the browser has it.</summary>
        public async Task<bool> HasAffinityCookieAsync() =>
            (await _context!.CookiesAsync()).Any(c => c.Name == "ps_lb" && c.Path == "/_blazor");

        public IPage Page { get; private set; } = null!;

        public int ProductId { get; private set; }

        /// <summary>The largest WebSocket message the page sent (a resume carries the circuit's state).</summary>
        public int LargestFrameSent { get; private set; }

        public static async Task<EditorSession> OpenAsync(BrowserFixture fixture, ITestOutputHelper output, bool throughNginx = false)
        {
            EditorSession session;
            if (throughNginx)
            {
                var basePort = NginxBalancer.ConsecutiveFreePorts(2);
                var replicas = await Task.WhenAll(
                    WebProcess.StartAsync(output, new Dictionary<string, string>(Settings) { ["Replica:Name"] = "web-1" }, basePort),
                    WebProcess.StartAsync(output, new Dictionary<string, string>(Settings) { ["Replica:Name"] = "web-2" }, basePort + 1));
                session = new EditorSession(fixture, replicas[0], replicas[1], null, await NginxBalancer.StartAsync(basePort, replicas: 2));
            }
            else
            {
                var replicas = await Task.WhenAll(WebProcess.StartAsync(output, Settings), WebProcess.StartAsync(output, Settings));
                session = new EditorSession(fixture, replicas[0], replicas[1], new ReplicaProxy(replicas[0].Port), null);
            }
            var email = await TestData.CreateStaffAsync(fixture.Services, ShopRoles.Staff, "editor");
            session.ProductId = await session.CreateProductAsync();
            var baseAddress = session._balancer?.BaseAddress ?? session.Proxy.BaseAddress;
            session._context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
            var page = session.Page = await session._context.NewPageAsync();
            page.Response += (_, response) =>
            {
                if (new Uri(response.Url).AbsolutePath.StartsWith("/_blazor", StringComparison.Ordinal))
                {
                    session.CircuitReplica = response.Headers.TryGetValue("x-replica", out var name) ? name : session.CircuitReplica;
                }
            };
            page.Console += (_, message) => Echo(output, $"[browser {message.Type}] {message.Text}");
            page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
                session.LargestFrameSent = Math.Max(session.LargestFrameSent, frame.Binary?.Length ?? frame.Text?.Length ?? 0);

            await page.GotoAsync("/account/login");
            await page.Locator("input[name='Input.Email']").FillAsync(email);
            await page.Locator("input[name='Input.Password']").FillAsync(TestData.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            await page.GotoAsync($"/admin/products/{session.ProductId}");
            return session;
        }

        /// <summary>
        /// Types a new name and leaves the field. A live circuit that took the edit marks the field as modified
        /// (Blazor's field CSS classes); until the circuit is up a keystroke is lost, so type again until it takes.
        /// </summary>
        public async Task<string> TypeUnsavedNameAsync()
        {
            var unsaved = "Unsaved " + Guid.NewGuid().ToString("N")[..8];
            var name = Page.GetByLabel("Name", new() { Exact = true });
            var deadline = DateTime.UtcNow + Deadline;
            while (!(await name.GetAttributeAsync("class") ?? "").Split(' ').Contains("modified") || await name.InputValueAsync() != unsaved)
            {
                Assert.True(DateTime.UtcNow < deadline, "the editor's circuit never took the edit");
                await name.FillAsync(unsaved);
                await name.PressAsync("Tab");
                await Task.Delay(200);
            }
            // Marks what this circuit rendered: a resumed circuit renders the editor afresh, without the mark.
            await Page.EvaluateAsync("() => document.querySelector('h1').dataset.renderedBy = 'first'");
            return unsaved;
        }

        /// <summary>
        /// Waits for the resumed circuit's first render. Until it arrives the page shows the old circuit's DOM, whose
        /// event handlers the new circuit does not know: a click then would be lost.
        /// </summary>
        public Task WaitForResumedRenderAsync() =>
            Page.WaitForFunctionAsync("() => !document.querySelector('h1[data-rendered-by]')", null,
                new PageWaitForFunctionOptions { Timeout = (float)Deadline.TotalMilliseconds, PollingInterval = 50 });

        public Task SetVisibilityAsync(string state) => Page.EvaluateAsync("""
            state => {
                Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
                document.dispatchEvent(new Event("visibilitychange"));
            }
            """, state);

        public async Task WaitForCircuitStateAsync(string state)
        {
            await Page.WaitForFunctionAsync("state => document.documentElement.dataset.circuit === state", state,
                new PageWaitForFunctionOptions { Timeout = (float)Deadline.TotalMilliseconds, PollingInterval = 50 });
        }

        /// <summary>The resumed form still holds the edit, and saving it stores it: the new replica has the draft.</summary>
        public async Task SaveAndAssertStoredAsync(string unsaved)
        {
            await WaitForResumedRenderAsync();
            Assert.Equal(unsaved, await Page.GetByLabel("Name", new() { Exact = true }).InputValueAsync());
            await Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await AssertSavedAsync(unsaved);
        }

        public async Task AssertSavedAsync(string unsaved)
        {
            try
            {
                await Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." }).WaitForAsync(new() { Timeout = (float)Deadline.TotalMilliseconds });
            }
            finally
            {
                await Page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserFixture.ScreenshotPath("admin-failover-" + Guid.NewGuid().ToString("N")[..6]), FullPage = true });
            }
            await using var scope = _fixture.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            Assert.Equal(unsaved, await db.Products.Where(p => p.Id == ProductId).Select(p => p.Name).SingleAsync());
        }

        private static void Echo(ITestOutputHelper output, string line)
        {
            try
            {
                output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // After the test: nobody is listening.
            }
        }

        /// <summary>Another staff member's save: the product's version moves on under the open editor.</summary>
        public async Task SaveElsewhereAsync(decimal price)
        {
            await using var scope = _fixture.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var product = await db.Products.SingleAsync(p => p.Id == ProductId);
            product.Price = price;
            await db.SaveChangesAsync();
        }

        public async ValueTask DisposeAsync()
        {
            if (_context is not null)
            {
                await _context.CloseAsync();
            }
            if (_proxy is not null)
            {
                await _proxy.DisposeAsync();
            }
            if (_balancer is not null)
            {
                await _balancer.DisposeAsync();
            }
            await First.DisposeAsync();
            await Second.DisposeAsync();
        }


        /// <summary>A product of its own (archived, so no storefront test ever sees it), with some images to make the state realistic.</summary>
        private async Task<int> CreateProductAsync()
        {
            await using var scope = _fixture.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var category = await db.Categories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            var brand = await db.Brands.OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
            var suffix = Guid.NewGuid().ToString("N")[..12];
            var product = new Product
            {
                Sku = "CIRCUIT-" + suffix.ToUpperInvariant(), Slug = "circuit-" + suffix, Name = "Circuit test " + suffix,
                Description = string.Join(' ', Enumerable.Repeat("A sturdy two-person tent for three seasons.", 20)),
                Price = 199m, Currency = "EUR", Stock = 7, BrandId = brand, CategoryId = category, IsArchived = true,
                CreatedAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), UpdatedAt = DateTimeOffset.UtcNow,
            };
            for (var i = 0; i < 4; i++)
            {
                product.Images.Add(new ProductImage { Path = $"img/products/placeholder-{i}.svg", AltText = $"View {i + 1} of the tent", Width = 800, Height = 800, SortOrder = i });
            }
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product.Id;
        }
    }
}
