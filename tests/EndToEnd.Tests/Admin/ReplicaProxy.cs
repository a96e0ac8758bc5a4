using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>
/// The load balancer in front of the Web replicas, reduced to what the circuit tests need. A connection stays on
/// the replica it was opened to (the affinity <c>/_blazor</c> needs); <see cref="RouteTo"/> sends new connections to
/// another replica (as when a terminating pod leaves the endpoints); <see cref="Cut"/> drops every open connection
/// and refuses new ones (a replica gone from the network) until the next <see cref="RouteTo"/>.
/// </summary>
internal sealed class ReplicaProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TcpClient, bool> _open = new();
    private readonly Task _accepting;
    private volatile int _upstream;

    public ReplicaProxy(int upstreamPort)
    {
        _upstream = upstreamPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public void RouteTo(int upstreamPort) => _upstream = upstreamPort;

    public void Cut()
    {
        _upstream = 0;
        foreach (var socket in _open.Keys)
        {
            Close(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var port = _upstream;
        using var server = new TcpClient();
        try
        {
            if (port == 0)
            {
                return;
            }
            await server.ConnectAsync(IPAddress.Loopback, port);
            _open[client] = true;
            _open[server] = true;
            var browserSide = client.GetStream();
            var replicaSide = server.GetStream();
            // Either side ending ends both, like a proxy would.
            await Task.WhenAny(PumpAsync(browserSide, replicaSide), PumpAsync(replicaSide, browserSide));
        }
        catch (SocketException)
        {
            // The replica is not listening (stopped): the browser sees the connection fail and retries.
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(server, out _);
            Close(client);
        }
    }

    private static async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
        }
    }

    /// <summary>An abortive close (RST), as when a replica or the network goes away.</summary>
    private static void Close(TcpClient socket)
    {
        try
        {
            if (socket.Client is { } raw)
            {
                raw.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        socket.Dispose();
    }
}
