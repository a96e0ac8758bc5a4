using System.ComponentModel.DataAnnotations;

namespace PeakShop.Infrastructure.Data;

public sealed record DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// Npgsql multi-host connection string, primary first (EF's create-database call uses the first host):
    /// <c>Host=primary:5432,standby:5432;Database=peakshop;...</c>. Defaults to <c>ConnectionStrings:Shop</c>.
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>A standby further behind the primary than this is skipped until it catches up.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MaxStandbyLag { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often each replica's WAL position is sampled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.020", "00:01:00")]
    public TimeSpan StandbyPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long a primary that stops answering the monitor's probes in time (timeouts, not refusals) still counts as
    /// up: a busy primary is slow, not gone, and taking it for down refuses every write (ADR 19). A refused connection
    /// or a server shutting down counts at once; a primary silent for longer than this counts as down. Longer than
    /// one failed probe of a hung server (1 s command timeout, then a cancel request with 1 s connect timeouts: ~3 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PrimarySlowGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Kept short: a frozen standby must not hang a shopper's page.</summary>
    [Range(1, 600)]
    public int ReadCommandTimeoutSeconds { get; set; } = 3;

    /// <summary>Connect timeout for reads; it also bounds the cancel request after a read timed out.</summary>
    [Range(1, 60)]
    public int ReadConnectTimeoutSeconds { get; set; } = 1;

    [Range(1, 3600)]
    public int WriteCommandTimeoutSeconds { get; set; } = 30;

    /// <summary>How long a read-your-writes token is honoured at most (it is dropped as soon as a standby catches up).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CausalTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
