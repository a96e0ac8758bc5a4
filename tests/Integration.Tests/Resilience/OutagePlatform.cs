using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using PeakShop.Integration.Tests.Web.Storefront;
using PeakShop.Testing;

namespace PeakShop.Integration.Tests.Resilience;

/// <summary>
/// A platform instance of its own (PostgreSQL primary + standby and Redis on free ports, instance
/// <see cref="Instance"/>), migrated and seeded through the Jobs commands, with one Web process on it. The
/// outage tests stop its primary or its Redis; the "test" instance that every other test shares is never touched.
/// </summary>
public sealed class OutagePlatform : IAsyncLifetime
{
    public const string Instance = "resilience";
    public const string AdminEmail = "admin@resilience.example.com";
    public const string Password = StaffAccounts.Password;

    private readonly Dictionary<string, string> _platformEnvironment = new()
    {
        ["PEAKSHOP_INSTANCE"] = Instance,
    };
    private Dictionary<string, string> _connections = [];
    private WebProcess? _web;

    public WebProcess Web => _web ?? throw new InvalidOperationException("not started");

    /// <summary>How long each set-up step took (reported by the tests, so suite time stays visible).</summary>
    public string StartUpTimes => string.Join(", ", _steps.Select(s => $"{s.Step} {s.Took.TotalSeconds:0.0} s"));

    private readonly List<(string Step, TimeSpan Took)> _steps = [];

    public async Task InitializeAsync()
    {
        // Three consecutive free ports for the servers we start; the others are only validated by platform.sh.
        var first = TestPorts.FreeRun(3);
        _platformEnvironment["PG_PRIMARY_PORT"] = Port(first);
        _platformEnvironment["PG_STANDBY_PORT"] = Port(first + 1);
        _platformEnvironment["REDIS_PORT"] = Port(first + 2);
        _platformEnvironment["SMTP_PORT"] = Port(TestPorts.Free());
        _platformEnvironment["SMTP_UI_PORT"] = Port(TestPorts.Free());
        _platformEnvironment["CDN_PORT"] = Port(TestPorts.Free());
        _platformEnvironment["CDN_ORIGIN_PORT"] = Port(TestPorts.Free());

        await StepAsync("servers", async () =>
        {
            await PlatformAsync("destroy");
            await PlatformAsync("start-primary");
            await PlatformAsync("start-standby");
            await PlatformAsync("start-redis");
            _connections = ParseEnv(await PlatformAsync("env"));
        });
        await StepAsync("migrate", () => JobsCommandAsync(["migrate"]));
        // A small catalog (the tests need a few products, not the demo's 10,000) and the admin, side by side.
        await StepAsync("seed and staff", () => Task.WhenAll(
            JobsCommandAsync(["seed", "--products", "120"]),
            JobsCommandAsync(["create-staff", "--email", AdminEmail, "--role", "Admin"], ("password", Password))));
        await StepAsync("web", async () => _web = await WebProcess.StartAsync(null, new Dictionary<string, string>
        {
            ["ConnectionStrings:Shop"] = _connections["ConnectionStrings__Shop"],
            ["ConnectionStrings:Redis"] = _connections["ConnectionStrings__Redis"],
            ["Database:StandbyPollInterval"] = "00:00:00.100",
            // A shopper's security stamp is checked on every request, so the outage tests meet that check.
            ["Sessions:StampValidationInterval"] = "00:00:00",
        }));
    }

    private async Task StepAsync(string step, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        _steps.Add((step, clock.Elapsed));
    }

