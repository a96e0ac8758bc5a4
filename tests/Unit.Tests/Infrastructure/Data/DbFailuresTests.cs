using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Unit.Tests.Infrastructure.Data;

public sealed class DbFailuresTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        // Not answering in time: a connect, a pool wait or a statement that timed out (busy or frozen, not known to be gone).
        { new NpgsqlException("Timeout during connection attempt", new TimeoutException()), true },
        { new RetryLimitExceededException("retries", new NpgsqlException("The connection pool has been exhausted", new TimeoutException())), true },
        { new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")), true },
        { new TimeoutException(), true },
        // Gone: refused, shutting down, or the monitor already knows.
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)), false },
        { new NpgsqlException("No suitable host", new AggregateException(new TimeoutException(), new SocketException((int)SocketError.ConnectionRefused))), false },
        { new PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03"), false },
        { new PrimaryUnavailableException("primary unreachable"), false },
        // Neither: a broken stream is not a timeout.
        { new NpgsqlException("Exception while reading from stream", new EndOfStreamException()), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void IsTimeoutOnly_TellsASlowServer_FromOneThatIsGone(Exception failure, bool timeoutOnly) =>
        Assert.Equal(timeoutOnly, DbFailures.IsTimeoutOnly(failure));
}
