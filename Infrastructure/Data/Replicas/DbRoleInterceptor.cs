using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace PeakShop.Infrastructure.Data.Replicas;

/// <summary>
/// Records which role ran each command, from the <c>in_hot_standby</c> parameter that
/// PostgreSQL 14+ reports on every connection: no extra round trip.
/// </summary>
public sealed class DbRoleInterceptor(DbMetrics metrics) : DbCommandInterceptor
{
    public static DbRole RoleOf(DbConnection? connection) =>
        connection is NpgsqlConnection npgsql
            && npgsql.PostgresParameters.TryGetValue("in_hot_standby", out var value)
            && value == "on"
            ? DbRole.Standby
            : DbRole.Primary;

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, eventData);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(command, eventData);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command, CommandEventData eventData)
    {
        var role = RoleOf(command.Connection);
        if (eventData.Context is ShopDbContext { Consistency: { } consistency })
        {
            consistency.RecordServed(role);
        }
        metrics.CommandExecuted(role, eventData.Context is ShopReadDbContext ? "read" : "write");
    }
}
