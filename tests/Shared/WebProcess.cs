using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace PeakShop.Testing;

/// <summary>
/// A Web replica as its own OS process, the way production runs it: the built <c>PeakShop.Web.dll</c> with the
/// platform environment that ./test.sh exports, on a free port (or a given one), plus any settings.
/// Shared by the integration and end-to-end tests (linked into both projects).
/// </summary>
public sealed class WebProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ITestOutputHelper? _log;
    private bool _disposed;

    private WebProcess(Process process, int port, int managementPort, ITestOutputHelper? log)
    {
        _process = process;
        _log = log;
        Port = port;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        ManagementPort = managementPort;
        ManagementClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The second Kestrel endpoint (Management:Port): readiness detail and /metrics.</summary>
    public int ManagementPort { get; }

    public HttpClient ManagementClient { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public HttpClient Client { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote (stdout and stderr), in order.</summary>
    public IReadOnlyCollection<string> Output => _output;

    public static async Task<WebProcess> StartAsync(ITestOutputHelper? log, IReadOnlyDictionary<string, string>? settings = null, int? port = null)
    {
        var root = TestPaths.RepositoryRoot();
        var chosen = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(root, "artifacts", "bin", "Web", "debug", "PeakShop.Web.dll")])
        {
            WorkingDirectory = Path.Combine(root, "Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{chosen}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Replica__Name"] = $"test-{chosen}";
        var management = FreePort();
        start.Environment["Management__Port"] = management.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in TestRateLimits.Generous.Concat(settings ?? new Dictionary<string, string>()))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start)!;
        var replica = new WebProcess(process, chosen, management, log);
        process.OutputDataReceived += (_, e) => replica.Record(e.Data);
        process.ErrorDataReceived += (_, e) => replica.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                // Ready, not just live: the primary answers, so a test's first request does not race the start-up.
                using var ready = await replica.Client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return replica;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await replica.DisposeAsync();
                throw new InvalidOperationException($"Web process on port {chosen} did not start: {string.Join('\n', replica.Output.TakeLast(20))}");
            }
            await Task.Delay(100);
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Sends a POSIX signal (TERM: what Kubernetes and ./run.sh send; KILL: a crash).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed");
        }
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>Sends SIGTERM (what Kubernetes sends on a rolling update) and waits for the process to exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await SignalAsync("TERM");
        await WaitForExitAsync(timeout);
        return clock.Elapsed;
    }

    /// <summary>Waits until a line of the process's output contains <paramref name="text"/>.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var line = _output.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"port {Port}: no output containing '{text}'; last lines:\n{string.Join('\n', _output.TakeLast(20))}");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Client.Dispose();
        ManagementClient.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort() => TestPorts.Free();

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (_log is not null)
        {
            try
            {
                _log.WriteLine($"[{Port}] {line}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output helper no longer takes lines.
            }
        }
    }
}
