using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Reports;

public enum ReportStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>A requested sales report: its range (inclusive UTC days), its state and, when done, its CSV.</summary>
public sealed class Report
{
    public long Id { get; set; }
    public ReportStatus Status { get; set; }
    public required string RequestedBy { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public int? OrderCount { get; set; }
    public decimal? Total { get; set; }
    public byte[]? Csv { get; set; }
    public string? Error { get; set; }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> builder)
    {
        builder.ToTable("reports");
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.Total).HasPrecision(14, 2);
        builder.HasIndex(r => r.RequestedAt);
    }
}
