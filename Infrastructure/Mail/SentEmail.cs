using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Mail;

/// <summary>
/// The e-mail ledger: one row per business key (<c>order-confirmation:PS-2026-000123</c>). Reserved before
/// the SMTP conversation, marked sent after the server accepted the message, so a job that runs again
/// (a retry, a worker that died before Hangfire recorded success) sends nothing the second time.
/// </summary>
public sealed class SentEmail
{
    public required string Key { get; set; }
    public required string Recipient { get; set; }
    public required string Subject { get; set; }
    /// <summary>sending, sent, failed (will be retried) or rejected (the address is unusable).</summary>
    public required string Status { get; set; }
    /// <summary>The attempt that holds the reservation.</summary>
    public Guid Token { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? MessageId { get; set; }
    public string? Error { get; set; }
    /// <summary>When housekeeping may forget this key.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

public static class SentEmailStatus
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
}

internal sealed class SentEmailConfiguration : IEntityTypeConfiguration<SentEmail>
{
    public void Configure(EntityTypeBuilder<SentEmail> builder)
    {
        builder.ToTable("sent_emails");
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(200);
        builder.Property(e => e.Recipient).HasMaxLength(320);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.Status).HasMaxLength(16);
        builder.Property(e => e.MessageId).HasMaxLength(200);
        builder.HasIndex(e => e.ExpiresAt);
    }
}
