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
        NpgsqlException npgsql => npgsql.IsTransient,
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
        NpgsqlException { InnerException: IOException or System.Net.Sockets.SocketException or EndOfStreamException } => true,
        _ => false,
    };
}
