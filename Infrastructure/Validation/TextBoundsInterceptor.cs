using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PeakShop.Infrastructure.Validation;

/// <summary>
/// The last line before the database: every added or modified string must fit its column's max length and hold no
/// NUL (PostgreSQL refuses it in text). Forms check both first and show a message; this makes sure a path that forgot
/// to (a new endpoint, an import) fails with <see cref="InputRejectedException"/> before a round trip, and nothing is stored.
/// </summary>
internal sealed class TextBoundsInterceptor : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    internal static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                CheckEntry(entry);
            }
        }
    }

    private static void CheckEntry(EntityEntry entry)
    {
        foreach (var property in entry.Properties)
        {
            if (property.CurrentValue is not string text
                || (entry.State == EntityState.Modified && !property.IsModified))
            {
                continue;
            }
            var name = $"{entry.Metadata.ClrType.Name}.{property.Metadata.Name}";
            if (property.Metadata.GetMaxLength() is { } max && text.Length > max)
            {
                throw new InputRejectedException($"{name} is {text.Length} characters long; at most {max} are stored.");
            }
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw new InputRejectedException($"{name} contains a NUL character.");
            }
        }
    }
}
