using System.Net.Sockets;
using Npgsql;

namespace PeakShop.Infrastructure.Data;

/// <summary>Which database errors mean "the server or the connection went away", not "the statement is wrong".</summary>
public static class DbFailures
{
    /// <summary>Worth retrying on a fresh connection: a restart, a failover, a dropped or frozen connection.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        // admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping or starting.
        PostgresException pg => pg.IsTransient || pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException npgsql => npgsql.IsTransient || IsUnreachable(npgsql),
        TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The connection itself is dead. A restarted server leaves every idle pooled connection dead too,
    /// and Npgsql does not check them on checkout, so the pools should be cleared.
    /// </summary>
    public static bool IsBrokenConnection(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException { InnerException: IOException or SocketException or EndOfStreamException } => true,
        _ => false,
    };

    /// <summary>
    /// No connection could be opened: refused, timed out, or (multi-host) no listed server is in the role asked
    /// for, e.g. no primary while the standby answers. Npgsql reports the last one as an <see cref="NpgsqlException"/>
    /// whose inner exceptions (an <see cref="AggregateException"/>) are the per-host failures.
    /// </summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        PrimaryUnavailableException => true,
        PostgresException pg => pg.SqlState is "57P03",
        NpgsqlException { InnerException: SocketException or TimeoutException or AggregateException } => true,
        NpgsqlException npgsql => npgsql.Message.Contains("suitable host", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>
    /// Somewhere in <paramref name="exception"/> (EF wraps it in retry-limit, update and "transient failure"
    /// exceptions) the database could not be reached or the connection died: the request cannot be served now,
    /// but will be when the server is back. A wrong statement or a constraint violation is not this.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        foreach (var inner in Chain(exception))
        {
            if (IsUnreachable(inner) || IsBrokenConnection(inner))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Somewhere in <paramref name="exception"/> a server could not be reached at all. Unlike a broken pooled
    /// connection (which a retry on a fresh connection fixes), this means the server is down.
    /// </summary>
    public static bool IsConnectFailure(Exception exception) => Chain(exception).Any(IsUnreachable);

    /// <summary>
    /// The server did not answer in time (connect, pool wait or statement timed out) and nothing says it is gone: no
    /// refused connection, no error from the server. A busy or a frozen server looks like this; a stopped one does not.
    /// </summary>
    public static bool IsTimeoutOnly(Exception exception)
    {
        var chain = Chain(exception).ToList();
        return chain.Any(e => e is TimeoutException)
            && !chain.Any(e => e is System.Net.Sockets.SocketException or PostgresException or PrimaryUnavailableException);
    }

    /// <summary>The exception and every inner exception, depth first (aggregates included).</summary>
    public static IEnumerable<Exception> Chain(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }
}

/// <summary>
/// The replica monitor sees no primary, so a write is refused before it waits for connect timeouts and retries.
/// Not transient: the execution strategy gives up at once and the request answers 503 (ADR 19).
/// </summary>
public sealed class PrimaryUnavailableException(string reason)
    : Exception($"The primary database is unavailable ({reason}); writes are refused until it is back.");
