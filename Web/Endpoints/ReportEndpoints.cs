using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Reports;

namespace PeakShop.Web.Endpoints;

/// <summary>Sales reports for staff: requested here, made by a job, downloaded as CSV.</summary>
public static class ReportEndpoints
{
    public static WebApplication MapShopReports(this WebApplication app)
    {
        var reports = app.MapGroup("/admin/reports").RequireAuthorization(ShopPolicies.Staff);
        reports.MapPost("", RequestReportAsync);
        reports.MapGet("/{id:long}", GetReportAsync);
        reports.MapGet("/{id:long}/csv", DownloadReportAsync);
        return app;
    }

    public sealed record ReportRequest(DateOnly? From, DateOnly? To);

    public sealed record ReportView(long Id, string Status, DateOnly From, DateOnly To, string RequestedBy, DateTimeOffset RequestedAt,
        DateTimeOffset? CompletedAt, int? OrderCount, decimal? Total, string? Error, string? CsvUrl);

    internal static async Task<Results<Accepted<ReportView>, ValidationProblem>> RequestReportAsync(
        ReportRequest request, ReportService service, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await service.RequestAsync(request.From, request.To, user.Identity?.Name ?? "unknown", cancellationToken);
        if (!result.Succeeded)
        {
            return TypedResults.ValidationProblem(result.Errors!, title: "The report range is not valid.");
        }
        var view = View(result.Report!);
        return TypedResults.Accepted($"/admin/reports/{view.Id}", view);
    }

    internal static async Task<Results<Ok<ReportView>, NotFound>> GetReportAsync(long id, ReportService service, CancellationToken cancellationToken) =>
        await service.FindAsync(id, cancellationToken) is { } report ? TypedResults.Ok(View(report)) : TypedResults.NotFound();

    internal static async Task<Results<FileContentHttpResult, NotFound, Conflict<ReportView>>> DownloadReportAsync(
        long id, ReportService service, CancellationToken cancellationToken)
    {
        var report = await service.FindAsync(id, cancellationToken);
        if (report is null)
        {
            return TypedResults.NotFound();
        }
        return report is { Status: ReportStatus.Done, Csv: { } csv }
            ? TypedResults.File(csv, "text/csv; charset=utf-8", $"sales-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv")
            : TypedResults.Conflict(View(report));
    }

    private static ReportView View(Report r) => new(r.Id, r.Status.ToString().ToLowerInvariant(), r.From, r.To, r.RequestedBy, r.RequestedAt,
        r.CompletedAt, r.OrderCount, r.Total, r.Error, r.Status == ReportStatus.Done ? $"/admin/reports/{r.Id}/csv" : null);
}
