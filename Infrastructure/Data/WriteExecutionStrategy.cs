using Microsoft.EntityFrameworkCore.Storage;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// Retries a unit of work on the primary after a restart or failover broke its connection. EF rolls the
/// whole unit back and runs it again, so code that opens its own transaction wraps it in
/// <c>db.Database.CreateExecutionStrategy().ExecuteAsync(...)</c>.
/// </summary>
internal sealed class WriteExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.FromSeconds(1))
{
    protected override bool ShouldRetryOn(Exception exception) => DbFailures.IsTransient(exception);
}
