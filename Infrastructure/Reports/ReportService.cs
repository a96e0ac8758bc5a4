using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs.Outbox;

namespace PeakShop.Infrastructure.Reports;

public sealed record ReportRequestResult(Report? Report, IDictionary<string, string[]>? Errors)
{
    public bool Succeeded => Report is not null;
}

/// <summary>Requests sales reports (a row and its job, in one transaction) and reads them back.</summary>
public sealed class ReportService(ShopDbContext db, TimeProvider time)
{
    /// <summary>Longest range one report may cover.</summary>
    public const int MaxDays = 366;

    /// <summary>Why a range is refused, by field; null when it is fine.</summary>
    public static Dictionary<string, string[]>? Validate(DateOnly? from, DateOnly? to)
    {
        var errors = new Dictionary<string, string[]>();
        if (from is null)
        {
            errors["from"] = ["Enter the first day of the report (yyyy-MM-dd)."];
        }
        if (to is null)
        {
            errors["to"] = ["Enter the last day of the report (yyyy-MM-dd)."];
        }
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                errors["to"] = ["The last day must be on or after the first day."];
            }
            else if (t.DayNumber - f.DayNumber + 1 > MaxDays)
            {
                errors["to"] = [$"A report covers at most {MaxDays} days."];
            }
        }
        return errors.Count == 0 ? null : errors;
    }

    public async Task<ReportRequestResult> RequestAsync(DateOnly? from, DateOnly? to, string requestedBy, CancellationToken cancellationToken = default)
    {
        if (Validate(from, to) is { } errors)
        {
            return new ReportRequestResult(null, errors);
        }
        var now = time.GetUtcNow();
        var report = new Report { Status = ReportStatus.Queued, RequestedBy = requestedBy, From = from!.Value, To = to!.Value, RequestedAt = now };
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Reports.Add(report);
            await db.SaveChangesAsync(ct);
            db.OutboxMessages.Add(ShopOutbox.Create(OutboxKinds.SalesReport, new SalesReportPayload(report.Id), now));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        return new ReportRequestResult(report, null);
    }

    /// <summary>The most recent reports, newest first, without their CSV.</summary>
    public async Task<IReadOnlyList<Report>> RecentAsync(int count = 50, CancellationToken cancellationToken = default) =>
        await db.Reports.AsNoTracking().OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Take(count)
            .Select(r => new Report
            {
                Id = r.Id, Status = r.Status, RequestedBy = r.RequestedBy, From = r.From, To = r.To, RequestedAt = r.RequestedAt,
                StartedAt = r.StartedAt, CompletedAt = r.CompletedAt, OrderCount = r.OrderCount, Total = r.Total, Error = r.Error,
            })
            .ToListAsync(cancellationToken);

    /// <summary>From the primary: the caller polls for the job's writes.</summary>
    public Task<Report?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
}
