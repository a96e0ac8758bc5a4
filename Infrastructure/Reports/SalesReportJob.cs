using System.ComponentModel;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;

namespace PeakShop.Infrastructure.Reports;

/// <summary>Builds a requested sales report (Hangfire, queue <c>reports</c>): reads on a standby, stores the CSV on the primary.</summary>
public sealed partial class SalesReportJob(ShopDbContext db, ShopReadDbContext read, TimeProvider time, ILogger<SalesReportJob> logger)
{
    [Queue(JobQueues.Reports)]
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [30, 120])]
    [DisplayName("Sales report {0}")]
    public async Task RunAsync(long reportId, CancellationToken cancellationToken)
    {
        var report = await db.Reports.SingleOrDefaultAsync(r => r.Id == reportId, cancellationToken)
            ?? throw new PermanentJobFailureException($"report {reportId} does not exist");
        if (report.Status == ReportStatus.Done)
        {
            return;
        }
        report.Status = ReportStatus.Running;
        report.StartedAt = time.GetUtcNow();
        report.Error = null;
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var lines = await LoadAsync(read, report.From, report.To, cancellationToken);
            report.Csv = SalesReportCsv.Write(lines);
            report.OrderCount = lines.Select(l => l.OrderNumber).Distinct().Count();
            report.Total = SalesReportCsv.ByDay(lines).Sum(d => d.Total);
            report.Status = ReportStatus.Done;
            report.CompletedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            LogDone(logger, reportId, report.OrderCount.Value);
        }
        catch (Exception ex)
        {
            report.Status = ReportStatus.Failed;
            report.Error = ex.Message;
            report.CompletedAt = time.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Every line of every order created in [from, to] (UTC days), oldest first.</summary>
    public static async Task<List<SalesLine>> LoadAsync(ShopDbContext source, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rows = await (
            from o in source.Orders
            where o.CreatedAt >= start && o.CreatedAt < end
            from l in source.OrderLines.Where(l => l.OrderId == o.Id)
            join p in source.Products on l.ProductId equals p.Id into products
            from p in products.DefaultIfEmpty()
            join c in source.Categories on p.CategoryId equals c.Id into categories
            from c in categories.DefaultIfEmpty()
            orderby o.CreatedAt, o.Id, l.Id
            select new { o.Number, o.CreatedAt, o.Status, o.ShippingTotal, o.Total, l.Sku, l.Name, Category = c == null ? null : c.Name, l.Quantity, l.UnitPrice, l.LineTotal })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new SalesLine(r.Number, r.CreatedAt, r.Status.ToString(), r.ShippingTotal, r.Total,
            r.Sku, r.Name, r.Category ?? "(no category)", r.Quantity, r.UnitPrice, r.LineTotal))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sales report {Id} done: {Orders} orders")]
    private static partial void LogDone(ILogger logger, long id, int orders);
}
