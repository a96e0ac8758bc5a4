using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Hosting;

/// <summary>
/// A Web replica as its own OS process (the build's PeakShop.Web.dll on the real platform), so a test can
/// signal it the way a balancer, Kubernetes or an operator does.
/// </summary>
internal sealed class WebReplicaProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WebReplicaProcess(Process process, int port, string name)
    {
        _process = process;
        Port = port;
        Name = name;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string Name { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public HttpClient Client { get; }

    /// <summary>What the process wrote to stderr and stdout.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static async Task<WebReplicaProcess> StartAsync(ITestOutputHelper output, IDictionary<string, string>? settings = null, string? name = null, int? port = null)
    {
        var root = TestPaths.RepositoryRoot();
        port ??= FreePort();
        name ??= $"test-{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(root, "artifacts", "bin", "Web", "debug", "PeakShop.Web.dll")])
        {
            WorkingDirectory = Path.Combine(root, "Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Replica__Name"] = name;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        var replica = new WebReplicaProcess(process, port.Value, name);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { replica.Log.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { replica.Log.Enqueue(e.Data); output.WriteLine($"[{name}] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
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
                throw new InvalidOperationException($"Web process {name} on port {port} did not become ready:\n{string.Join('\n', replica.Log)}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Sends a POSIX signal (TERM: the stop Kubernetes and ./run.sh send; KILL: a crash).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
