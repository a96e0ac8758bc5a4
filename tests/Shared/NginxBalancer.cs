using System.Diagnostics;
using System.Globalization;

namespace PeakShop.Testing;

/// <summary>
/// nginx as ./run.sh runs it: the config rendered from deploy/local/nginx.conf.template by deploy/local/topology.sh
/// (round-robin, cookie affinity on <c>/_blazor</c>), in a folder of its own, in front of
/// <see cref="Replicas"/> Web processes listening on consecutive ports from a base port.
/// Shared by the integration and end-to-end tests (linked into both projects).
/// </summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    private readonly string _environment;

    private NginxBalancer(string environment, int port, int replicas, int webBasePort)
    {
        _environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Replicas = replicas;
        WebBasePort = webBasePort;
    }

    public Uri BaseAddress { get; }

    public int Replicas { get; }

    public int WebBasePort { get; }

    /// <summary>The port of replica <paramref name="n"/> (1-based), as topology.sh numbers them.</summary>
    public int ReplicaPort(int n) => WebBasePort + n - 1;

    /// <summary>Renders the config for <paramref name="replicas"/> replicas from <paramref name="webBasePort"/> and starts nginx on a free port.</summary>
    public static async Task<NginxBalancer> StartAsync(int webBasePort, int replicas)
    {
        var port = FreePort();
        var root = TestPaths.RepositoryRoot();
        var nginx = new NginxBalancer(
            $"ROOT='{root}' PEAKSHOP_INSTANCE=test-lb-{port} WEB_REPLICAS={replicas} WEB_BASE_PORT={webBasePort} PORT={port}",
            port, replicas, webBasePort);
        await nginx.RunAsync("nginx_render && nginx_start");
        return nginx;
    }

    /// <summary>
    /// Takes replica <paramref name="n"/> out of both upstreams (marked <c>down</c>) with a graceful reload, the first
    /// step of deploy/local/rolling-restart.sh. Open connections (a circuit's WebSocket) stay where they are.
    /// </summary>
    public Task TakeOutAsync(int n) =>
        RunAsync($"nginx_render {n.ToString(CultureInfo.InvariantCulture)} && nginx_reload && nginx_wait_old_workers 1");

    /// <summary>Every replica back in the balancer.</summary>
    public Task RestoreAsync() => RunAsync("nginx_render && nginx_reload");

    public async ValueTask DisposeAsync() =>
        await RunAsync("nginx_stop; rm -rf \"$NGINX_DIR\" \"$(dirname \"$NGINX_DIR\")\"");

    /// <summary>The first of <paramref name="count"/> free ports in a row: the topology numbers its replicas' ports from a base.</summary>
    public static int ConsecutiveFreePorts(int count) => TestPorts.FreeRun(count);

    private static int FreePort() => TestPorts.Free();

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
        if (bash.ExitCode != 0)
        {
            throw new InvalidOperationException($"{commands} failed ({bash.ExitCode}): {await stdout}{await stderr}");
        }
    }
}
