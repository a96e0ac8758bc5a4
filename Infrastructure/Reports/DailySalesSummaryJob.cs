using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Mail.Templates;

namespace PeakShop.Infrastructure.Reports;

public sealed record DailySummary(DateOnly Day, int Orders, int Items, decimal Revenue, string Currency, IReadOnlyList<CategoryTotal> TopCategories);

/// <summary>Yesterday's sales, e-mailed to the staff in <c>Jobs:DailySummaryRecipients</c> (recurring, once per UTC day).</summary>
public sealed class DailySalesSummaryJob(ShopReadDbContext read, EmailRenderer renderer, IdempotentMailer mailer, IOptions<JobsOptions> options, TimeProvider time)
{
    [Queue(JobQueues.Default)]
    [DisplayName("Daily sales summary")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
        await SendAsync(day, cancellationToken);
    }

    public async Task<DailySummary> SendAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var lines = await SalesReportJob.LoadAsync(read, day, day, cancellationToken);
        var total = SalesReportCsv.ByDay(lines).SingleOrDefault();
        var summary = new DailySummary(day, total?.Orders ?? 0, total?.Items ?? 0, total?.Total ?? 0m, "EUR",
            [.. SalesReportCsv.ByCategory(lines).Take(5)]);
        var html = await renderer.RenderAsync<DailySummaryEmail>(new Dictionary<string, object?> { [nameof(DailySummaryEmail.Summary)] = summary });
        var text = EmailTexts.DailySummary(summary);
        foreach (var recipient in options.Value.SummaryRecipients())
        {
            // One key per day and recipient: a rerun of the day sends nobody a second copy.
            await mailer.SendOnceAsync($"daily-summary:{day:yyyy-MM-dd}:{recipient.ToLowerInvariant()}",
                new EmailMessage(recipient, $"PeakShop sales {day:yyyy-MM-dd}", html, text), cancellationToken);
        }
        return summary;
    }
}