    public async Task DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
        await PlatformAsync("destroy");
    }

    public Task StopPrimaryAsync() => PlatformAsync("stop-primary");

    public Task StartPrimaryAsync() => PlatformAsync("start-primary");

    public Task StopStandbyAsync() => PlatformAsync("stop-standby");

    public Task StartStandbyAsync() => PlatformAsync("start-standby");

    public Task StartRedisAsync() => PlatformAsync("start-redis");

    /// <summary>Kills Redis (SIGKILL, no shutdown save): what survives is what its AOF had written.</summary>
    public async Task CrashRedisAsync()
    {
        var pidFile = Path.Combine(TestPaths.RepositoryRoot(), ".local", Instance, "redis", "redis.pid");
        using var redis = Process.GetProcessById(int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture));
        redis.Kill();
        await redis.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>A browser: its own cookies, no redirects followed, forms posted with their antiforgery token.</summary>
    internal ShopSession OpenBrowser() =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = Web.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        });

    /// <summary>A browser signed in as the instance's admin.</summary>
    internal async Task<ShopSession> SignInAdminAsync()
    {
        var admin = OpenBrowser();
        await admin.SignInAsync(AdminEmail, Password);
        return admin;
    }

    /// <summary>The readiness detail (management port): overall status and each check's.</summary>
    public async Task<(HttpStatusCode Status, string Overall, Dictionary<string, string> Checks)> ReadinessAsync()
    {
        using var response = await Web.ManagementClient.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString() ?? "");
        return (response.StatusCode, body.RootElement.GetProperty("status").GetString() ?? "", checks);
    }

    /// <summary>Polls readiness until <paramref name="check"/> reports <paramref name="status"/>.</summary>
    public async Task WaitForCheckAsync(string check, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var (_, _, checks) = await ReadinessAsync();
            if (checks.GetValueOrDefault(check) == status)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"readiness check '{check}' is {checks.GetValueOrDefault(check)}, not {status}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Products with stock on this instance's catalog, read from its primary.</summary>
    public async Task<IReadOnlyList<(int Id, string Slug, string Name)>> ProductsAsync(int count)
    {
        await using var connection = new NpgsqlConnection(PrimaryConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select id, slug, name from products where stock >= 50 and not is_archived order by id limit @count", connection);
        command.Parameters.AddWithValue("count", count);
        await using var reader = await command.ExecuteReaderAsync();
        var products = new List<(int, string, string)>();
        while (await reader.ReadAsync())
        {
            products.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }
        return products;
    }

    /// <summary>Product names on an order of this instance (by its number), read from its primary.</summary>
    public async Task<IReadOnlyList<string>> OrderLinesAsync(string orderNumber)
    {
        await using var connection = new NpgsqlConnection(PrimaryConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select l.name from order_lines l join orders o on o.id = l.order_id where o.number = @number order by l.name", connection);
        command.Parameters.AddWithValue("number", orderNumber);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    private string PrimaryConnectionString()
    {
        var builder = new NpgsqlConnectionStringBuilder(_connections["ConnectionStrings__Shop"]);
        builder.Host = builder.Host!.Split(',')[0];
        builder.Pooling = false;
        return builder.ConnectionString;
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> PlatformAsync(string command)
    {
        var script = Path.Combine(TestPaths.RepositoryRoot(), "deploy", "local", "platform.sh");
        var start = new ProcessStartInfo(script, command) { RedirectStandardOutput = true, RedirectStandardError = true };
        // Only this instance's settings: the shared instance's ports in our own environment must not leak in.
        foreach (var (key, value) in _platformEnvironment)
        {
            start.Environment[key] = value;
        }
        return await RunAsync(start, $"platform.sh {command}");
    }

    private async Task JobsCommandAsync(string[] arguments, params (string Key, string Value)[] extra)
    {
        var dll = Path.Combine(TestPaths.RepositoryRoot(), "artifacts", "bin", "Jobs", "debug", "PeakShop.Jobs.dll");
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Shop__PublicBaseUrl"] = "http://127.0.0.1:8080";
        foreach (var (key, value) in _connections.Where(c => c.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
        {
            start.Environment[key] = value;
        }
        foreach (var (key, value) in extra)
        {
            start.Environment[key] = value;
        }
        await RunAsync(start, $"Jobs {string.Join(' ', arguments)}");
    }

    private static async Task<string> RunAsync(ProcessStartInfo start, string what)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({process.ExitCode}): {await output}{await error}");
        }
        return await output;
    }

    /// <summary>The <c>export NAME="value"</c> lines of <c>platform.sh env</c>.</summary>
    private static Dictionary<string, string> ParseEnv(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal) && line.Contains('=', StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('"'));
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutagePlatform>
{
    public const string Name = "outages";
}
