using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PeakShop.Infrastructure.Api;

/// <summary>
/// A partner's API key (ADR 21). The secret is never stored: only its SHA-256, which is enough for a 256-bit random
/// secret (nobody can guess it, hash leaked or not), and cheap enough to check on every request.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    /// <summary>The public part of the key (<c>psk_&lt;KeyId&gt;_…</c>): shown in the admin list, names the rate-limit counter.</summary>
    public required string KeyId { get; set; }

    public required string Name { get; set; }

    public required byte[] SecretHash { get; set; }

    public required string[] Scopes { get; set; }

    /// <summary>Overrides <c>RateLimits:ApiPerKey</c> for this key (requests per minute); null keeps the default.</summary>
    public int? RequestsPerMinute { get; set; }

    public required string CreatedById { get; set; }

    public required string CreatedByEmail { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Updated at most every few minutes per replica (<see cref="ApiKeyStore"/>), so it is "about when".</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.Property(k => k.KeyId).HasMaxLength(ApiKeyFormat.KeyIdLength);
        builder.HasIndex(k => k.KeyId).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(ApiKeyForm.MaxNameLength);
        builder.Property(k => k.SecretHash).HasMaxLength(32);
        builder.Property(k => k.CreatedById).HasMaxLength(450);
        builder.Property(k => k.CreatedByEmail).HasMaxLength(256);
    }
}
