using System.Net;
using System.Net.Sockets;

namespace PeakShop.Testing;

/// <summary>
/// Ports for processes a test starts. They come from below Linux's ephemeral range (32768+): a port the kernel
/// handed out for "any free port" is also what it hands out as the source port of outgoing connections, so
/// another process's connection could take it between the check and the server's bind.
/// </summary>
public static class TestPorts
{
    private const int First = 20_000;
    private const int Last = 32_000;

    /// <summary>A port nothing listens on now.</summary>
    public static int Free() => FreeRun(1);

    /// <summary>The first of <paramref name="count"/> consecutive free ports (the topology numbers replicas from a base).</summary>
    public static int FreeRun(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(First, Last - count);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return first;
            }
        }
        throw new InvalidOperationException($"no {count} consecutive free ports between {First} and {Last}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
